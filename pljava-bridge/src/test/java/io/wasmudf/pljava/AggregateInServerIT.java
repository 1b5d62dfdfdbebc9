package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.corpus.CorpusFiles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Aggregates inside PostgreSQL with PL/Java (an existing server on this host, {@code WASMUDF_IT_PG_URL}):
 * GROUP BY, empty input, NULLs, many groups against string_agg, a forced parallel plan that keeps
 * the aggregate in the leader (PARALLEL UNSAFE: see install.sql), errors naming the aggregate, privileges and the registry.
 */
@Timeout(600)
class AggregateInServerIT {
    private static final String TOPK = "{\"init\":\"topk_init\",\"step\":\"topk_step\",\"merge\":\"topk_merge\","
            + "\"finish\":\"topk_finish\"}";
    private static LocalPljavaServer server;
    private static Connection c;

    /** Why the tests cannot run here (no PL/Java server): each is then counted as skipped, with it. */
    private static String skipReason;

    @BeforeAll
    static void install() throws Exception {
        try {
            server = LocalPljavaServer.start("wasmudf_agg_it_" + ProcessHandle.current().pid());
        } catch (org.opentest4j.TestAbortedException e) {
            skipReason = e.getMessage();
            System.err.println("AggregateInServerIT skipped: " + skipReason);
            return;
        }
        c = server.connect();
        exec("CREATE SCHEMA analytics");
        try (PreparedStatement ps = c.prepareStatement("SELECT wasm_register('rs_agg', ?), "
                + "wasm_register('topk3', ?, '{\"config\":{\"k\":\"3\"}}'::jsonb)")) {
            ps.setBytes(1, CorpusFiles.wasm("rs_agg.wasm"));
            ps.setBytes(2, CorpusFiles.wasm("rs_agg.wasm"));
            ps.execute();
        }
        query1("SELECT wasm_define_aggregate('wasm_concat', 'rs_agg', 'text', 'text')");
        query1("SELECT wasm_define_aggregate('analytics.top3', 'topk3', 'text', 'jsonb', '" + TOPK + "')");
    }

    @BeforeEach
    void needsTheServer() {
        org.junit.jupiter.api.Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void drop() throws Exception {
        if (c != null) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void groupsEmptyInputAndNulls() throws SQLException {
        exec("CREATE TABLE t1(id int, g int, v text)");
        assertNull(query1("SELECT wasm_concat(v) FROM t1"), "no rows: NULL");
        exec("INSERT INTO t1 VALUES (1, 1, 'alpha'), (2, 1, NULL), (3, 1, 'beta'), (4, 2, NULL)");
        assertEquals(AggregateRealServerTest.recorded("rs_agg/finish"),
                query1("SELECT wasm_concat(v ORDER BY id) FROM t1 WHERE g = 1"));
        assertNull(query1("SELECT wasm_concat(v) FROM t1 WHERE g = 2"), "only NULLs: NULL");
    }

    @Test
    void manyGroupsMatchStringAgg() throws SQLException {
        exec("CREATE TABLE t2 AS SELECT g AS id, g % 250 AS grp, g::text AS v FROM generate_series(1, 20000) g");
        assertEquals(Boolean.TRUE, query1("SELECT bool_and(a IS NOT DISTINCT FROM b) AND count(*) = 250 FROM ("
                + "SELECT grp, wasm_concat(v ORDER BY id) AS a, string_agg(v, ', ' ORDER BY id) AS b FROM t2 GROUP BY grp) x"));
    }

    @Test
    void aForcedParallelPlanKeepsTheAggregateInTheLeader() throws SQLException {
        exec("CREATE TABLE t3 AS SELECT g::text AS v FROM generate_series(1, 200000) g");
        exec("ANALYZE t3");
        exec("SET parallel_setup_cost = 0");
        exec("SET parallel_tuple_cost = 0");
        exec("SET min_parallel_table_scan_size = 0");
        exec("SET max_parallel_workers_per_gather = 2");
        StringBuilder plan = new StringBuilder();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) SELECT analytics.top3(v) FROM t3")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        String p = plan.toString();
        assertTrue(p.contains("Aggregate") && !p.contains("Partial Aggregate") && !p.contains("Workers Launched"), p);
        assertEquals("[200000, 199999, 199998]", query1("SELECT analytics.top3(v)::text FROM t3"));
        exec("RESET max_parallel_workers_per_gather");
    }

    @Test
    void errorsNameTheAggregate() throws SQLException {
        exec("CREATE TABLE t4(v text)");
        exec("INSERT INTO t4 VALUES ('4'), ('abc')");
        SQLException e = assertThrows(SQLException.class, () -> query1("SELECT analytics.top3(v) FROM t4"));
        assertEquals("38000", e.getSQLState());
        assertTrue(e.getMessage().contains("analytics.top3(text): plug-in 'topk3', export 'topk_step' failed: "
                + "rs_agg: 'abc' is not a number"), e.getMessage());
        assertEquals("[4]", query1("SELECT analytics.top3(v)::text FROM t4 WHERE v <> 'abc'"), "the session goes on");
    }

    @Test
    void callersNeedWasmudfUserAndOnlyAdminsDefine() throws SQLException {
        exec("DROP ROLE IF EXISTS agg_app");
        exec("CREATE ROLE agg_app");
        exec("GRANT USAGE ON SCHEMA analytics TO agg_app");
        exec("SET ROLE agg_app");
        try {
            SQLException e = assertThrows(SQLException.class, () -> query1("SELECT analytics.top3('1')"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
        } finally {
            exec("RESET ROLE");
        }
        exec("GRANT wasmudf_user TO agg_app");
        exec("SET ROLE agg_app");
        try {
            assertEquals("[1]", query1("SELECT analytics.top3('1')::text"));
            SQLException e = assertThrows(SQLException.class,
                    () -> query1("SELECT wasm_define_aggregate('x', 'rs_agg', 'text', 'text')"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
        } finally {
            exec("RESET ROLE");
        }
    }

    @Test
    void theRegistryRowDropsTheAggregate() throws SQLException {
        query1("SELECT wasm_define_aggregate('dropme', 'rs_agg', 'text', 'text')");
        String drop = (String) query1("SELECT drop_sql FROM wasmudf.wasmudf_definitions WHERE sql_name = 'public.dropme'");
        exec(drop);
        assertNull(query1("SELECT to_regprocedure('public.dropme(text)')::text"));
    }

    private static Object query1(String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static void exec(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
