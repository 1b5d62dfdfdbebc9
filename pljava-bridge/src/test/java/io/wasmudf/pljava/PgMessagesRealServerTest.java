package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wasmudf.runtime.LogLevel;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import io.wasmudf.runtime.WasmSource;
import io.wasmudf.sql.CacheLimits;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;

/**
 * Errors and plug-in logs as a PostgreSQL client receives them, against a real server: install.sql's
 * {@code wasm_raise} and {@code wasm_log} (in a schema of this JVM's own), driven by the bridge's
 * {@link PgErrorReport} and {@link PgLog} with a pgjdbc connection in place of PL/Java's SPI one.
 * What psql shows is what pgjdbc's ServerErrorMessage holds: severity, SQLSTATE, message, detail, hint.
 * Needs {@code WASMUDF_TEST_PG_URL}; skipped without it.
 */
@Timeout(120)
class PgMessagesRealServerTest {
    private static final String SCHEMA = "wasmudf_msg_" + ProcessHandle.current().pid();
    private static String url;
    private Connection c;
    private PgBackend backend;

    @BeforeAll
    static void server() {
        url = RealServerTest.testUrl();
    }

    @BeforeEach
    void install() throws SQLException {
        // Per test, not in @BeforeAll: so each test is counted as skipped, with the reason, in the build's summary.
        assumeTrue(url != null, "needs a PostgreSQL server: set WASMUDF_TEST_PG_URL");
        c = DriverManager.getConnection(url);
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            // The store and the two helpers of install.sql; its other functions need PL/Java.
            for (String sql : SqlScript.statements("install.sql")) {
                if (sql.startsWith("CREATE SCHEMA wasmudf") || sql.startsWith("CREATE SEQUENCE wasmudf.")
                        || sql.startsWith("CREATE TABLE wasmudf.") || sql.contains("CREATE FUNCTION wasmudf.wasm_raise(")
                        || sql.contains("CREATE FUNCTION wasmudf.wasm_log(")) {
                    st.execute(sql.replaceFirst("CREATE SCHEMA wasmudf", "CREATE SCHEMA " + SCHEMA)
                            .replaceFirst(" wasmudf\\.", " " + SCHEMA + "."));
                }
            }
            st.execute("SET search_path = " + SCHEMA + ", pg_catalog");
        }
        backend = new PgBackend("test", CacheLimits.defaults(), true);
        backend.register(c, "fx", Fixtures.v1(), "{\"timeout_ms\": 300, \"memory\": {\"max_pages\": 4}}");
    }

    @AfterEach
    void drop() throws SQLException {
        if (backend != null) {
            backend.close();
        }
        if (c != null) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
            c.close();
        }
    }

    /** The error a client sees for {@code call}'s failure, raised as the bridge raises it. */
    private ServerErrorMessage seen(SqlCall call) {
        SQLException thrown = assertThrows(SQLException.class, call::run);
        SQLException raised = PgErrorReport.toServerError(c, thrown);
        PSQLException server = assertInstanceOf(PSQLException.class, raised, "not raised by the server: " + raised);
        ServerErrorMessage m = server.getServerErrorMessage();
        assertEquals("ERROR", m.getSeverity());
        assertTrue(!m.getMessage().contains("java.") && !m.getMessage().contains("Exception"), m.getMessage());
        return m;
    }

    @FunctionalInterface
    interface SqlCall {
        void run() throws SQLException;
    }

    private void assertUsable() throws SQLException {
        assertEquals("still works", backend.call(c, "fx", "echo", "still works"));
    }

    @Test
    void unknownPlugin() throws SQLException {
        ServerErrorMessage m = seen(() -> backend.call(c, "nope", "x"));
        assertEquals("42704", m.getSQLState());
        assertEquals("no Wasm plug-in named 'nope' is registered", m.getMessage());
        assertNull(m.getDetail());
        assertTrue(m.getHint().contains("wasm_plugins()"), m.getHint());
        assertUsable();
    }

    @Test
    void missingExportListsTheExportsInDetail() throws SQLException {
        ServerErrorMessage m = seen(() -> backend.call(c, "fx", "nope", "x"));
        assertEquals("42883", m.getSQLState());
        assertEquals("plug-in 'fx' has no export 'nope'", m.getMessage());
        assertTrue(m.getDetail().startsWith("Its exports are ") && m.getDetail().contains("echo"), m.getDetail());
        assertEquals("Call one of them, e.g. wasm_call('fx', 'echo', input) or wasm_call('fx.echo', input).", m.getHint());
        assertUsable();
    }

    @Test
    void trapAndLimitsSayWhatHappenedAndWhichLimit() throws SQLException {
        ServerErrorMessage trap = seen(() -> backend.call(c, "fx", "boom", ""));
        assertEquals("38001", trap.getSQLState());
        assertEquals("plug-in 'fx', export 'boom' trapped", trap.getMessage());
        assertTrue(trap.getDetail().contains("discarded"), trap.getDetail());
        // A stopped call's error is not raised through SPI (a pending termination would abort the
        // backend from inside Java): it leaves as it is, naming the limit.
        SQLException time = assertThrows(SQLException.class, () -> backend.call(c, "fx", "spin", ""));
        SQLException left = PgErrorReport.toServerError(c, time);
        assertEquals("57014", left.getSQLState());
        assertFalse(left instanceof PSQLException, "no SPI statement after a stopped call");
        assertTrue(left.getMessage().contains("300 ms"), left.getMessage());
        ServerErrorMessage memory = seen(() -> backend.call(c, "fx", "grow", ""));
        assertEquals("53200", memory.getSQLState());
        assertTrue(memory.getDetail().contains("limit of 4 pages"), memory.getDetail());
        assertUsable();
    }

    @Test
    void withoutTheHelperTheOriginalErrorIsKept() throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP FUNCTION " + SCHEMA + ".wasm_raise(text, text, text, text)");
        }
        SQLException thrown = assertThrows(SQLException.class, () -> backend.call(c, "nope", "x"));
        assertSame(thrown, PgErrorReport.toServerError(c, thrown));
    }

    // ---- logs -----------------------------------------------------------------------------------

    /** raw_abi's "logs" export logs one line at each Extism level, trace to error. */
    private List<String> logsSeenUnder(String clientMinMessages) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("SET client_min_messages = " + clientMinMessages);
        }
        List<String> seen = new ArrayList<>();
        PgLog log = new PgLog(() -> collecting(c, seen));
        byte[] wasm = Files.readAllBytes(SqlScript.repoRoot().resolve("plugins/wasm/raw_abi.wasm"));
        PluginOptions options = PluginOptions.builder().name("raw_abi").logSink(log).logLevel(LogLevel.TRACE).build();
        try (Plugin p = WasmEngine.shared().compile(ManifestJson.parsePartial("{}")
                .addWasm(WasmSource.ofData(wasm)).build(), options).instantiate()) {
            log.newCall();
            assertEquals("ok", p.call("logs", ""));
        }
        return seen;
    }

    @Test
    void eachLevelIsSeenOrNotAsClientMinMessagesSays() throws Exception {
        List<String> always = List.of("INFO raw_abi: info message", "WARNING raw_abi: warn message",
                "WARNING raw_abi: error message");
        assertEquals(List.of("INFO raw_abi: info message"), logsSeenUnder("error"));
        assertEquals(always, logsSeenUnder("warning"));
        assertEquals(always, logsSeenUnder("notice"));
        assertEquals(always, logsSeenUnder("info"));
        List<String> debug1 = new ArrayList<>(List.of("DEBUG raw_abi: debug message"));
        debug1.addAll(always);
        assertEquals(debug1, logsSeenUnder("debug1"));
        List<String> debug2 = new ArrayList<>(List.of("DEBUG raw_abi: trace message"));
        debug2.addAll(debug1);
        assertEquals(debug2, logsSeenUnder("debug2"));
        assertUsable();
    }

    @Test
    void withoutTheHelperLogLinesNeverFailTheCall() throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("DROP FUNCTION " + SCHEMA + ".wasm_log(text, text)");
        }
        assertEquals(List.of(), logsSeenUnder("debug2"));   // the call itself succeeded (asserted inside)
        assertUsable();
    }

    /**
     * {@code c}, with every PreparedStatement handing the notices it received to {@code seen} as
     * "SEVERITY message" before it closes (pgjdbc attaches a statement's notices to the statement).
     */
    private static Connection collecting(Connection c, List<String> seen) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object r = invoke(c, method, args);
                    if (r instanceof PreparedStatement) {
                        PreparedStatement ps = (PreparedStatement) r;
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(),
                                new Class<?>[] {PreparedStatement.class}, (p2, m2, a2) -> {
                                    if (m2.getName().equals("close")) {
                                        for (SQLWarning w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
                                            ServerErrorMessage m = ((PSQLWarning) w).getServerErrorMessage();
                                            if (m.getMessage().startsWith("raw_abi: ")) {   // not the server's own DEBUG2 lines
                                                seen.add(m.getSeverity() + " " + m.getMessage());
                                            }
                                        }
                                    }
                                    return invoke(ps, m2, a2);
                                });
                    }
                    return r;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
