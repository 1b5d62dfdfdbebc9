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

/**
 * The PL/Java entry points: one public static method per Java function of
 * {@code sql/postgres/install.sql}, in the SQL argument order. PL/Java runs one JVM per backend, so
 * the static {@link PgBackend} is this backend's instance cache (it dies with the backend: no
 * close hook is needed). SQL runs on {@code jdbc:default:connection} (SPI, inside the caller's
 * transaction). json/jsonb cross as String (PL/Java maps them through their text I/O);
 * set-returning functions return a {@link java.util.Iterator}. Nothing here uses PL/Java's API.
 * Every entry point runs through {@link #run}, so its errors leave in PostgreSQL's shape
 * ({@link PgErrorReport}), and plug-in logs go to PostgreSQL's log levels ({@link PgLog}).
 */
public final class WasmUdf {
    /** Plug-in logs go to PostgreSQL, which filters them by its own settings: every level is let through. */
    private static final PgLog LOG = new PgLog(WasmUdf::db);

    static {
        LogSink.setProcessDefault(LOG, LogLevel.TRACE);
    }

    private static PgBackend backend;

    private WasmUdf() {
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:default:connection");
    }

    /**
     * This backend's state, made on first use and named after the backend's pid (asked of
     * PostgreSQL: trusted Java may not ask the JVM). Path and URL sources are allowed only where the
     * policy lets the calling code read files (the untrusted javaU language), checked per call.
     */
    private static synchronized PgBackend backend(Connection c) throws SQLException {
        if (backend == null) {
            String label = "backend";
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                if (rs.next()) {
                    label = "backend " + rs.getInt(1);
                }
            }
            backend = new PgBackend(label, CacheLimits.defaults(), PgSettings.timeLimits(c), mayReadFiles());
            Rehearsal.run();
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

    /** Runs {@code work}; an error leaves as a PostgreSQL error (message, DETAIL, HINT, SQLSTATE). */
    static <T> T run(Work<T> work) throws SQLException {
        LOG.newCall();
        Connection c = db();
        try {
            return work.run(c, backend(c));
        } catch (SQLException | RuntimeException e) {
            throw PgErrorReport.toServerError(c, e);
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

    // ---- calls ----------------------------------------------------------------------------------

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

    // ---- listings -------------------------------------------------------------------------------

    public static Iterator<String> cacheStats() throws SQLException {
        return run((c, b) -> b.cacheStats(c));
    }
}
