package io.wasmudf.h2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wasm modules for the tests: the plug-in corpus ({@code plugins/wasm/}) and the small kernel-ABI
 * fixture committed beside the PL/Java bridge's tests ({@code fixture.wat}: echo, upper, count,
 * tag, fail, spin, boom, grow; v1 and v2 differ only in the tag).
 */
final class TestModules {
    private TestModules() {
    }

    static Path root() {
        String prop = System.getProperty("wasmudf.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "runtime"))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("runtime")) && Files.isDirectory(p.resolve("h2-extension"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }

    static byte[] fixture(String version) {
        return read(root().resolve("pljava-bridge/src/test/resources/fixtures/fixture-" + version + ".wasm"));
    }

    /** A module of {@code plugins/hostile/wasm/} (spin, start_loop, hostile, ...). */
    static byte[] hostile(String file) {
        return read(root().resolve("plugins/hostile/wasm").resolve(file));
    }

    static byte[] corpus(String file) {
        return read(root().resolve("plugins/wasm").resolve(file));
    }

    static Path corpusPath(String file) {
        Path p = root().resolve("plugins/wasm").resolve(file);
        if (!Files.exists(p)) {
            throw new IllegalStateException("corpus module " + p + " is missing: run plugins/build.sh");
        }
        return p;
    }

    private static byte[] read(Path p) {
        if (!Files.exists(p)) {
            throw new IllegalStateException("test module " + p + " is missing (it is committed: the checkout is broken)");
        }
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
