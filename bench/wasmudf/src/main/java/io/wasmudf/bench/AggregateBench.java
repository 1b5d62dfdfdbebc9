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
 * An aggregate over 1,000,000 rows in embedded H2 (one group; values '1'..'1000000' as text):
 * <ul>
 *   <li>{@code wasm_topk}: rs_agg's top-3 defined by wasm_define_aggregate (values stepped in 64 KiB batches);
 *   <li>{@code wasm_topk_per_row}: the same with {@code -Dwasmudf.aggregate.batchBytes=0} (a step per row);
 *   <li>{@code java_topk}: the same top-3 as a Java {@code org.h2.api.Aggregate} ({@link JavaTopK});
 *   <li>{@code sql_topk}: plain SQL, {@code ORDER BY CAST(v AS DOUBLE) DESC LIMIT 3};
 *   <li>{@code wasm_concat} and {@code listagg}: rs_agg's concatenation against H2's LISTAGG.
 * </ul>
 * One operation is one query over all rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AggregateBench {
    static final int ROWS = 1_000_000;

    @Param({"wasm_topk", "wasm_topk_per_row", "java_topk", "sql_topk", "wasm_concat", "listagg"})
    public String contender;

    private Connection conn;
    private PreparedStatement query;

    @Setup
    public void setup() throws Exception {
        if (contender.equals("wasm_topk_per_row")) {
            System.setProperty("wasmudf.aggregate.batchBytes", "0");
        }
        conn = BenchH2.open("agg_" + contender);
        io.wasmudf.h2.WasmUdf.install(conn);
        byte[] wasm = Inputs.corpusPlugin("rs_agg.wasm");
        if (wasm == null) {
            throw new IllegalStateException("plugins/wasm/rs_agg.wasm not found: run from the repository (or set -Dwasmudf.repo.root)");
        }
        try (Statement st = conn.createStatement()) {
            st.execute("SET OPTIMIZE_REUSE_RESULTS FALSE");
            st.execute("CREATE TABLE m(id INT PRIMARY KEY, v VARCHAR) AS "
                    + "SELECT X, CAST(X AS VARCHAR) FROM SYSTEM_RANGE(1, " + ROWS + ")");
            st.execute("CREATE AGGREGATE java_topk FOR 'io.wasmudf.bench.JavaTopK'");
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT wasm_register('topk3', ?, '{\"config\":{\"k\":\"3\"}}'), "
                + "wasm_register('rs_agg', ?)")) {
            ps.setBytes(1, wasm);
            ps.setBytes(2, wasm);
            ps.execute();
        }
        try (Statement st = conn.createStatement()) {
            st.execute("SELECT wasm_define_aggregate('wasm_topk', 'topk3', 'text', 'text', '{\"init\":\"topk_init\","
                    + "\"step\":\"topk_step\",\"merge\":\"topk_merge\",\"finish\":\"topk_finish\"}')");
            st.execute("SELECT wasm_define_aggregate('wasm_concat', 'rs_agg', 'text', 'text')");
        }
        String sql;
        switch (contender) {
            case "wasm_topk":
            case "wasm_topk_per_row":
                sql = "SELECT wasm_topk(v) FROM m";
                break;
            case "java_topk":
                sql = "SELECT java_topk(v) FROM m";
                break;
            case "sql_topk":
                sql = "SELECT '[' || LISTAGG(CAST(CAST(x AS BIGINT) AS VARCHAR), ',') WITHIN GROUP (ORDER BY x DESC) || ']' "
                        + "FROM (SELECT CAST(v AS DOUBLE) x FROM m ORDER BY x DESC LIMIT 3)";
                break;
            case "wasm_concat":
                sql = "SELECT LENGTH(wasm_concat(v)) FROM m";
                break;
            case "listagg":
                sql = "SELECT LENGTH(LISTAGG(v, ', ') WITHIN GROUP (ORDER BY id)) FROM m";
                break;
            default:
                throw new IllegalArgumentException(contender);
        }
        query = conn.prepareStatement(sql);
        String got = run();
        String want = contender.contains("concat") || contender.equals("listagg") ? "7888894" : "[1000000,999999,999998]";
        if (!want.equals(got)) {
            throw new IllegalStateException(contender + " gives " + got + ", expected " + want);
        }
    }

    private String run() throws SQLException {
        return BenchH2.firstString(query);
    }

    @Benchmark
    public String query() throws SQLException {
        return run();
    }

    @TearDown
    public void close() throws SQLException {
        BenchH2.dropAndClose(conn);
        System.clearProperty("wasmudf.aggregate.batchBytes");
    }
}
