package io.wasmudf.pljava;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.wasmudf.sql.ConnectionState;
import io.wasmudf.sql.Definitions;
import io.wasmudf.sql.WasmFunctions;
import io.wasmudf.sql.typed.ArgsJson;
import io.wasmudf.sql.typed.Definer;
import io.wasmudf.sql.typed.OutputParsers;
import io.wasmudf.sql.typed.SqlType;
import io.wasmudf.sql.typed.TypedSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One backend's typed functions, below the PL/Java boundary: wasm_define / wasm_define_all /
 * wasm_undefine ({@link Definer} with {@link PgDefinitionDdl}), and the generic functions every
 * defined function's body calls: {@code wasm_typed} (the result as the text of its type, which the
 * body casts), {@code wasm_typed_bytes}, {@code wasm_typed_rows} (one JSON array of checked column
 * values per row). Each gets the definition's own terms as constants of the body, so no registry
 * read is needed per call; the call itself is wasm_call's (this backend's cache, limits, errors).
 */
public final class PgTyped {
    /** Made on first use: only typed table functions need it, and it loads most of Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final int MAX_SIGNATURES = 1024;

    private final WasmFunctions functions;
    private final ConnectionState state;
    private final Definer definer;
    /** Parsed definitions by their body's constants (the same constants always parse the same). */
    private final Map<String, TypedSignature> signatures = new ConcurrentHashMap<>();

    public PgTyped(WasmFunctions functions, ConnectionState state, PgDefinitionDdl ddl) {
        this.functions = functions;
        this.state = state;
        this.definer = new Definer(functions, ddl);
    }

    // ---- definition ------------------------------------------------------------------------------

    public String define(Connection c, String sqlName, String function, String arguments, String returns) throws SQLException {
        return definer.define(c, sqlName, function, arguments, returns);
    }

    public Iterator<String> defineAll(Connection c, String plugin, String schema) throws SQLException {
        return definer.defineAll(c, state, plugin, schema).iterator();
    }

    public boolean undefine(Connection c, String sqlName) throws SQLException {
        return Definitions.undefine(c, TypedSignature.qualify(sqlName, definer.ddl().defaultSchema(), definer.ddl().folding()));
    }

    // ---- calls -------------------------------------------------------------------------------------

    /** {@code wasm_typed(sql_name, function, returns, input)}: one raw argument. */
    public String scalar(Connection c, String sqlName, String function, String returns, byte[] input, boolean binary)
            throws SQLException {
        TypedSignature sig = signature(sqlName, function, raw(binary), returns);
        return text(sig, OutputParsers.scalar(sig, call(c, sig, input)));
    }

    /** {@code wasm_typed(sql_name, function, arguments, returns, args text[])}: packed arguments. */
    public String scalar(Connection c, String sqlName, String function, String arguments, String returns, String[] args)
            throws SQLException {
        TypedSignature sig = signature(sqlName, function, arguments, returns);
        return text(sig, OutputParsers.scalar(sig, call(c, sig, ArgsJson.inputFromText(sig, args))));
    }

    public byte[] bytes(Connection c, String sqlName, String function, String returns, byte[] input, boolean binary)
            throws SQLException {
        TypedSignature sig = signature(sqlName, function, raw(binary), returns);
        return (byte[]) OutputParsers.scalar(sig, call(c, sig, input));
    }

    public byte[] bytes(Connection c, String sqlName, String function, String arguments, String returns, String[] args)
            throws SQLException {
        TypedSignature sig = signature(sqlName, function, arguments, returns);
        return (byte[]) OutputParsers.scalar(sig, call(c, sig, ArgsJson.inputFromText(sig, args)));
    }

    public Iterator<String> rows(Connection c, String sqlName, String function, String returns, byte[] input, boolean binary)
            throws SQLException {
        TypedSignature sig = signature(sqlName, function, raw(binary), returns);
        return rowsJson(sig, OutputParsers.rows(sig, call(c, sig, input)));
    }

    public Iterator<String> rows(Connection c, String sqlName, String function, String arguments, String returns, String[] args)
            throws SQLException {
        TypedSignature sig = signature(sqlName, function, arguments, returns);
        return rowsJson(sig, OutputParsers.rows(sig, call(c, sig, ArgsJson.inputFromText(sig, args))));
    }

    private byte[] call(Connection c, TypedSignature sig, byte[] input) throws SQLException {
        return functions.call(c, state, sig.plugin(), sig.export(), input);
    }

    /** A raw definition's body passes no argument list: its one argument is text or bytea, as the body passes it. */
    private static String raw(boolean binary) {
        return binary ? "input bytes" : "input text";
    }

    private TypedSignature signature(String sqlName, String function, String arguments, String returns) throws SQLException {
        String key = sqlName + '\0' + function + '\0' + arguments + '\0' + returns;
        TypedSignature sig = signatures.get(key);
        if (sig == null) {
            sig = TypedSignature.parse(sqlName, function, arguments, returns, null,
                    TypedSignature.Case.LOWER);
            if (signatures.size() >= MAX_SIGNATURES) {
                signatures.clear();
            }
            signatures.put(key, sig);
        }
        return sig;
    }

    /** The text of a checked value, for the body's cast. */
    private static String text(TypedSignature sig, Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof byte[] ? new String((byte[]) v, StandardCharsets.UTF_8) : v.toString();
    }

    private static Iterator<String> rowsJson(TypedSignature sig, List<Object[]> rows) throws SQLException {
        List<String> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            for (int i = 0; i < row.length; i++) {
                a.add(node(sig.columns().get(i).type, row[i]));
            }
            out.add(a.toString());
        }
        return out.iterator();
    }

    private static com.fasterxml.jackson.databind.JsonNode node(SqlType t, Object v) throws SQLException {
        if (v == null) {
            return Json.MAPPER.nullNode();
        }
        switch (t) {
            case BYTES:
                return Json.MAPPER.getNodeFactory().textNode(Base64.getEncoder().encodeToString((byte[]) v));
            case JSON:
                try {
                    return Json.MAPPER.readTree((String) v);
                } catch (IOException e) {
                    throw new SQLException("unreadable JSON column value", OutputParsers.UNPARSABLE, e);
                }
            case INTEGER:
                return Json.MAPPER.getNodeFactory().numberNode((Integer) v);
            case BIGINT:
                return Json.MAPPER.getNodeFactory().numberNode((Long) v);
            case DOUBLE:
                double d = (Double) v;
                return Double.isFinite(d) ? Json.MAPPER.getNodeFactory().numberNode(d) : Json.MAPPER.getNodeFactory().textNode(Double.toString(d));
            case BOOLEAN:
                return Json.MAPPER.getNodeFactory().booleanNode((Boolean) v);
            default:
                return Json.MAPPER.getNodeFactory().textNode((String) v);
        }
    }
}
