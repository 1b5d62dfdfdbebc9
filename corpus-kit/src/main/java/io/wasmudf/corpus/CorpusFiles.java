package io.wasmudf.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the corpus lives: {@code plugins/} at the repository root. A missing file is an error, not
 * a reason to skip: the modules and recordings are committed, so a test that cannot find one is
 * looking in the wrong place or the checkout is broken.
 */
public final class CorpusFiles {
    private CorpusFiles() {
    }

    /** The repository root: system property {@code wasmudf.repo.root}, else the first parent holding {@code plugins/}. */
    public static Path root() {
        String prop = System.getProperty("wasmudf.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "plugins"))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("plugins")) && Files.isRegularFile(p.resolve("plugins/cases.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the plugins/ folder above " + Path.of("").toAbsolutePath());
    }

    public static Path plugins() {
        return root().resolve("plugins");
    }

    /** A built module, {@code plugins/wasm/NAME}; fails when it is missing. */
    public static Path wasmPath(String name) {
        return existing(plugins().resolve("wasm").resolve(name), "run plugins/build.sh");
    }

    public static byte[] wasm(String name) {
        return read(wasmPath(name));
    }

    static Path existing(Path p, String hint) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("corpus file " + p + " is missing (" + hint + ")");
        }
        return p;
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
