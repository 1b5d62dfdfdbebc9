package io.wasmudf.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/** An H2 database standing in for any JDBC store, and the kernel-ABI fixture module. */
final class CoreTestSupport {
    private static final AtomicInteger DBS = new AtomicInteger();

    private CoreTestSupport() {
    }

    static Connection newDatabase(PluginStore store) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:core" + DBS.incrementAndGet(), "sa", "");
        store.createStore(c);
        return c;
    }

    static byte[] fixture(String version) {
        return read("pljava-bridge/src/test/resources/fixtures/fixture-" + version + ".wasm");
    }

    /** A module of the corpus, {@code plugins/wasm/NAME}. */
    static byte[] corpus(String name) {
        return read("plugins/wasm/" + name);
    }

    private static byte[] read(String relative) {
        Path root = null;
        String prop = System.getProperty("wasmudf.repo.root");
        if (prop != null) {
            root = Path.of(prop);
        } else {
            for (Path p = Path.of("").toAbsolutePath(); p != null && root == null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("jdbc-core"))) {
                    root = p;
                }
            }
        }
        if (root == null) {
            throw new IllegalStateException("cannot find the repository root");
        }
        Path f = root.resolve(relative);
        if (!Files.exists(f)) {
            throw new IllegalStateException("fixture " + f + " is missing (it is committed: the checkout is broken)");
        }
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
