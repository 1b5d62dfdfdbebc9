package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the plug-in corpus ({@code plugins/} at the repository root) from a test. */
public final class Corpus {
    private Corpus() {
    }

    /** The repository root: system property {@code wasmudf.repo.root}, else the first parent holding {@code plugins/}. */
    public static Path root() {
        String prop = System.getProperty("wasmudf.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "plugins"))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("plugins"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the plugins/ folder above " + Path.of("").toAbsolutePath());
    }

    public static Path plugins() {
        return root().resolve("plugins");
    }

    /** A built module, {@code plugins/wasm/NAME}. */
    public static Path wasmPath(String name) {
        Path p = plugins().resolve("wasm").resolve(name);
        assumeTrue(Files.exists(p), "corpus module " + name + " is missing: run plugins/build.sh");
        return p;
    }

    public static byte[] wasm(String name) {
        try {
            return Files.readAllBytes(wasmPath(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
