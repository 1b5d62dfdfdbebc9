package io.wasmudf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;

/** The corpus and what the official Extism runtime answered for it (plugins/expected/results.json). */
final class Recorded {
    private static JsonNode results;

    private Recorded() {
    }

    static Path root() {
        String p = System.getProperty("wasmudf.repo.root");
        return p != null ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
    }

    static String wasm(String name) {
        return root().resolve("plugins/wasm").resolve(name).toString();
    }

    /** The output of call {@code n} (from 0) of a corpus case. */
    static byte[] output(String id, int n) {
        return Base64.getDecoder().decode(outcome(id, n).get("output_b64").asText());
    }

    /** The error message of call {@code n} (from 0) of a corpus case. */
    static String error(String id, int n) {
        return outcome(id, n).get("error").asText();
    }

    private static synchronized JsonNode outcome(String id, int n) {
        try {
            if (results == null) {
                results = new ObjectMapper().readTree(root().resolve("plugins/expected/results.json").toFile()).get("results");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode c = results.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no recorded case " + id);
        }
        return c.get(n);
    }
}
