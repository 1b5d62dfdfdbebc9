package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.bench.common.PlainJava;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.WasmEngine;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * Workload 4 in embedded H2: {@code SELECT SUM(LENGTH(f(body))) FROM posts} over 100,000 rows of
 * 100-byte text, f being count_vowels as
 * <ul>
 *   <li>{@code scan}: no function at all, {@code SUM(LENGTH(body))} (what the query costs by itself);
 *   <li>{@code java}: a plain Java alias ({@link PlainJava#countVowelsSql});
 *   <li>{@code wasm_call}: the product, {@code wasm_call('count_vowels', body)} installed by the H2
 *       extension, compiler mode;
 *   <li>{@code runtime_alias}: an alias straight onto one warm runtime {@code Plugin} (no store, no
 *       per-connection cache: what {@code wasm_call} could cost at best).
 * </ul>
 * One operation is one query; divide by 100,000 for per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class H2Bench {
    @Param({"scan", "java", "wasm_call", "runtime_alias"})
    public String contender;

    private Connection conn;
    private PreparedStatement query;
    static Plugin direct;

    @Setup
    public void setup() throws Exception {
        conn = BenchH2.open("bench_" + contender);
        Posts.createInH2(conn, Inputs.ROWS);
        String f;
        try (Statement st = conn.createStatement()) {
            switch (contender) {
                case "scan":
                    f = "body";
                    break;
                case "java":
                    st.execute("CREATE ALIAS java_count_vowels FOR 'io.wasmudf.bench.common.PlainJava.countVowelsSql'");
                    f = "java_count_vowels(body)";
                    break;
                case "runtime_alias":
                    direct = Contenders.warm(Contenders.compile(WasmEngine.shared(), Inputs.benchWasm(), "compiler"));
                    st.execute("CREATE ALIAS direct_count_vowels FOR 'io.wasmudf.bench.H2Bench.directCountVowels'");
                    f = "direct_count_vowels(body)";
                    break;
                case "wasm_call":
                    installExtension(conn);
                    try (PreparedStatement ps = conn.prepareStatement("CALL wasm_register('count_vowels', ?)")) {
                        ps.setBytes(1, Inputs.benchWasm());
                        ps.execute();
                    }
                    f = "wasm_call('count_vowels', body)";
                    break;
                default:
                    throw new IllegalArgumentException(contender);
            }
        }
        query = conn.prepareStatement("SELECT SUM(LENGTH(" + f + ")) FROM posts");
        long expected = contender.equals("scan") ? 100L * Inputs.ROWS : javaTotal();
        long got = run();
        if (got != expected) {
            throw new IllegalStateException(contender + ": SUM is " + got + ", the plain Java total is " + expected);
        }
    }

    static long javaTotal() {
        long t = 0;
        for (int i = 0; i < Inputs.ROWS; i++) {
            t += PlainJava.countVowelsSql(Inputs.rowBody(i)).length();
        }
        return t;
    }

    static void installExtension(Connection c) throws SQLException {
        io.wasmudf.h2.WasmUdf.install(c);
    }

    public static String directCountVowels(String body) {
        return body == null ? null : new String(direct.call("count_vowels", body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private long run() throws SQLException {
        return BenchH2.firstLong(query);
    }

    @Benchmark
    public long query() throws SQLException {
        return run();
    }

    @TearDown
    public void close() throws SQLException {
        BenchH2.dropAndClose(conn);
        if (direct != null) {
            direct.close();
            direct = null;
        }
    }
}
