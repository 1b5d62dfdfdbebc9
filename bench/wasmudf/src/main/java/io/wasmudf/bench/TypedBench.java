package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
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
 * A defined function against {@code wasm_call} on the same plug-in and rows, in embedded H2:
 * {@code SELECT SUM(f(body)) FROM posts} over 100,000 rows of 100-byte text, f being the Rust
 * rs_typed plug-in's {@code word_count} (raw text in, a bare integer out) as
 * <ul>
 *   <li>{@code wasm_call_text}: {@code LENGTH(wasm_call('rt.word_count', body))} (text, no parse);
 *   <li>{@code defined_text}: {@code LENGTH(wc_text(body))}, defined {@code 'body text'} returns {@code text};
 *   <li>{@code wasm_call_cast}: {@code CAST(wasm_call('rt.word_count', body) AS INTEGER)} (what one writes without wasm_define);
 *   <li>{@code defined_integer}: {@code wc(body)}, defined returns {@code integer} (parsed, checked);
 * </ul>
 * One operation is one query; divide by 100,000 for per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TypedBench {
    @Param({"wasm_call_text", "defined_text", "wasm_call_cast", "defined_integer"})
    public String contender;

    private Connection conn;
    private PreparedStatement query;

    @Setup
    public void setup() throws Exception {
        conn = BenchH2.open("typed_" + contender);
        Posts.createInH2(conn, Inputs.ROWS);
        io.wasmudf.h2.WasmUdf.install(conn);
        try (PreparedStatement ps = conn.prepareStatement("CALL wasm_register('rt', ?)")) {
            ps.setBytes(1, Inputs.corpusPlugin("rs_typed.wasm"));
            ps.execute();
        }
        try (Statement st = conn.createStatement()) {
            st.execute("CALL wasm_define('wc_text', 'rt.word_count', 'body text', 'text')");
            st.execute("CALL wasm_define('wc', 'rt.word_count', 'body text', 'integer')");
        }
        String f;
        switch (contender) {
            case "wasm_call_text":
                f = "LENGTH(wasm_call('rt.word_count', body))";
                break;
            case "defined_text":
                f = "LENGTH(wc_text(body))";
                break;
            case "wasm_call_cast":
                f = "CAST(wasm_call('rt.word_count', body) AS INTEGER)";
                break;
            case "defined_integer":
                f = "wc(body)";
                break;
            default:
                throw new IllegalArgumentException(contender);
        }
        query = conn.prepareStatement("SELECT SUM(" + f + ") FROM posts");
        if (run() <= 0) {
            throw new IllegalStateException(contender + ": no words counted");
        }
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
    }
}
