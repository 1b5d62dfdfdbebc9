package io.wasmudf.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the per-statement version check costs on H2: with the cached prepared statement, and
 * preparing it again per check (as H2's fresh connection wrapper per function call would force).
 * In jdbc-core's package for the store's package-private query. Was a timing loop in jdbc-core's
 * unit tests; timing belongs here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VersionCheckBench {
    private static final AtomicInteger DBS = new AtomicInteger();
    private PluginStore store;
    private Connection conn;
    private PreparedStatement cached;

    @Setup
    public void setup() throws Exception {
        store = PluginStore.builder(Dialect.H2).build();
        conn = DriverManager.getConnection("jdbc:h2:mem:version_bench" + DBS.incrementAndGet(), "sa", "");
        store.createStore(conn);
        String root = System.getProperty("wasmudf.repo.root", ".");
        store.register(conn, "a", Files.readAllBytes(Path.of(root, "pljava-bridge/src/test/resources/fixtures/fixture-v1.wasm")), null);
        cached = conn.prepareStatement(PluginStore.VERSION_SQL);
    }

    @TearDown
    public void tearDown() throws Exception {
        cached.close();
        conn.close();
    }

    @Benchmark
    public long cachedStatement() throws Exception {
        return store.version(cached, "a");
    }

    @Benchmark
    public long preparedPerCheck() throws Exception {
        try (PreparedStatement ps = conn.prepareStatement(PluginStore.VERSION_SQL)) {
            return store.version(ps, "a");
        }
    }
}
