package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Inside PostgreSQL with PL/Java: the store is read once per statement, not per row, and still a
 * statement sees what the version rule says (another session's commit at the next statement, the
 * backend's own registration at once, not after its savepoint rolled back); statement_timeout
 * still stops a later row of the statement; a caller's search_path cannot put its own table or
 * operator in place of the store's; and no parallel plan runs the calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class StatementsInServerIT {
    private static final String PLUGINS = "'wasmudf.wasmudf_plugins'::regclass";
    private LocalPljavaServer server;
    private String skipReason;
    private final List<Connection> open = new ArrayList<>();

    @BeforeAll
    void install() throws Exception {
        try {
            server = LocalPljavaServer.start("wasmudf_stmts_" + ProcessHandle.current().pid());
        } catch (org.opentest4j.TestAbortedException e) {
            skipReason = e.getMessage();
        }
    }

    @BeforeEach
    void needsTheServer() throws SQLException {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        register(connect(), Fixtures.v1());
    }

    @AfterAll
    void drop() throws Exception {
        for (Connection c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Connection connect() throws SQLException {
        Connection c = server.connect();
        open.add(c);
        return c;
    }

    private static void register(Connection c, byte[] wasm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT wasm_register('fx', ?)")) {
            ps.setBytes(1, wasm);
            ps.execute();
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Index and sequential scans of the store's table in the running transaction. */
    private static long storeReads(Connection c) throws SQLException {
        return Long.parseLong(text(c, "SELECT (coalesce(idx_scan, 0) + coalesce(seq_scan, 0))::text "
                + "FROM pg_stat_xact_user_tables WHERE relid = " + PLUGINS));
    }

    @Test
    void aStatementReadsTheStoreOnceNotPerRow() throws Exception {
        Connection c = connect();
        assertEquals("v1", text(c, "SELECT wasm_call('fx.tag', '')")); // JVM and instance warm
        c.setAutoCommit(false);
        long before = storeReads(c);
        assertEquals("2000", text(c, "SELECT count(wasm_call('fx.echo', i::text))::text FROM generate_series(1, 2000) i"));
        long reads = storeReads(c) - before;
        c.rollback();
        assertTrue(reads >= 1 && reads <= 2, "store reads for a 2000-row statement: " + reads);
    }

    @Test
    void theNextStatementOfATransactionSeesAnotherSessionsCommit() throws Exception {
        Connection a = connect();
        Connection b = connect();
        a.setAutoCommit(false); // READ COMMITTED: every statement takes a new snapshot
        assertEquals("v1", text(a, "SELECT wasm_call('fx.tag', '')"));
        register(b, Fixtures.v2());
        assertEquals("v2", text(a, "SELECT wasm_call('fx.tag', '')"));
        a.commit();
    }

    @Test
    void ownRegistrationAtOnceAndNotAfterItsSavepointRolledBack() throws Exception {
        Connection c = connect();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE m(b bytea)");
            st.execute("CREATE TEMP TABLE seen(step int, tag text)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO m VALUES (?)")) {
            ps.setBytes(1, Fixtures.v2());
            ps.execute();
        }
        // One statement (one statement_timestamp()): a PL/pgSQL exception block is a savepoint,
        // whose rollback also undoes its inserts, so step 2 is kept in a variable.
        try (Statement st = c.createStatement()) {
            st.execute("DO $$ DECLARE inside text; BEGIN "
                    + "INSERT INTO seen VALUES (1, wasm_call('fx.tag', '')); "
                    + "BEGIN "
                    + "  PERFORM wasm_register('fx', (SELECT b FROM m)); "
                    + "  inside := wasm_call('fx.tag', ''); "
                    + "  RAISE EXCEPTION 'undo'; "
                    + "EXCEPTION WHEN raise_exception THEN NULL; "
                    + "END; "
                    + "INSERT INTO seen VALUES (2, inside), (3, wasm_call('fx.tag', '')); "
                    + "END $$");
        }
        assertEquals("1:v1 2:v2 3:v1", text(c, "SELECT string_agg(step || ':' || tag, ' ' ORDER BY step) FROM seen"));
    }

    @Test
    void statementTimeoutStopsALaterRowThatReadsNothing() throws Exception {
        Connection c = connect();
        try (Statement st = c.createStatement()) {
            // Warm first: a new backend starts its JVM and loads the plug-in inside its first call, and
            // a timeout that falls in there leaves classes PL/Java could not load (pljava-bridge/README.md).
            assertEquals("v1", text(c, "SELECT wasm_call('fx.tag', '')"));
            st.execute("SET statement_timeout = '700ms'");
            long t = System.nanoTime();
            // Row 1 reads the version (and what the statement has left); row 2 runs on that pin.
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery(
                    "SELECT wasm_call(CASE WHEN i = 1 THEN 'fx.echo' ELSE 'fx.spin' END, '') FROM generate_series(1, 2) i"));
            long ms = (System.nanoTime() - t) / 1_000_000;
            st.execute("RESET statement_timeout");
            assertEquals("57014", e.getSQLState(), e::getMessage);
            assertTrue(ms < 5000, "stopped after " + ms + " ms, not at the 10 s host default");
        }
        assertEquals("v1", text(c, "SELECT wasm_call('fx.tag', '')"), "the backend is usable");
    }

    @Test
    void aCallersSearchPathCannotShadowTheStore() throws Exception {
        Connection c = connect();
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS shadow CASCADE");
            st.execute("CREATE SCHEMA shadow");
            st.execute("CREATE TABLE shadow.wasmudf_plugins (LIKE wasmudf.wasmudf_plugins)");
            st.execute("CREATE FUNCTION shadow.eq(varchar, text) RETURNS boolean LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'the caller''s operator ran'; END $$");
            st.execute("CREATE OPERATOR shadow.= (LEFTARG = varchar, RIGHTARG = text, FUNCTION = shadow.eq)");
            st.execute("CREATE TEMP TABLE wasmudf_plugins (LIKE wasmudf.wasmudf_plugins)");
            st.execute("SET search_path = shadow, pg_catalog, wasmudf");
            assertEquals("v1", text(c, "SELECT wasmudf.wasm_call('fx.tag', '')"));
            assertEquals("v1", text(c, "SELECT wasmudf.wasm_call('fx', 'tag', 'x')"));
            SQLException e = assertThrows(SQLException.class, () -> text(c, "SELECT wasmudf.wasm_call('nope', '')"));
            assertEquals("42704", e.getSQLState(), "the error still goes through wasm_raise: " + e.getMessage());
            st.execute("RESET search_path");
            st.execute("DROP SCHEMA shadow CASCADE");
        }
    }

    /**
     * The call functions are PARALLEL UNSAFE: a PL/Java JVM started inside a parallel operation
     * lacks the database's pljava.* settings (the session then stays broken), and parallel
     * workers' JVMs aborted at exit here. So even with parallelism free, no Gather.
     */
    @Test
    void noParallelPlanRunsTheCalls() throws Exception {
        Connection c = connect();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS rows_p AS SELECT i FROM generate_series(1, 20000) i");
            st.execute("SET parallel_setup_cost = 0");
            st.execute("SET parallel_tuple_cost = 0");
            st.execute("SET min_parallel_table_scan_size = 0");
            st.execute("SET max_parallel_workers_per_gather = 2");
            String scan = plan(st, "SELECT count(*) FROM rows_p WHERE i % 2 = 0");
            assertTrue(scan.contains("Gather"), "parallelism is free for a plain scan: " + scan);
            for (String call : List.of("wasm_call('fx.echo', i::text)", "wasm_call('fx', 'echo', i::text)",
                    "wasm_call_json('fx.echo', i::text)", "wasm_call('fx.echo', i::text::bytea)")) {
                String plan = plan(st, "SELECT count(" + call + ") FROM rows_p WHERE i % 2 = 0");
                assertFalse(plan.contains("Gather"), call + ": " + plan);
            }
            assertEquals("10000", text(c, "SELECT count(wasm_call('fx.echo', i::text))::text FROM rows_p WHERE i % 2 = 0"));
        }
    }

    private static String plan(Statement st, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
