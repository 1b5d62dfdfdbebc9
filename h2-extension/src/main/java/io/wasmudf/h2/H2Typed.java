package io.wasmudf.h2;

import io.wasmudf.sql.Definitions;
import io.wasmudf.sql.typed.ArgsJson;
import io.wasmudf.sql.typed.Definer;
import io.wasmudf.sql.typed.OutputParsers;
import io.wasmudf.sql.typed.SqlType;
import io.wasmudf.sql.typed.TypedSignature;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.tools.SimpleResultSet;
import org.h2.value.Value;
import org.h2.value.ValueJson;
import org.h2.value.ValueNull;

/**
 * H2's typed functions: {@code wasm_define}, {@code wasm_define_all}, {@code wasm_undefine}
 * (admins only, like wasm_register), and {@link #invoke}, where every defined function's call
 * arrives (through its class, {@link DefinedClasses}) and goes on as a wasm_call does, through
 * this session's instance cache, limits and errors.
 */
public final class H2Typed {
    private static final Definer DEFINER = new Definer(WasmUdf.FUNCTIONS, new H2DefinitionDdl());
    /** Parsed signatures by their class's key (the key is the spec: an entry never goes stale). */
    private static final Map<String, TypedSignature> SIGNATURES = new ConcurrentHashMap<>();

    private H2Typed() {
    }

    /** {@code wasm_define(sql_name, 'plugin.export', arguments, returns)}: the function's qualified name. */
    public static String wasmDefine(Connection c, String sqlName, String function, String arguments, String returns)
            throws SQLException {
        WasmUdf.requireAdmin(c, "define functions over");
        return DEFINER.define(c, sqlName, function, arguments, returns);
    }

    /** {@code wasm_define_all(plugin)}: every function of the plug-in's {@code metadata}; their names, comma-separated. */
    public static String wasmDefineAll(Connection c, String plugin) throws SQLException {
        return wasmDefineAll(c, plugin, null);
    }

    public static String wasmDefineAll(Connection c, String plugin, String schema) throws SQLException {
        WasmUdf.requireAdmin(c, "define functions over");
        return String.join(", ", DEFINER.defineAll(c, H2Sessions.state(c), plugin, schema));
    }

    /** {@code wasm_undefine(sql_name)}: drops a defined function or aggregate; whether there was one. */
    public static Boolean wasmUndefine(Connection c, String sqlName) throws SQLException {
        WasmUdf.requireAdmin(c, "drop functions over");
        return Definitions.undefine(c, TypedSignature.qualify(sqlName, "PUBLIC", TypedSignature.Case.UPPER));
    }

    static TypedSignature signature(String key) throws SQLException {
        TypedSignature sig = SIGNATURES.get(key);
        if (sig == null) {
            sig = TypedSignature.fromSpec(DefinedClasses.spec(key), TypedSignature.Case.UPPER);
            SIGNATURES.put(key, sig);
        }
        return sig;
    }

    /** A defined function's call: {@code args} as H2 converted them to the declared Java types. */
    public static Object invoke(Connection c, String key, Object[] args) throws SQLException {
        TypedSignature sig = signature(key);
        if (sig.returnsTable()) {
            return table(c, sig, args);
        }
        byte[] input = ArgsJson.input(sig, values(args));
        if (input == null) {
            return null;   // one raw argument, NULL: NULL, as wasm_call
        }
        Object v = OutputParsers.scalar(sig, WasmUdf.FUNCTIONS.call(c, H2Sessions.state(c), sig.plugin(), sig.export(), input));
        if (sig.returns() == SqlType.JSON) {
            return v == null ? ValueNull.INSTANCE : ValueJson.fromJson((String) v);
        }
        return v;
    }

    private static ResultSet table(Connection c, TypedSignature sig, Object[] args) throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        for (TypedSignature.Column col : sig.columns()) {
            rs.addColumn(col.name.toUpperCase(java.util.Locale.ROOT), sqlType(col.type), col.type.h2(), 0, 0);
        }
        // The column list comes from the declaration, never from running the plug-in.
        if (WasmUdf.isColumnList(c)) {
            return rs;
        }
        byte[] input = ArgsJson.input(sig, values(args));
        if (input == null) {
            return rs;
        }
        List<Object[]> rows = OutputParsers.rows(sig, WasmUdf.FUNCTIONS.call(c, H2Sessions.state(c), sig.plugin(), sig.export(), input));
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (sig.columns().get(i).type == SqlType.JSON && row[i] != null) {
                    row[i] = ValueJson.fromJson((String) row[i]);
                }
            }
            rs.addRow(row);
        }
        return rs;
    }

    /** JSON arguments arrive as H2 values: their JSON text (a string argument is read as JSON text). */
    private static Object[] values(Object[] args) {
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Value) {
                Value v = (Value) out[i];
                out[i] = v == ValueNull.INSTANCE ? null
                        : v.getValueType() == Value.JSON ? new String(v.getBytesNoCopy(), StandardCharsets.UTF_8) : v.getString();
            }
        }
        return out;
    }

    private static int sqlType(SqlType t) {
        switch (t) {
            case BYTES:
                return Types.VARBINARY;
            case INTEGER:
                return Types.INTEGER;
            case BIGINT:
                return Types.BIGINT;
            case DOUBLE:
                return Types.DOUBLE;
            case BOOLEAN:
                return Types.BOOLEAN;
            case JSON:
                return Types.OTHER;
            default:
                return Types.VARCHAR;
        }
    }
}
