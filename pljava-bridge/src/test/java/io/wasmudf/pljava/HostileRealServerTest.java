package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wasmudf.sql.CacheLimits;
import io.wasmudf.sql.CallTimeLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile plug-ins of {@code plugins/hostile/} (cases in h2-extension's
 * {@code hostile-sql-cases.json}) through the bridge's code against the real PostgreSQL server,
 * below the PL/Java boundary as {@link RealServerTest} does: each ends in its SQLState with the
 * session, another plug-in's warm instance and the store intact; and statement_timeout caps a call,
 * also a later call of a named statement, which reads nothing from the store.
 */
class HostileRealServerTest {
    private static final String SCHEMA = "wasmudf_hostile_" + ProcessHandle.current().pid();
    private static String url;
    private final List<Connection> open = new ArrayList<>();
    private PgBackend backend;
    private Connection c;

    /** One case of hostile-sql-cases.json. */
    static final class Case {
        final JsonNode n;

        Case(JsonNode n) {
            this.n = n;
        }

        String text(String field) {
            return n.get(field) == null || n.get(field).isNull() ? null : n.get(field).asText();
        }

        @Override
        public String toString() {
            return text("name");
        }
    }

    static List<Case> cases() throws Exception {
        Path file = SqlScript.repoRoot().resolve("h2-extension/src/test/resources/hostile-sql-cases.json");
        List<Case> out = new ArrayList<>();
        new ObjectMapper().readTree(file.toFile()).get("cases").forEach(n -> out.add(new Case(n)));
        return out;
    }

    @BeforeAll
    static void server() {
        url = RealServerTest.testUrl();
    }

    @BeforeEach
    void store() throws SQLException {
        // Per test, not in @BeforeAll: so each test is counted as skipped, with the reason, in the build's summary.
        assumeTrue(url != null, "real-server tests need WASMUDF_TEST_PG_URL (see RealServerTest)");
        RealServerStore.create(url, SCHEMA);
        c = RealServerStore.connect(url, SCHEMA);
        open.add(c);
        backend = new PgBackend("hostile", SCHEMA, CacheLimits.defaults(), CallTimeLimits.builder().defaultMs(1000).build(), true);
    }

    @AfterEach
    void drop() throws SQLException {
        if (backend == null) {
            return;   // skipped: no server
        }
        backend.close();
        for (Connection o : open) {
            o.close();
        }
        RealServerStore.drop(url, SCHEMA);
    }

    private static byte[] hostile(String module) throws Exception {
        Path p = SqlScript.repoRoot().resolve("plugins/hostile/wasm").resolve(module);
        assertTrue(Files.exists(p), "missing committed fixture " + p);
        return Files.readAllBytes(p);
    }

    private int count() throws SQLException {
        return backend.call(c, "cnt", "count", new byte[0])[0];
    }

    private void assertIntact(int countBefore) throws SQLException {
        assertEquals(countBefore + 1, count(), "the other plug-in's warm instance kept its state");
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM wasmudf_plugins")) {
            assertTrue(rs.next());
            assertEquals(2, rs.getInt(1), "the store is whole");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(60)
    void endsInItsSqlState(Case k) throws Exception {
        backend.register(c, "bad", hostile(k.text("module")), k.text("manifest"));
        backend.register(c, "cnt", Fixtures.v1(), null);
        int before = count();
        SQLException failure = null;
        long start = System.nanoTime();
        try {
            backend.call(c, "bad", k.text("export"), k.text("input").getBytes(StandardCharsets.UTF_8));
        } catch (SQLException e) {
            failure = e;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        SQLException f = failure;
        System.out.printf("PG hostile %-45s -> %s in %d ms%n", k, f == null ? "ok"
                : f.getSQLState() + " (" + f.getMessage().length() + " chars)", ms);
        if (k.text("sqlstate") == null) {
            assertEquals(null, f, () -> "expected success, got " + f.getMessage());
        } else {
            assertTrue(f != null, "expected " + k.text("sqlstate"));
            assertEquals(k.text("sqlstate"), f.getSQLState(), f::getMessage);
            assertTrue(f.getMessage().length() < 70_000);
            assertFalse(f.getMessage().matches("(?s).*\\bjava\\.[a-z]+\\.[A-Z].*"), f::getMessage);
        }
        assertIntact(before);
    }

    @Test
    @Timeout(30)
    void statementTimeoutCapsTheCall() throws Exception {
        backend.register(c, "bad", hostile("spin.wasm"), null);
        backend.register(c, "cnt", Fixtures.v1(), null);
        int before = count();
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '300ms'");
        }
        long start = System.nanoTime();
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> backend.call(c, "bad", "spin", new byte[0]));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("57014", e.getSQLState(), e::getMessage);
        System.out.printf("PG statement_timeout 300 ms (host default 1000 ms) to 57014: %d ms, %s%n", ms, e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*\\((2\\d\\d|300) ms\\).*"), "the statement's remaining time applied: " + e.getMessage());
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = 0");
        }
        assertIntact(before);
    }

    /** A named statement reads the store once: its later calls still get what the statement has left. */
    @Test
    @Timeout(30)
    void aNamedStatementsLaterCallsKeepItsStatementTimeout() throws Exception {
        backend.register(c, "cnt", Fixtures.v1(), null);
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '600ms'");
        }
        backend.enterStatement("one statement");
        backend.call(c, "cnt", "echo", new byte[0]); // reads the version and the time left
        Thread.sleep(300);
        long start = System.nanoTime();
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> backend.call(c, "cnt", "spin", new byte[0]));   // no store read: the noted deadline
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        backend.enterStatement(null);
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = 0");
        }
        assertEquals("57014", e.getSQLState(), e::getMessage);
        assertTrue(e.getMessage().matches("(?s).*\\((\\d{1,2}|[12]\\d\\d|300) ms\\).*"),
                "what was left of 600 ms after 300, not the 1000 ms host default: " + e.getMessage() + " after " + ms + " ms");
    }
}
