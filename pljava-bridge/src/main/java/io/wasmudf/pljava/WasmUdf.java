package io.wasmudf.pljava;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;

/**
 * The PL/Java entry points: one public static method per SQL function of
 * {@code sql/postgres/install.sql}. PL/Java runs one JVM per backend, so the static
 * {@link Backend} is this backend's instance cache; SQL runs on {@code jdbc:default:connection}
 * (SPI, inside the caller's transaction). json/jsonb cross as String (PL/Java has no mapping of its
 * own for them: it uses the type's text I/O). Set-returning functions return a
 * {@link java.util.Iterator}. Nothing here uses PL/Java's API.
 */
public final class WasmUdf {
    private static Backend backend;

    private WasmUdf() {
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:default:connection");
    }

    /** This backend's cache, named after the backend's pid (asked of PostgreSQL: the JVM may not). */
    private static synchronized Backend backend(Connection c) throws SQLException {
        if (backend == null) {
            String id = "backend";
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                if (rs.next()) {
                    id = "backend " + rs.getInt(1);
                }
            }
            backend = new Backend(id);
        }
        return backend;
    }

    public static String register(String name, byte[] wasm) throws SQLException {
        Connection c = db();
        return backend(c).register(c, name, wasm, null);
    }

    public static String register(String name, byte[] wasm, String manifest) throws SQLException {
        Connection c = db();
        return backend(c).register(c, name, wasm, manifest);
    }

    public static String registerManifest(String name, String manifest) throws SQLException {
        if (manifest == null) {
            throw SqlErrors.of(SqlErrors.NULL_VALUE, "wasm_register: the manifest must not be null");
        }
        Connection c = db();
        return backend(c).register(c, name, null, manifest);
    }

    public static boolean unregister(String name) throws SQLException {
        Connection c = db();
        return backend(c).unregister(c, name);
    }

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
        return backend(c).call(c, function, input);
    }

    public static String callJson(String plugin, String export, String input) throws SQLException {
        Connection c = db();
        return backend(c).call(c, plugin, export, input);
    }

    public static Iterator<String> rowElements(String function, String input) throws SQLException {
        Connection c = db();
        return backend(c).rowElements(c, function, input);
    }

    public static Iterator<String> rowElements(String plugin, String export, String input) throws SQLException {
        Connection c = db();
        return backend(c).rowElements(c, plugin, export, input);
    }

    public static Iterator<String> cacheStatsRows() throws SQLException {
        Connection c = db();
        return backend(c).cacheStatsRows();
    }
}
