package io.wasmudf.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Loads every case of {@code plugins/cases.json} with its recording from {@code plugins/expected/results.json}. */
public final class Corpus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Corpus() {
    }

    /** One case by id, with its recording (for tests that check SQL results against single recorded calls). */
    public static CorpusCase find(String id) {
        for (CorpusCase c : load()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no corpus case " + id + " in plugins/cases.json");
    }

    public static List<CorpusCase> load() {
        Path plugins = CorpusFiles.plugins();
        try {
            JsonNode cases = JSON.readTree(CorpusFiles.existing(plugins.resolve("cases.json"), "the corpus is committed").toFile());
            JsonNode results = JSON.readTree(CorpusFiles.existing(plugins.resolve("expected/results.json"),
                    "run python3 plugins/record_expected.py").toFile()).get("results");
            List<CorpusCase> out = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (JsonNode c : cases) {
                CorpusCase k = CorpusCase.parse(c, results);
                if (!ids.add(k.id())) {
                    throw new IllegalStateException("duplicate case id " + k.id());
                }
                out.add(k);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
