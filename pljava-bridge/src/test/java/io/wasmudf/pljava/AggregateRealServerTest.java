package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wasmudf.corpus.Corpus;
import io.wasmudf.corpus.CorpusFiles;
import io.wasmudf.sql.CacheLimits;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Aggregates on a real PostgreSQL server below the PL/Java boundary: wasm_define_aggregate's DDL,
 * privileges and registry row executed by the server, and the support functions' Java driven with
 * the state the server stored as the aggregate's INITCOND, as PostgreSQL calls them (step per row,
 * combine of partial states, final). The server in CI has no PL/Java, so the parallel-plan test
 * creates SQL stand-ins with the support functions' signatures: the planner decides from the catalog
 * (combine function, parallel safety) alone. The real in-server runs are in InServerIT.
 */
@Timeout(120)
class AggregateRealServerTest {
    private static final String SCHEMA = "wasmudf_agg_" + ProcessHandle.current().pid();
    private static final String TOPK = "{\"init\":\"topk_init\",\"step\":\"topk_step\",\"merge\":\"topk_merge\","
            + "\"finish\":\"topk_finish\"}";
    private String url;
    private Connection c;
    private final List<PgBackend> backends = new ArrayList<>();

    @BeforeEach
    void store() throws SQLException {
        url = RealServerTest.testUrl();
        assumeTrue(url != null, "real-server tests need a PostgreSQL server: set WASMUDF_TEST_PG_URL");
        RealServerStore.create(url, SCHEMA);
        c = RealServerStore.connect(url, SCHEMA);
        exec("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wasmudf_user') THEN "
                + "CREATE ROLE wasmudf_user NOLOGIN; END IF; END $$");
        standIns();
        backend(0).register(c, "rs_agg", CorpusFiles.wasm("rs_agg.wasm"), null);
        backend(0).register(c, "topk3", CorpusFiles.wasm("rs_agg.wasm"), "{\"config\":{\"k\":\"3\"}}");
    }

    @AfterEach
    void drop() throws SQLException {
        if (url == null) {
            return;
        }
        backends.forEach(PgBackend::close);
        c.close();
        RealServerStore.drop(url, SCHEMA);
    }

    private PgBackend backend(int pendingBytes) {
        PgBackend b = new PgBackend("agg", CacheLimits.defaults(), true).aggregateSupport(SCHEMA, pendingBytes);
        backends.add(b);
        return b;
    }

    /** SQL functions with the support functions' names and signatures, for DDL and plans only. */
    private void standIns() throws SQLException {
        for (String t : new String[] {"text", "bytea", "integer", "bigint", "double precision", "jsonb"}) {
            exec("CREATE FUNCTION " + SCHEMA + ".wasm_agg_step(bytea, " + t + ") RETURNS bytea LANGUAGE sql "
                    + "PARALLEL UNSAFE AS 'SELECT $1'");
        }
        exec("CREATE FUNCTION " + SCHEMA + ".wasm_agg_merge(bytea, bytea) RETURNS bytea LANGUAGE sql STRICT "
                + "PARALLEL UNSAFE AS 'SELECT $1'");
        exec("CREATE FUNCTION " + SCHEMA + ".wasm_agg_finish_text(bytea) RETURNS text LANGUAGE sql STRICT "
                + "PARALLEL UNSAFE AS 'SELECT NULL::text'");
        exec("CREATE FUNCTION " + SCHEMA + ".wasm_agg_finish_jsonb(bytea) RETURNS jsonb LANGUAGE sql STRICT "
                + "PARALLEL UNSAFE AS 'SELECT NULL::jsonb'");
    }

    static String recorded(String id) {
        return new String(Corpus.find(id).recorded().get(0).output(), StandardCharsets.UTF_8);
    }

