package io.wasmudf.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * What the SQL read path's version check costs (the one PostgreSQL's bridge uses; H2 reads through
 * its engine instead), run here on H2: with the connection state's cached prepared statement, and
 * preparing it again per check (a new connection state each time). Was a timing loop in
 * jdbc-core's unit tests; timing belongs here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VersionCheckBench {
    private static final AtomicInteger DBS = new AtomicInteger();
    private PluginStore store;
    private Connection conn;
    private StoreReads reads;
    private ConnectionState kept;

    @Setup
    public void setup() throws Exception {
        store = PluginStore.builder(Dialect.H2).build();
        conn = DriverManager.getConnection("jdbc:h2:mem:version_bench" + DBS.incrementAndGet(), "sa", "");
        store.createStore(conn);
        String root = System.getProperty("wasmudf.repo.root", ".");
        store.register(conn, "a", Files.readAllBytes(Path.of(root, "pljava-bridge/src/test/resources/fixtures/fixture-v1.wasm")), null);
        reads = new SqlStoreReads(Dialect.H2);
        kept = new ConnectionState(new InstanceCache("kept", CacheLimits.defaults()));
    }

    @TearDown
    public void tearDown() throws Exception {
        kept.close();
        conn.close();
    }

    @Benchmark
    public long cachedStatement() throws Exception {
        return reads.version(conn, kept, "a").version;
    }

    @Benchmark
    public long preparedPerCheck() throws Exception {
        try (ConnectionState fresh = new ConnectionState(new InstanceCache("fresh", CacheLimits.defaults()))) {
            return reads.version(conn, fresh, "a").version;
        }
    }
}
