package io.wasmudf.pljava;

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
 */
public final class WasmUdf {
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

    // ---- registration ---------------------------------------------------------------------------

    public static String register(String name, byte[] wasm) throws SQLException {
        Connection c = db();
        return backend(c).register(c, name, wasm, null);
    }

    public static String register(String name, byte[] wasm, String manifest) throws SQLException {
        Connection c = db();
        return backend(c).register(c, name, wasm, manifest);
    }

    public static String register(String name, String manifest) throws SQLException {
        Connection c = db();
        return backend(c).register(c, name, manifest, mayReadFiles());
    }

    public static boolean unregister(String name) throws SQLException {
        Connection c = db();
        return backend(c).unregister(c, name);
    }

    // ---- calls ----------------------------------------------------------------------------------

    public static String call(String function, String input) throws SQLException {
        Connection c = db();
        return backend(c).call(c, function, input);
    }

    public static byte[] call(String function, byte[] input) throws SQLException {
        Connection c = db();
        return backend(c).call(c, function, input);
    }

    public static String call(String plugin, String export, String input) throws SQLException {
        Connection c = db();
        return backend(c).call(c, plugin, export, input);
    }

    public static byte[] call(String plugin, String export, byte[] input) throws SQLException {
        Connection c = db();
        return backend(c).call(c, plugin, export, input);
    }

    public static String callJson(String function, String input) throws SQLException {
        Connection c = db();
        return backend(c).callJson(c, function, PgBackend.utf8(input));
    }

    public static String callJson(String function, byte[] input) throws SQLException {
        Connection c = db();
        return backend(c).callJson(c, function, input);
    }

    public static String callJson(String plugin, String export, String input) throws SQLException {
        Connection c = db();
        return backend(c).callJson(c, plugin, export, PgBackend.utf8(input));
    }

    public static String callJson(String plugin, String export, byte[] input) throws SQLException {
        Connection c = db();
        return backend(c).callJson(c, plugin, export, input);
    }

    public static Iterator<String> rows(String function, String input) throws SQLException {
        Connection c = db();
        return backend(c).rows(c, function, PgBackend.utf8(input));
    }

    public static Iterator<String> rows(String function, byte[] input) throws SQLException {
        Connection c = db();
        return backend(c).rows(c, function, input);
    }

    public static Iterator<String> rows(String plugin, String export, String input) throws SQLException {
        Connection c = db();
        return backend(c).rows(c, plugin, export, PgBackend.utf8(input));
    }

    public static Iterator<String> rows(String plugin, String export, byte[] input) throws SQLException {
        Connection c = db();
        return backend(c).rows(c, plugin, export, input);
    }

    // ---- listings -------------------------------------------------------------------------------

    public static Iterator<String> cacheStats() throws SQLException {
        Connection c = db();
        return backend(c).cacheStats(c);
    }
}