    @Test
    void defineCreatesTheAggregateTheRegistryRowAndTheGrants() throws SQLException {
        assertEquals(SCHEMA + ".top3", backend(0).defineAggregate(c, SCHEMA + ".Top3", "topk3", "text", "jsonb", TOPK));
        String s = SCHEMA + ".";
        try (ResultSet rs = query("SELECT a.aggtransfn = '" + s + "wasm_agg_step(bytea,text)'::regprocedure, "
                + "a.aggcombinefn = '" + s + "wasm_agg_merge(bytea,bytea)'::regprocedure, "
                + "a.aggfinalfn = '" + s + "wasm_agg_finish_jsonb(bytea)'::regprocedure, p.proparallel, "
                + "has_function_privilege('wasmudf_user', p.oid, 'EXECUTE'), has_function_privilege('public', p.oid, 'EXECUTE') "
                + "FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.oid = '" + SCHEMA + ".top3(text)'::regprocedure")) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1), "SFUNC");
            assertTrue(rs.getBoolean(2), "COMBINEFUNC");
            assertTrue(rs.getBoolean(3), "FINALFUNC");
            assertEquals("u", rs.getString(4), "PARALLEL UNSAFE: PL/Java workers can crash the server");
            assertTrue(rs.getBoolean(5), "wasmudf_user may execute it");
            assertTrue(!rs.getBoolean(6), "PUBLIC may not");
        }
        String dropSql;
        try (ResultSet rs = query("SELECT kind, plugin, drop_sql FROM wasmudf_definitions WHERE sql_name = '" + SCHEMA + ".top3'")) {
            assertTrue(rs.next());
            assertEquals("aggregate", rs.getString(1));
            assertEquals("topk3", rs.getString(2));
            dropSql = rs.getString(3);
        }
        exec(dropSql);
        try (ResultSet rs = query("SELECT to_regprocedure('" + SCHEMA + ".top3(text)')")) {
            assertTrue(rs.next());
            assertNull(rs.getString(1), "drop_sql removed it");
        }
    }

    @Test
    void aPluginWithoutMergeGetsNoCombineFunction() throws SQLException {
        backend(0).register(c, "nomerge", CorpusFiles.wasm("rs_agg.wasm"), null);
        backend(0).defineAggregate(c, SCHEMA + ".cat", "nomerge", "text", "text", "{\"merge\":null}");
        try (ResultSet rs = query("SELECT aggcombinefn::text FROM pg_aggregate WHERE aggfnoid = '" + SCHEMA + ".cat(text)'::regprocedure")) {
            assertTrue(rs.next());
            assertEquals("-", rs.getString(1));
        }
    }

    /**
     * Shipped PARALLEL UNSAFE (install.sql says why): even a plan forced towards workers keeps the
     * aggregate in the leader.
     */
    @Test
    void noPartialAggregationEvenWhenParallelPlansAreForced() throws SQLException {
        backend(0).defineAggregate(c, SCHEMA + ".top3", "topk3", "text", "jsonb", TOPK);
        exec("CREATE TABLE " + SCHEMA + ".nums AS SELECT g::text AS v FROM generate_series(1, 100000) g");
        exec("ANALYZE " + SCHEMA + ".nums");
        exec("SET parallel_setup_cost = 0");
        exec("SET parallel_tuple_cost = 0");
        exec("SET min_parallel_table_scan_size = 0");
        exec("SET max_parallel_workers_per_gather = 2");
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = query("EXPLAIN SELECT " + SCHEMA + ".top3(v) FROM " + SCHEMA + ".nums")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        assertTrue(plan.toString().contains("Aggregate") && !plan.toString().contains("Partial Aggregate")
                && !plan.toString().contains("Gather"), plan.toString());
    }

    @Test
    void stepsMergesAndFinishesFromTheServersInitialState() throws SQLException {
        for (int pending : new int[] {0, PgAggregateSettings.PENDING_BYTES}) {
            PgBackend b = backend(pending);
            b.defineAggregate(c, SCHEMA + ".top3", "topk3", "text", "jsonb", TOPK);
            byte[] init = initcond(SCHEMA + ".top3(text)");
            assertNull(b.aggregateFinish(c, init), "no values: NULL, like sum()");
            byte[] left = init;
            for (String v : new String[] {"5", null, "1.5", "9"}) {
                left = b.aggregateStep(c, left, v);
            }
            byte[] right = init;
            for (String v : new String[] {"-2", "7"}) {
                right = b.aggregateStep(c, right, v);
            }
            assertSame(left, b.aggregateMerge(c, left, init), "an empty partial state yields");
            byte[] all = b.aggregateMerge(c, left, right);
            assertEquals(recorded("rs_agg/topk_finish_of_step"), b.aggregateFinish(c, all), "pending " + pending);
            assertEquals(recorded("rs_agg/topk_finish_of_step"), b.aggregateFinish(c, all), "final is repeatable");
        }
    }

    @Test
    void concatenationFollowsItsPluginAndNamesItselfInErrors() throws SQLException {
        PgBackend b = backend(0);
        b.defineAggregate(c, SCHEMA + ".cat", "rs_agg", "text", "text", null);
        byte[] s = initcond(SCHEMA + ".cat(text)");
        s = b.aggregateStep(c, b.aggregateStep(c, s, "alpha"), "beta");
        assertEquals(recorded("rs_agg/finish"), b.aggregateFinish(c, s));
        b.register(c, "rs_agg", CorpusFiles.wasm("rs_agg.wasm"), "{\"config\":{\"separator\":\"+\"}}");
        // The state joined so far keeps its separator; the next value is joined by the new version.
        assertEquals("alpha, beta+x", b.aggregateFinish(c, b.aggregateStep(c, s, "x")), "new version, no DDL");

        b.defineAggregate(c, SCHEMA + ".top3", "topk3", "text", "jsonb", TOPK);
        byte[] t = initcond(SCHEMA + ".top3(text)");
        SQLException e = assertThrows(SQLException.class, () -> b.aggregateStep(c, t, "abc"));
        assertEquals("38000", e.getSQLState());
        assertTrue(e.getMessage().startsWith(SCHEMA + ".top3(text): plug-in 'topk3', export 'topk_step' failed: "
                + "rs_agg: 'abc' is not a number"), e.getMessage());
    }

    @Test
    void badDefinitionsAreRefused() throws SQLException {
        PgBackend b = backend(0);
        assertEquals("42602", state(() -> b.defineAggregate(c, "x\"; DROP TABLE t; --", "rs_agg", "text", "text", null)));
        assertEquals("42704", state(() -> b.defineAggregate(c, SCHEMA + ".a", "nope", "text", "text", null)));
        assertEquals("42883", state(() -> b.defineAggregate(c, SCHEMA + ".a", "rs_agg", "text", "text", "{\"finish\":\"x\"}")));
        assertEquals("22023", state(() -> b.defineAggregate(c, SCHEMA + ".a", "rs_agg", "money", "text", null)));
        exec("CREATE FUNCTION " + SCHEMA + ".taken(text) RETURNS text LANGUAGE sql AS 'SELECT $1'");
        assertEquals("42723", state(() -> b.defineAggregate(c, SCHEMA + ".taken", "rs_agg", "text", "text", null)));
        assertEquals("22023", state(() -> b.aggregateStep(c, new byte[] {1, 2, 3}, "x")), "not a state");
    }

    private interface Sql {
        void run() throws SQLException;
    }

    private static String state(Sql s) {
        return assertThrows(SQLException.class, s::run).getSQLState();
    }

    private byte[] initcond(String regprocedure) throws SQLException {
        try (ResultSet rs = query("SELECT agginitval::bytea FROM pg_aggregate WHERE aggfnoid = '" + regprocedure
                + "'::regprocedure")) {
            assertTrue(rs.next());
            return rs.getBytes(1);
        }
    }

    private ResultSet query(String sql) throws SQLException {
        return c.createStatement().executeQuery(sql);
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
