package io.wasmudf.pljava;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.net.URISyntaxException;

/** The test plug-ins built from src/test/resources/fixtures/fixture.wat. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] v1() {
        return read("fixture-v1.wasm");
    }

    static byte[] v2() {
        return read("fixture-v2.wasm");
    }

    static Path v1Path() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/fixture-v1.wasm").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource fixtures/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
