package io.wasmudf.pljava;

import java.sql.SQLException;
import java.util.Iterator;

/**
 * The PL/Java entry points of typed functions (install.sql, "typed functions"), in SQL argument
 * order, each through {@link WasmUdf#run} like the others: wasm_define, wasm_define_all,
 * wasm_undefine, and the generic wasm_typed / wasm_typed_bytes / wasm_typed_rows that defined
 * functions' bodies call (raw text or bytea input, or packed arguments as text[]).
 */
public final class TypedUdf {
    private TypedUdf() {
    }

    public static String define(String sqlName, String function, String arguments, String returns) throws SQLException {
        return WasmUdf.run((c, b) -> b.typed().define(c, sqlName, function, arguments, returns));
    }

    public static Iterator<String> defineAll(String plugin) throws SQLException {
        return WasmUdf.run((c, b) -> b.typed().defineAll(c, plugin, null));
    }

    public static Iterator<String> defineAll(String plugin, String schema) throws SQLException {
        return WasmUdf.run((c, b) -> b.typed().defineAll(c, plugin, schema));
    }

    public static boolean undefine(String sqlName) throws SQLException {
        return WasmUdf.run((c, b) -> b.typed().undefine(c, sqlName));
    }

    public static String typed(String sqlName, String function, String returns, String input, double statementStart) throws SQLException {
        return WasmUdf.run(statementStart, (c, b) -> b.typed().scalar(c, sqlName, function, returns, PgBackend.utf8(input), false));
    }

    public static String typed(String sqlName, String function, String returns, byte[] input, double statementStart) throws SQLException {
        return WasmUdf.run(statementStart, (c, b) -> b.typed().scalar(c, sqlName, function, returns, input, true));
    }

    public static String typed(String sqlName, String function, String arguments, String returns, String[] args, double statementStart)
            throws SQLException {
        return WasmUdf.run(statementStart, (c, b) -> b.typed().scalar(c, sqlName, function, arguments, returns, args));
    }

    public static byte[] typedBytes(String sqlName, String function, String returns, String input, double statementStart) throws SQLException {
        return WasmUdf.run(statementStart, (c, b) -> b.typed().bytes(c, sqlName, function, returns, PgBackend.utf8(input), false));
    }

    public static byte[] typedBytes(String sqlName, String function, String returns, byte[] input, double statementStart) throws SQLException {
        return WasmUdf.run(statementStart, (c, b) -> b.typed().bytes(c, sqlName, function, returns, input, true));
    }

    public static byte[] typedBytes(String sqlName, String function, String arguments, String returns, String[] args, double statementStart)
            throws SQLException {
        return WasmUdf.run(statementStart, (c, b) -> b.typed().bytes(c, sqlName, function, arguments, returns, args));
    }

    public static Iterator<String> typedRows(String sqlName, String function, String returns, String input, double statementStart) throws SQLException {
        return WasmUdf.run(statementStart, (c, b) -> b.typed().rows(c, sqlName, function, returns, PgBackend.utf8(input), false));
    }

    public static Iterator<String> typedRows(String sqlName, String function, String returns, byte[] input, double statementStart) throws SQLException {
        return WasmUdf.run(statementStart, (c, b) -> b.typed().rows(c, sqlName, function, returns, input, true));
    }

    public static Iterator<String> typedRows(String sqlName, String function, String arguments, String returns, String[] args, double statementStart)
            throws SQLException {
        return WasmUdf.run(statementStart, (c, b) -> b.typed().rows(c, sqlName, function, arguments, returns, args));
    }
}
