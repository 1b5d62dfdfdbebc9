package io.wasmudf.pljava;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
    private static final Backend BACKEND = new Backend("backend " + ProcessHandle.current().pid());

    private WasmUdf() {
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:default:connection");
    }

    public static String register(String name, byte[] wasm) throws SQLException {
        return BACKEND.register(db(), name, wasm, null);
    }

    public static String register(String name, byte[] wasm, String manifest) throws SQLException {
        return BACKEND.register(db(), name, wasm, manifest);
    }

    public static String registerManifest(String name, String manifest) throws SQLException {
        if (manifest == null) {
            throw SqlErrors.of(SqlErrors.NULL_VALUE, "wasm_register: the manifest must not be null");
        }
        return BACKEND.register(db(), name, null, manifest);
    }

    public static boolean unregister(String name) throws SQLException {
        return BACKEND.unregister(db(), name);
    }

    public static String call(String function, String input) throws SQLException {
        return BACKEND.call(db(), function, input);
    }

    public static byte[] call(String function, byte[] input) throws SQLException {
        return BACKEND.call(db(), function, input);
    }

    public static String call(String plugin, String export, String input) throws SQLException {
        return BACKEND.call(db(), plugin, export, input);
    }

    public static byte[] call(String plugin, String export, byte[] input) throws SQLException {
        return BACKEND.call(db(), plugin, export, input);
    }

    public static String callJson(String function, String input) throws SQLException {
        return BACKEND.call(db(), function, input);
    }

    public static String callJson(String plugin, String export, String input) throws SQLException {
        return BACKEND.call(db(), plugin, export, input);
    }

    public static Iterator<String> rowElements(String function, String input) throws SQLException {
        return BACKEND.rowElements(db(), function, input);
    }

    public static Iterator<String> rowElements(String plugin, String export, String input) throws SQLException {
        return BACKEND.rowElements(db(), plugin, export, input);
    }

    public static Iterator<String> cacheStatsRows() {
        return BACKEND.cacheStatsRows();
    }
}
