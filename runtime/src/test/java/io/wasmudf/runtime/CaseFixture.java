package io.wasmudf.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The file tree a corpus case names with {@code "fixture"}: {@code plugins/fixtures/NAME.json} built
 * in a fresh temporary directory (links cannot live in git), the same way {@code record_expected.py}
 * builds it, and deleted afterwards. {@code ${FIXTURE}} in an {@code allowed_paths} key is its root.
 */
final class CaseFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;

    private CaseFixture(Path root) {
        this.root = root;
    }

    /** The case's fixture, or one with no directory when the case names none. */
    static CaseFixture forCase(JsonNode c, Path plugins) throws IOException {
        if (!c.hasNonNull("fixture")) {
            return new CaseFixture(null);
        }
        String name = c.get("fixture").asText();
        JsonNode spec = JSON.readTree(plugins.resolve("fixtures").resolve(name + ".json").toFile());
        Path root = Files.createTempDirectory("wasmudf-" + name + "-").toRealPath();
        for (JsonNode e : spec.get("entries")) {
            Path p = root.resolve(e.get("path").asText());
            Files.createDirectories(p.getParent());
            if (e.has("file")) {
                Files.writeString(p, e.get("file").asText(), StandardCharsets.UTF_8);
            } else if (e.has("symlink")) {
                Files.createSymbolicLink(p, Path.of(e.get("symlink").asText().replace("${ROOT}", root.toString())));
            } else if (e.has("hardlink")) {
                Files.createLink(p, root.resolve(e.get("hardlink").asText()));
            } else if (e.has("dir")) {
                Files.createDirectories(p);
            }
        }
        return new CaseFixture(root);
    }

    /** An {@code allowed_paths} host path with {@code ${FIXTURE}} replaced. */
    String substitute(String hostPath) {
        return root == null ? hostPath : hostPath.replace("${FIXTURE}", root.toString());
    }

    @Override
    public void close() {
        if (root == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
