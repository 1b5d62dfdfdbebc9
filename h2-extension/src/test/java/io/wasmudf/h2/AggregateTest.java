package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.corpus.Corpus;
import io.wasmudf.corpus.CorpusFiles;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Aggregates defined by wasm_define_aggregate over the Rust-PDK plug-in rs_agg, in H2: GROUP BY,
 * empty input, NULLs, batching past the step threshold, errors naming the aggregate, and the results
 * the official Extism runtime recorded for the same exports (plugins/cases.json, rs_agg/*).
 */
@Timeout(120)
class AggregateTest extends H2TestBase {
    static final byte[] RS_AGG = CorpusFiles.wasm("rs_agg.wasm");

    @BeforeEach
    void plugins() throws SQLException {
        register(conn, "rs_agg", RS_AGG);
        register(conn, "topk3", RS_AGG, "{\"config\":{\"k\":\"3\"}}");
        exec(conn, "CREATE TABLE t(id INT PRIMARY KEY, g INT, v VARCHAR)");
        query1(conn, "SELECT wasm_define_aggregate('wasm_concat', 'rs_agg', 'text', 'text')");
        query1(conn, "SELECT wasm_define_aggregate('wasm_topk', 'topk3', 'text', 'json', ?)", TOPK_EXPORTS);
    }

    static final String TOPK_EXPORTS =
            "{\"init\":\"topk_init\",\"step\":\"topk_step\",\"merge\":\"topk_merge\",\"finish\":\"topk_finish\"}";

    static String recorded(String id) {
        return new String(Corpus.find(id).recorded().get(0).output(), StandardCharsets.UTF_8);
    }

    @Test
    void groupsAsTheRecordedExportsAnswer() throws SQLException {
        insert(1, 1, "alpha");
        insert(2, 1, "beta");
        insert(3, 2, "5");
        insert(4, 2, "1.5");
        insert(5, 2, "9");
        insert(6, 2, "-2");
        insert(7, 2, "7");
        Map<Integer, String> concat = groups("SELECT g, wasm_concat(v) FROM t GROUP BY g ORDER BY g");
        assertEquals(recorded("rs_agg/finish"), concat.get(1), "alpha, beta: finish of the recorded state");
        Map<Integer, String> top = groups("SELECT g, CAST(wasm_topk(v) AS VARCHAR) FROM t WHERE g = 2 GROUP BY g");
        assertEquals(recorded("rs_agg/topk_finish_of_step"), top.get(2));
    }

    @Test
    void emptyInputAndAllNullGroupsGiveNull() throws SQLException {
        assertNull(query1(conn, "SELECT wasm_concat(v) FROM t"), "no rows");
        insert(1, 1, null);
        insert(2, 1, null);
        insert(3, 2, "x");
        insert(4, 2, null);
        insert(5, 2, "y");
        Map<Integer, String> r = groups("SELECT g, wasm_concat(v) FROM t GROUP BY g ORDER BY g");
        assertNull(r.get(1), "a group of NULLs only");
        assertEquals("x, y", r.get(2), "NULLs are skipped");
        assertTrue(r.containsKey(1));
    }

    @Test
    void manyGroupsMatchListagg() throws SQLException {
        fill(3000, 300);
        Map<Integer, String> ours = groups("SELECT g, wasm_concat(v) FROM t GROUP BY g ORDER BY g");
        Map<Integer, String> sql = groups("SELECT g, LISTAGG(v, ', ') WITHIN GROUP (ORDER BY id) FROM t GROUP BY g ORDER BY g");
        assertEquals(300, ours.size());
        assertEquals(sql, ours);
    }

    @Test
    void oneLargeGroupSteppedInBatches() throws SQLException {
        fill(40_000, 1);   // about 240 KB of values: several steps of at least 64 KiB
        assertEquals(query1(conn, "SELECT LISTAGG(v, ', ') WITHIN GROUP (ORDER BY id) FROM t"),
                query1(conn, "SELECT wasm_concat(v) FROM t"));
        assertEquals("[39999,39998,39997]", query1(conn, "SELECT CAST(wasm_topk(v) AS VARCHAR) FROM t"));
    }

    @Test
    void asAWindowFunctionEachFrameGetsItsOwnResult() throws SQLException {
        insert(1, 1, "a");
        insert(2, 1, "b");
        insert(3, 1, "c");
        Map<Integer, String> r = groups("SELECT id, wasm_concat(v) OVER (ORDER BY id) FROM t ORDER BY id");
        assertEquals(Map.of(1, "a", 2, "a, b", 3, "a, b, c"), r);
    }

    @Test
    void followsItsPluginWhenReRegistered() throws SQLException {
        insert(1, 1, "a");
        insert(2, 1, "b");
        assertEquals("a, b", query1(conn, "SELECT wasm_concat(v) FROM t"));
        register(conn, "rs_agg", RS_AGG, "{\"config\":{\"separator\":\"+\"}}");
        assertEquals("a+b", query1(conn, "SELECT wasm_concat(v) FROM t"), "new version, no DDL");
    }

    @Test
    void numericResultsParseOrFailNamingTheAggregate() throws SQLException {
        // An empty config value reads as missing in extism-pdk 1.0 (recorded: rs_agg/step_empty_separator), so "0".
        register(conn, "joined", RS_AGG, "{\"config\":{\"separator\":\"0\"}}");
        query1(conn, "SELECT wasm_define_aggregate('analytics_digits', 'joined', 'integer', 'bigint')");
        exec(conn, "CREATE TABLE n(x INT)");
        exec(conn, "INSERT INTO n VALUES (1), (NULL), (2), (3)");
        assertEquals(10203L, query1(conn, "SELECT analytics_digits(x) FROM n"));
        query1(conn, "SELECT wasm_define_aggregate('bad_digits', 'joined', 'text', 'bigint')");
        insert(1, 1, "4a");
        SQLException e = fails("22P02", conn, "SELECT bad_digits(v) FROM t");
        assertEquals("PUBLIC.BAD_DIGITS(text): output \"4a\" is not a bigint", e.getMessage().split("; SQL statement")[0]);
    }

    @Test
    void aPluginErrorNamesTheAggregateAndTheConnectionGoesOn() throws SQLException {
        insert(1, 1, "abc");
        SQLException e = fails("38000", conn, "SELECT wasm_topk(v) FROM t");
        assertTrue(e.getMessage().startsWith("PUBLIC.WASM_TOPK(text): plug-in 'topk3', export 'topk_step' failed: "
                + "rs_agg: 'abc' is not a number"), e.getMessage());
        exec(conn, "DELETE FROM t");
        insert(2, 1, "4");
        assertEquals("[4]", query1(conn, "SELECT CAST(wasm_topk(v) AS VARCHAR) FROM t"));
    }

    @Test
    void aTrapFailsTheStatementAndTheNextCallGetsAFreshInstance() throws SQLException {
        register(conn, "trap", CorpusFiles.wasm("trap.wasm"));
        query1(conn, "SELECT wasm_define_aggregate('trapping', 'trap', 'text', 'text', "
                + "'{\"init\":\"trap\",\"step\":\"trap\",\"merge\":null,\"finish\":\"trap\"}')");
        insert(1, 1, "x");
        SQLException e = fails("38001", conn, "SELECT trapping(v) FROM t");
        assertTrue(e.getMessage().startsWith("PUBLIC.TRAPPING(text): plug-in 'trap', export 'trap'"), e.getMessage());
        fails("38001", conn, "SELECT trapping(v) FROM t");
        assertEquals(2L, ((Number) query1(conn, "SELECT INSTANCES FROM wasm_cache_stats() WHERE PLUGIN = 'trap'"))
                .longValue(), "each trap discarded its instance");
    }

    @Test
    void registryRowDropsWhatItCreated() throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT kind, plugin, spec, drop_sql FROM wasmudf_definitions WHERE sql_name = 'PUBLIC.WASM_TOPK'");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("aggregate", rs.getString(1));
            assertEquals("topk3", rs.getString(2));
            assertTrue(rs.getString(3).contains("\"merge\":\"topk_merge\""), rs.getString(3));
            exec(conn, rs.getString(4));
        }
        fails("90022", conn, "SELECT wasm_topk(v) FROM t");   // H2: function not found
        assertEquals("a", concatOf("a"), "the other aggregate stays");
    }

    @Test
    void redefinitionReplacesOursButNeverAnotherObject() throws SQLException {
        query1(conn, "SELECT wasm_define_aggregate('wasm_concat', 'topk3', 'text', 'text', ?)", TOPK_EXPORTS);
        insert(1, 1, "2");
        assertEquals("[2]", query1(conn, "SELECT wasm_concat(v) FROM t"), "redefined over top-k");
        exec(conn, "CREATE ALIAS not_ours FOR 'java.lang.Math.abs(int)'");
        fails("42723", conn, "SELECT wasm_define_aggregate('not_ours', 'rs_agg', 'text', 'text')");
        assertEquals(3, query1(conn, "SELECT not_ours(-3)"));
    }

    @Test
    void badDefinitionsAreRefusedWithActionableMessages() throws SQLException {
        fails("42602", conn, "SELECT wasm_define_aggregate('x; DROP TABLE t', 'rs_agg', 'text', 'text')");
        fails("42602", conn, "SELECT wasm_define_aggregate('a.b.c', 'rs_agg', 'text', 'text')");
        fails("42704", conn, "SELECT wasm_define_aggregate('a1', 'nope', 'text', 'text')");
        SQLException e = fails("42883", conn, "SELECT wasm_define_aggregate('a2', 'rs_agg', 'text', 'text', "
                + "'{\"step\":\"nope\"}')");
        assertTrue(e.getMessage().contains("has no export 'nope'; its exports are "), e.getMessage());
        fails("22023", conn, "SELECT wasm_define_aggregate('a3', 'rs_agg', 'money', 'text')");
        fails("22023", conn, "SELECT wasm_define_aggregate('a4', 'rs_agg', 'text', 'text', '{\"start\":\"init\"}')");
        exec(conn, "CREATE USER bob PASSWORD 'pw'");
        Connection bob = openAs("bob", "pw");
        fails("42501", bob, "SELECT wasm_define_aggregate('a5', 'rs_agg', 'text', 'text')");
        exec(conn, "INSERT INTO t VALUES (1, 1, 'q')");
        exec(conn, "GRANT SELECT ON t TO bob");
        assertEquals("q", query1(bob, "SELECT wasm_concat(v) FROM t"), "a non-admin may call it");
    }

    @Test
    void aFileDatabaseReopenedKeepsItsAggregates(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws SQLException {
        String file = "jdbc:h2:" + dir.resolve("db").toAbsolutePath();
        try (Connection c = java.sql.DriverManager.getConnection(file, "sa", "")) {
            WasmUdf.install(c);
            register(c, "rs_agg", RS_AGG);
            query1(c, "SELECT wasm_define_aggregate('joined', 'rs_agg', 'text', 'text')");
        }
        try (Connection c = java.sql.DriverManager.getConnection(file, "sa", "")) {
            assertEquals("x, y", query1(c, "SELECT joined(v) FROM (VALUES ('x'), ('y')) AS r(v)"));
        }
    }

    @Test
    void generatedClassesAreOnePerSpecAndPassItOn() throws Exception {
        String name = io.wasmudf.sql.AggregateDefinitions.H2_CLASS_PREFIX
                + "{\"aggregate\":\"PUBLIC.G\",\"plugin\":\"rs_agg\",\"value\":\"text\",\"returns\":\"text\","
                + "\"exports\":{\"init\":\"init\",\"step\":\"step\",\"finish\":\"finish\"}}";
        AggregateClasses.register();
        Class<?> k = org.h2.util.JdbcUtils.loadUserClass(name);
        assertEquals(k, org.h2.util.JdbcUtils.loadUserClass(name), "the same name gives the same class");
        Object agg = k.getDeclaredConstructor().newInstance();
        assertTrue(agg instanceof WasmAggregate);
        assertEquals(org.h2.value.Value.VARCHAR, ((WasmAggregate) agg).getInternalType(new int[] {org.h2.value.Value.VARCHAR}));
    }

    private String concatOf(String v) throws SQLException {
        exec(conn, "DELETE FROM t");
        insert(1, 1, v);
        return (String) query1(conn, "SELECT wasm_concat(v) FROM t");
    }

    private void insert(int id, int g, String v) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
            ps.setInt(1, id);
            ps.setInt(2, g);
            ps.setString(3, v);
            ps.executeUpdate();
        }
    }

    private void fill(int rows, int groups) throws SQLException {
        exec(conn, "INSERT INTO t SELECT X, MOD(X, " + groups + "), CAST(X AS VARCHAR) FROM SYSTEM_RANGE(0, " + (rows - 1) + ")");
    }

    private Map<Integer, String> groups(String sql) throws SQLException {
        Map<Integer, String> out = new LinkedHashMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
