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
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Inside PostgreSQL with PL/Java: a wasmudf_user cannot read a plug-in's config secret or module
 * by any query tried here; the administrator's time limit (ALTER DATABASE SET
 * wasmudf.default_timeout_ms) and statement_timeout bound a call; what pg_cancel_backend and
 * pg_terminate_backend do while Java runs; and what SECURITY DEFINER costs per call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardsInServerIT {
    private static final String SECRET = "sk-SECRET-do-not-leak-7f3a";
    private static final String USER = "wasmudf_guard_user_" + ProcessHandle.current().pid();
    private LocalPljavaServer server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private String moduleHex;

    /** Why the server cannot be had, or null: each test is then skipped with it, so the build's summary counts them. */
    private String skipReason;

    @BeforeAll
    void install() throws Exception {
        try {
            server = LocalPljavaServer.start("wasmudf_guards_" + ProcessHandle.current().pid(),
                    "wasmudf.default_timeout_ms = 1500");
        } catch (org.opentest4j.TestAbortedException e) {
            skipReason = e.getMessage();
            System.err.println("GuardsInServerIT skipped: " + skipReason);
            return;
        }
        byte[] wasm = Fixtures.v1();
        moduleHex = HexFormat.of().formatHex(wasm, 8, 40);
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + USER);
            st.execute("CREATE ROLE " + USER + " LOGIN IN ROLE wasmudf_user");
            try (PreparedStatement ps = c.prepareStatement("SELECT wasm_register('vault', ?, ?::jsonb)")) {
                ps.setBytes(1, wasm);
                ps.setString(2, "{\"config\": {\"api_key\": \"" + SECRET + "\"}, \"allowed_hosts\": [\"secret-host.example\"]}");
                ps.execute();
            }
            st.execute("ANALYZE wasmudf.wasmudf_plugins");
        }
    }

    @BeforeEach
    void needsTheServer() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    void drop() throws Exception {
        timer.shutdownNow();
        if (server != null) {
            server.close();
            try (Connection admin = java.sql.DriverManager.getConnection(server.adminUrl); Statement st = admin.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + USER);
            }
        }
    }

    private Connection asUser() throws SQLException {
        Connection c = server.connect();
        try (Statement st = c.createStatement()) {
            st.execute("SET ROLE " + USER);
        }
        return c;
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void assertNoSecret(String what, String s) {
        if (s != null) {
            assertFalse(s.contains(SECRET), what + " shows the secret: " + s);
            assertFalse(s.contains("secret-host"), what + " shows an allowed host: " + s);
            assertFalse(s.toLowerCase().contains(moduleHex), what + " shows the module");
        }
    }

    @Test
    @Timeout(120)
    void aCallerCannotReadConfigOrModule() throws Exception {
        try (Connection u = asUser()) {
            assertEquals("hi", text(u, "SELECT wasm_call('vault.echo', 'hi')"));
            SQLException denied = assertThrows(SQLException.class, () -> text(u, "SELECT settings::text FROM wasmudf.wasmudf_plugins"));
            assertEquals("42501", denied.getSQLState());
            assertEquals("42501", assertThrows(SQLException.class,
                    () -> text(u, "SELECT wasm_register('x', '\\x00'::bytea)")).getSQLState());
            for (String q : new String[] {"SELECT string_agg(p::text, ';') FROM wasm_plugins() p",
                    "SELECT string_agg(s::text, ';') FROM wasm_cache_stats() s"}) {
                assertNoSecret(q, text(u, q));
            }
            for (String bad : new String[] {"SELECT wasm_call('vault.nope', 'x')", "SELECT wasm_call('vault.fail', 'x')",
                    "SELECT wasm_call('vault.boom', 'x')", "SELECT wasm_call_json('vault.echo', 'not json')"}) {
                SQLException e = assertThrows(SQLException.class, () -> text(u, bad));
                assertNoSecret(bad, e.getMessage());
            }
            int scanned = 0;
            for (String rel : readableCatalogRelations(u)) {
                try {
                    assertNoSecret(rel, text(u, "SELECT string_agg(t::text, ';') FROM " + rel + " t"));
                    scanned++;
                } catch (SQLException refused) {
                    // not readable by this role: nothing to leak
                }
            }
            System.out.printf("PG secrets: %d pg_catalog/information_schema relations read by a wasmudf_user, none shows config or module%n", scanned);
            assertTrue(scanned > 100);
        }
    }

    private static List<String> readableCatalogRelations(Connection u) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = u.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname IN ('pg_catalog', 'information_schema', 'sqlj', 'wasmudf') AND c.relkind IN ('r', 'v', 'm') "
                        + "AND has_table_privilege(c.oid, 'SELECT')")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    @Timeout(60)
    void theAdministratorsDefaultBoundsACallAndACallerCannotLiftIt() throws Exception {
        try (Connection u = asUser(); Statement st = u.createStatement()) {
            st.execute("SET wasmudf.default_timeout_ms = '100000'");
            st.execute("SET wasmudf.max_timeout_ms = '0'");
            text(u, "SELECT wasm_call('vault.echo', 'warm')"); // the backend's JVM starts outside the limit
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> text(u, "SELECT wasm_call('vault.spin', '')"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("57014", e.getSQLState(), e::getMessage);
            assertTrue(e.getMessage().contains("(1500 ms)"), e::getMessage);
            System.out.printf("PG host default (ALTER DATABASE SET wasmudf.default_timeout_ms = 1500) to 57014: %d ms%n", ms);
            assertEquals("ok", text(u, "SELECT wasm_call('vault.echo', 'ok')"));
        }
    }

    @Test
    @Timeout(60)
    void statementTimeoutCapsACall() throws Exception {
        try (Connection u = asUser(); Statement st = u.createStatement()) {
            text(u, "SELECT wasm_call('vault.echo', 'warm')");
            st.execute("SET statement_timeout = '400ms'");
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> text(u, "SELECT wasm_call('vault.spin', '')"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("57014", e.getSQLState(), e::getMessage);
            System.out.printf("PG statement_timeout 400 ms to 57014: %d ms (%s)%n", ms, e.getMessage());
            assertTrue(ms < 1400, "the statement's deadline, not the 1500 ms default, stopped it");
            st.execute("SET statement_timeout = 0");
            assertEquals("ok", text(u, "SELECT wasm_call('vault.echo', 'ok')"));
        }
    }

    @Test
    @Timeout(60)
    void cancelAndTerminateWaitForTheCallsLimit() throws Exception {
        try (Connection u = asUser(); Connection admin = server.connect()) {
            int pid = Integer.parseInt(text(u, "SELECT pg_backend_pid()"));
            text(u, "SELECT wasm_call('vault.echo', 'warm')");
            AtomicLong sentAt = new AtomicLong();
            timer.schedule(() -> {
                sentAt.set(System.nanoTime());
                return text(admin, "SELECT pg_cancel_backend(" + pid + ")");
            }, 300, TimeUnit.MILLISECONDS);
            SQLException e = assertThrows(SQLException.class, () -> text(u, "SELECT wasm_call('vault.spin', '')"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt.get());
            System.out.printf("PG pg_cancel_backend during a call (limit 1500 ms): error after %d ms: %s %s%n", ms, e.getSQLState(), e.getMessage());
            assertEquals("57014", e.getSQLState());
            assertEquals("ok", text(u, "SELECT wasm_call('vault.echo', 'ok')"), "the backend survives a cancel");
            timer.schedule(() -> {
                sentAt.set(System.nanoTime());
                return text(admin, "SELECT pg_terminate_backend(" + pid + ")");
            }, 300, TimeUnit.MILLISECONDS);
            SQLException t = assertThrows(SQLException.class, () -> text(u, "SELECT wasm_call('vault.spin', '')"));
            ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt.get());
            System.out.printf("PG pg_terminate_backend during a call: backend gone after %d ms: %s %s%n", ms, t.getSQLState(), t.getMessage());
            // The call's own timeout error comes first, then the backend exits at its next interrupt check.
            assertTrue(t.getSQLState().equals("57014") || t.getSQLState().equals("57P01") || t.getSQLState().startsWith("08"),
                    t::getSQLState);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"t".equals(text(admin, "SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = " + pid))) {
                assertTrue(System.nanoTime() < deadline, "the terminated backend exited");
                Thread.sleep(50);
            }
            ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt.get());
            System.out.printf("PG pg_terminate_backend: backend process gone %d ms after the signal%n", ms);
        }
    }

    @Test
    @Timeout(600)
    void securityDefinerCostPerCall() throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            String loop = "SELECT count(wasm_call('vault.echo', 'x' || i)) FROM generate_series(1, 5000) i";
            text(c, loop); // warm the JVM and the instance
            double definer = bestOf3(c, loop);
            st.execute("ALTER FUNCTION wasmudf.wasm_call_stmt(text, text, float8) SECURITY INVOKER");
            double invoker = bestOf3(c, loop);
            st.execute("ALTER FUNCTION wasmudf.wasm_call_stmt(text, text, float8) SECURITY DEFINER");
            System.out.printf("PG per call, 5000 calls of wasm_call(text, text) (its Java function wasm_call_stmt): SECURITY DEFINER %.1f us, SECURITY INVOKER %.1f us%n",
                    definer, invoker);
        }
    }

    private static double bestOf3(Connection c, String sql) throws SQLException {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            text(c, sql);
            best = Math.min(best, (System.nanoTime() - t) / 1000.0 / 5000);
        }
        return best;
    }
}
