package io.wasmudf.bench;

import io.wasmudf.pljava.PgBackend;
import io.wasmudf.sql.CacheLimits;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.bench.common.PlainJava;
import io.wasmudf.sql.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 4 through the PostgreSQL bridge path, in this JVM: the bridge's code below the PL/Java
 * boundary ({@code PgBackend.call}, its per-backend instance cache and its store in
 * {@code wasmudf.wasmudf_plugins}) runs here over pgjdbc against a real server, on every row of
 * {@code SELECT body FROM posts} (100,000 rows, streamed 10,000 at a time), summing the output
 * lengths. Contenders: {@code scan} (sum of body lengths: the row transfer by itself),
 * {@code java} (plain Java count_vowels on each row), {@code bridge} (the bridge, compiler mode).
 * In-server PL/Java would save the row transfer but add PL/Java's own per-call crossing.
 *
 * <p>Needs {@code WASMUDF_TEST_PG_URL} (or {@code -Dwasmudf.test.pg.url}); uses a database of its
 * own, {@code wasmudf_bench}, made if missing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PgBench {
    @Param({"scan", "java", "bridge"})
    public String contender;

    private Connection conn;
    private PgBackend backend;

    static String url() {
        String u = System.getProperty("wasmudf.test.pg.url");
        if (u == null || u.isBlank()) {
            u = System.getenv("WASMUDF_TEST_PG_URL");
        }
        if (u == null || u.isBlank()) {
            throw new IllegalStateException("PgBench needs WASMUDF_TEST_PG_URL (source .ci/start-postgres.sh)");
        }
        return u;
    }

    /** The same server, database wasmudf_bench. */
    static String benchUrl(String url) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int q = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + "wasmudf_bench" + (q < 0 ? "" : url.substring(q));
    }

    @Setup
    public void setup() throws Exception {
        String url = url();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'wasmudf_bench'")) {
            if (!rs.next()) {
                st.execute("CREATE DATABASE wasmudf_bench");
            }
        }
        conn = DriverManager.getConnection(benchUrl(url));
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS posts");
            st.execute("CREATE TABLE posts(id int PRIMARY KEY, body text)");
            // The plug-in store (jdbc-core's PostgreSQL DDL) in schema wasmudf, as install.sql puts it.
            st.execute("DROP SCHEMA IF EXISTS wasmudf CASCADE");
            st.execute("CREATE SCHEMA wasmudf");
            st.execute("SET search_path = wasmudf, public");
            for (String sql : Dialect.POSTGRES.createStore()) {
                st.execute(sql);
            }
        }
        conn.setAutoCommit(false);
        Posts.insert(conn);
        try (Statement st = conn.createStatement()) {
            st.execute("ANALYZE posts");
        }
        conn.commit();
        if (contender.equals("bridge")) {
            backend = new PgBackend("bench", CacheLimits.defaults(), false);
            backend.register(conn, "count_vowels", Inputs.benchWasm(), null);
            conn.commit();
        }
        long expected = contender.equals("scan") ? 100L * Inputs.ROWS : H2Bench.javaTotal();
        long got = query();
        if (got != expected) {
            throw new IllegalStateException(contender + ": total is " + got + ", the plain Java total is " + expected);
        }
    }

    @Benchmark
    public long query() throws SQLException {
        long total = 0;
        try (Statement st = conn.createStatement()) {
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery("SELECT body FROM posts")) {
                switch (contender) {
                    case "scan":
                        while (rs.next()) {
                            total += rs.getString(1).length();
                        }
                        break;
                    case "java":
                        while (rs.next()) {
                            total += PlainJava.countVowelsSql(rs.getString(1)).length();
                        }
                        break;
                    default:
                        while (rs.next()) {
                            total += backend.call(conn, "count_vowels", rs.getString(1)).length();
                        }
                }
            }
        }
        conn.commit();
        return total;
    }

    @TearDown
    public void close() throws Exception {
        if (backend != null) {
            backend.close();
        }
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS posts");
            st.execute("DROP SCHEMA IF EXISTS wasmudf CASCADE");
        }
        conn.commit();
        conn.close();
    }
}
