package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.bench.common.PlainPdkVowels;
import io.wasmudf.runtime.Manifest;
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
 * H2 on a real PDK plug-in: {@code SELECT SUM(LENGTH(f(body))) FROM posts} over 200,000 rows of
 * 100-byte text, f being the corpus's Rust-PDK {@code rs_count_vowels} ({@code plugins/wasm/rs_udf.wasm}:
 * extism-pdk, serde_json, a config read, a var read and write per call; input and output through
 * the 8-byte kernel calls) as
 * <ul>
 *   <li>{@code scan}: no function, {@code SUM(LENGTH(body))};
 *   <li>{@code java}: a plain Java alias building the same JSON ({@link PlainPdkVowels});
 *   <li>{@code wasm_call}: the product, {@code wasm_call('rs_udf.rs_count_vowels', body)};
 *   <li>{@code runtime_alias}: an alias straight onto one warm runtime {@code Plugin} (no SQL glue).
 * </ul>
 * One operation is one query; divide by 200,000 for per row. Setup checks the first query's sum
 * against the plain Java alias's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class H2PdkBench {
    static final int ROWS = 200_000;

    @Param({"scan", "java", "wasm_call", "runtime_alias"})
    public String contender;

    private Connection conn;
    private PreparedStatement query;
    static Plugin direct;

    @Setup
    public void setup() throws Exception {
        byte[] wasm = Inputs.corpusPlugin("rs_udf.wasm");
        if (wasm == null) {
            throw new IllegalStateException("plugins/wasm/rs_udf.wasm not found: run from the repository root");
        }
        conn = BenchH2.open("pdk_" + contender);
        Posts.createInH2(conn, ROWS);
        String f;
        try (Statement st = conn.createStatement()) {
            switch (contender) {
                case "scan":
                    f = "body";
                    break;
                case "java":
                    PlainPdkVowels.reset();
                    st.execute("CREATE ALIAS java_vowels FOR 'io.wasmudf.bench.common.PlainPdkVowels.countVowels'");
                    f = "java_vowels(body)";
                    break;
                case "runtime_alias":
                    direct = WasmEngine.shared().compile(Manifest.of(wasm), Contenders.options("compiler")).instantiate();
                    st.execute("CREATE ALIAS direct_vowels FOR 'io.wasmudf.bench.H2PdkBench.directCountVowels'");
                    f = "direct_vowels(body)";
                    break;
                case "wasm_call":
                    H2Bench.installExtension(conn);
                    try (PreparedStatement ps = conn.prepareStatement("CALL wasm_register('rs_udf', ?)")) {
                        ps.setBytes(1, wasm);
                        ps.execute();
                    }
                    f = "wasm_call('rs_udf.rs_count_vowels', body)";
                    break;
                default:
                    throw new IllegalArgumentException(contender);
            }
        }
        query = conn.prepareStatement("SELECT SUM(LENGTH(" + f + ")) FROM posts");
        long expected = contender.equals("scan") ? 100L * ROWS : javaTotal();
        long got = run();
        if (got != expected) {
            throw new IllegalStateException(contender + ": SUM is " + got + ", the plain Java alias gives " + expected);
        }
    }

    /** The first query's sum as the plain Java alias computes it from a fresh total. */
    private static long javaTotal() {
        PlainPdkVowels.reset();
        long t = 0;
        for (int i = 0; i < ROWS; i++) {
            t += PlainPdkVowels.countVowels(Inputs.rowBody(i)).length();
        }
        PlainPdkVowels.reset();
        return t;
    }

    public static String directCountVowels(String body) {
        return body == null ? null
                : new String(direct.call("rs_count_vowels", body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
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
