package io.wasmudf.pljava;

import io.wasmudf.runtime.LogLevel;
import io.wasmudf.runtime.LogSink;
import io.wasmudf.sql.CacheLimits;

import java.io.FilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The PL/Java entry points: one public static method per Java function of
 * {@code sql/postgres/install.sql}, in the SQL argument order. PL/Java runs one JVM per backend, so
 * the static {@link PgBackend} is this backend's instance cache (it dies with the backend: no
 * close hook is needed). SQL runs on {@code jdbc:default:connection} (SPI, inside the caller's
 * transaction; PL/Java hands out one connection object per backend, kept here). json/jsonb cross
 * as String (PL/Java maps them through their text I/O); set-returning functions return a {@link
 * java.util.Iterator}. PL/Java's API is used only through {@link PgStatements}, at run time.
 * Every entry point runs through {@link #run}, so its errors leave in PostgreSQL's shape
 * ({@link PgErrorReport}), and plug-in logs go to PostgreSQL's log levels ({@link PgLog}).
 *
 * <p>The call entry points take a last {@code statementStart} ({@code statement_timestamp()} as
 * epoch seconds, passed by install.sql's SQL wrappers) so that the store is read once per
 * statement; the forms without it (an older install.sql) read it on every call.
 */
public final class WasmUdf {
    /** install.sql's schema: every name the bridge's SQL uses is qualified with it or pg_catalog. */
    static final String SCHEMA = "wasmudf";
    /** Plug-in logs go to PostgreSQL, which filters them by its own settings: every level is let through. */
    private static final PgLog LOG = new PgLog(SCHEMA, WasmUdf::db);
    private static final double NO_STATEMENT = Double.NaN;

    static {
        LogSink.setProcessDefault(LOG, LogLevel.TRACE);
    }

    /** The set-up's timings at DEBUG1 (PL/Java maps FINE to it; shown when the JVM started with debug1 or lower). */
    private static final Logger SETUP_LOG = Logger.getLogger(WasmUdf.class.getName());

    private static PgBackend backend;
    private static Connection connection;

    private WasmUdf() {
    }

    private static Connection db() throws SQLException {
        Connection c = connection;
        if (c == null) {
            c = DriverManager.getConnection("jdbc:default:connection");
            connection = c;
        }
        return c;
    }

    /**
     * This backend's state, made on first use and named after the backend's pid (asked of
     * PostgreSQL: trusted Java may not ask the JVM). Path and URL sources are allowed only where the
     * policy lets the calling code read files (the untrusted javaU language), checked per call.
     */
    private static synchronized PgBackend backend(Connection c) throws SQLException {
        if (backend == null) {
            long start = System.nanoTime();
            // First, before the slower set-up: the call path needs PgStatements, and a class PL/Java
            // failed to load (SPI under a pending statement_timeout) stays unloadable in the backend.
            PgStatements.listen();
            String label = "backend";
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_catalog.pg_backend_pid()")) {
                if (rs.next()) {
                    label = "backend " + rs.getInt(1);
                }
            }
            backend = new PgBackend(label, SCHEMA, CacheLimits.defaults(), PgSettings.timeLimits(c), mayReadFiles());
            long made = System.nanoTime();
            Rehearsal.run();
            if (SETUP_LOG.isLoggable(Level.FINE)) {
                SETUP_LOG.fine(String.format("wasmudf: %s set up in %d ms, its rehearsal took %d ms", label,
                        (made - start) / 1_000_000, (System.nanoTime() - made) / 1_000_000));
            }
        }
        return backend;
    }

    @SuppressWarnings("removal")
    static boolean mayReadFiles() {
        SecurityManager sm = System.getSecurityManager();
        if (sm == null) {
            return true;
        }
        try {
            sm.checkPermission(new FilePermission("<<ALL FILES>>", "read"));
            return true;
        } catch (SecurityException e) {
            return false;
        }
    }

    /** One entry point's work, on this backend's state and connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c, PgBackend b) throws SQLException;
    }

    /** Runs {@code work} as a call of no known statement (the store is read afresh). */
    static <T> T run(Work<T> work) throws SQLException {
        return run(NO_STATEMENT, work);
    }

    /**
     * Runs {@code work} for the statement started at {@code statementStart} (NaN: unknown); an
     * error leaves as a PostgreSQL error (message, DETAIL, HINT, SQLSTATE).
     */
    static <T> T run(double statementStart, Work<T> work) throws SQLException {
        LOG.newCall();
        Connection c = db();
        try {
            PgBackend b = backend(c);
            b.enterStatement(Double.isNaN(statementStart) ? null : PgStatements.statement(statementStart));
            return work.run(c, b);
        } catch (SQLException | RuntimeException e) {
            throw PgErrorReport.toServerError(c, SCHEMA, e);
        }
    }

    // ---- registration ---------------------------------------------------------------------------

    public static String register(String name, byte[] wasm) throws SQLException {
        return run((c, b) -> b.register(c, name, wasm, null));
    }

    public static String register(String name, byte[] wasm, String manifest) throws SQLException {
        return run((c, b) -> b.register(c, name, wasm, manifest));
    }

    public static String register(String name, String manifest) throws SQLException {
        return run((c, b) -> b.register(c, name, manifest, mayReadFiles()));
    }

    public static boolean unregister(String name) throws SQLException {
        return run((c, b) -> b.unregister(c, name));
    }

    public static boolean unregister(String name, boolean cascade) throws SQLException {
        return run((c, b) -> b.unregister(c, name, cascade));
    }

    // ---- calls of no known statement (an install.sql older than the jar) -------------------------

    public static String call(String function, String input) throws SQLException {
        return run((c, b) -> b.call(c, function, input));
    }

    public static byte[] call(String function, byte[] input) throws SQLException {
        return run((c, b) -> b.call(c, function, input));
    }

    public static String call(String plugin, String export, String input) throws SQLException {
        return run((c, b) -> b.call(c, plugin, export, input));
    }

    public static byte[] call(String plugin, String export, byte[] input) throws SQLException {
        return run((c, b) -> b.call(c, plugin, export, input));
    }

    public static String callJson(String function, String input) throws SQLException {
        return run((c, b) -> b.callJson(c, function, PgBackend.utf8(input)));
    }

    public static String callJson(String function, byte[] input) throws SQLException {
        return run((c, b) -> b.callJson(c, function, input));
    }

    public static String callJson(String plugin, String export, String input) throws SQLException {
        return run((c, b) -> b.callJson(c, plugin, export, PgBackend.utf8(input)));
    }

    public static String callJson(String plugin, String export, byte[] input) throws SQLException {
        return run((c, b) -> b.callJson(c, plugin, export, input));
    }

    public static Iterator<String> rows(String function, String input) throws SQLException {
        return run((c, b) -> b.rows(c, function, PgBackend.utf8(input)));
    }

    public static Iterator<String> rows(String function, byte[] input) throws SQLException {
        return run((c, b) -> b.rows(c, function, input));
    }

    public static Iterator<String> rows(String plugin, String export, String input) throws SQLException {
        return run((c, b) -> b.rows(c, plugin, export, PgBackend.utf8(input)));
    }

    public static Iterator<String> rows(String plugin, String export, byte[] input) throws SQLException {
        return run((c, b) -> b.rows(c, plugin, export, input));
    }

    // ---- aggregates (install.sql: wasm_define_aggregate and the wasm_agg_* support functions) ----

    public static String defineAggregate(String sqlName, String plugin, String valueType, String returns,
            String exports) throws SQLException {
        return run((c, b) -> b.defineAggregate(c, sqlName, plugin, valueType, returns, exports));
    }

    public static byte[] aggStep(byte[] state, String value) throws SQLException {
        return run((c, b) -> b.aggregateStep(c, state, value));
    }

    public static byte[] aggStep(byte[] state, byte[] value) throws SQLException {
        return run((c, b) -> b.aggregateStep(c, state, value));
    }

    /** Numbers arrive as primitives: the SFUNCs are STRICT, so PostgreSQL skips NULL values itself. */
    public static byte[] aggStep(byte[] state, int value) throws SQLException {
        return run((c, b) -> b.aggregateStep(c, state, value));
    }

    public static byte[] aggStep(byte[] state, long value) throws SQLException {
        return run((c, b) -> b.aggregateStep(c, state, value));
    }

    public static byte[] aggStep(byte[] state, double value) throws SQLException {
        return run((c, b) -> b.aggregateStep(c, state, value));
    }

    public static byte[] aggMerge(byte[] a, byte[] b) throws SQLException {
        return run((c, be) -> be.aggregateMerge(c, a, b));
    }

    public static String aggFinishText(byte[] state) throws SQLException {
        return run((c, b) -> (String) b.aggregateFinish(c, state));
    }

    public static byte[] aggFinishBytes(byte[] state) throws SQLException {
        return run((c, b) -> (byte[]) b.aggregateFinish(c, state));
    }

    /**
     * A number result (integer, bigint, double precision) as its text, already parsed here (22P02
     * naming the aggregate when it does not parse): PL/Java's primitive returns cannot be NULL, so
     * install.sql's SQL final functions cast this text.
     */
    public static String aggFinishNumber(byte[] state) throws SQLException {
        return run((c, b) -> {
            Object r = b.aggregateFinish(c, state);
            return r == null ? null : r.toString();
        });
    }

    // ---- calls of a named statement (install.sql's wrappers pass statement_timestamp()) ---------

    public static String call(String function, String input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.call(c, function, input));
    }

    public static byte[] call(String function, byte[] input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.call(c, function, input));
    }

    public static String call(String plugin, String export, String input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.call(c, plugin, export, input));
    }

    public static byte[] call(String plugin, String export, byte[] input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.call(c, plugin, export, input));
    }

    public static String callJson(String function, String input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.callJson(c, function, PgBackend.utf8(input)));
    }

    public static String callJson(String function, byte[] input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.callJson(c, function, input));
    }

    public static String callJson(String plugin, String export, String input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.callJson(c, plugin, export, PgBackend.utf8(input)));
    }

    public static String callJson(String plugin, String export, byte[] input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.callJson(c, plugin, export, input));
    }

    public static Iterator<String[]> rows(String function, String input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.rowArrays(c, function, PgBackend.utf8(input)));
    }

    public static Iterator<String[]> rows(String function, byte[] input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.rowArrays(c, function, input));
    }

    public static Iterator<String[]> rows(String plugin, String export, String input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.rowArrays(c, plugin, export, PgBackend.utf8(input)));
    }

    public static Iterator<String[]> rows(String plugin, String export, byte[] input, double statementStart) throws SQLException {
        return run(statementStart, (c, b) -> b.rowArrays(c, plugin, export, input));
    }

    // ---- listings -------------------------------------------------------------------------------

    public static Iterator<String> cacheStats() throws SQLException {
        return run((c, b) -> b.cacheStats(c));
    }
}
