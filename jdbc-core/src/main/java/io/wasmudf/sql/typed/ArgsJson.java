package io.wasmudf.sql.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wasmudf.sql.SqlStates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

/**
 * A defined function's input: one text or bytes argument raw (as wasm_call passes it), anything
 * else one JSON object keyed by the argument names, in their order, compact. SQL NULL is JSON
 * null; bytes are base64 (standard alphabet, padded, no line breaks); json arguments are embedded
 * as JSON; a non-finite double is the string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}.
 * Both databases build the same bytes from the same values.
 */
public final class ArgsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArgsJson() {
    }

    /**
     * The input for Java values: String (text; json as JSON text), byte[], Integer, Long, Double,
     * Boolean, or null. A raw argument's NULL is null (the call is skipped: NULL result).
     */
    public static byte[] input(TypedSignature sig, Object[] values) throws SQLException {
        List<TypedSignature.Column> args = sig.args();
        if (values.length != args.size()) {
            throw SqlStates.invalid(sig.label() + " takes " + args.size() + " arguments, not " + values.length);
        }
        if (!sig.packed()) {
            Object v = values[0];
            return v == null ? null : v instanceof byte[] ? (byte[]) v : v.toString().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < values.length; i++) {
            TypedSignature.Column a = args.get(i);
            o.set(a.name, node(sig, a, values[i]));
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The input from PostgreSQL's text forms of the arguments ({@code $n::text}; bytea as
     * {@code encode($n, 'base64')}), converted to the declared types so the JSON is the same as H2's.
     */
    public static byte[] inputFromText(TypedSignature sig, String[] texts) throws SQLException {
        Object[] values = new Object[texts.length];
        List<TypedSignature.Column> args = sig.args();
        for (int i = 0; i < texts.length && i < args.size(); i++) {
            values[i] = texts[i] == null ? null : fromText(args.get(i).type, texts[i]);
        }
        return input(sig, values);
    }

    private static Object fromText(SqlType t, String s) {
        switch (t) {
            case INTEGER:
                return Integer.valueOf(s);
            case BIGINT:
                return Long.valueOf(s);
            case DOUBLE:
                return Double.valueOf(s);
            case BOOLEAN:
                return "true".equals(s) || "t".equals(s);
            case BYTES:
                return Base64.getMimeDecoder().decode(s);
            default:
                return s;
        }
    }

    private static JsonNode node(TypedSignature sig, TypedSignature.Column a, Object v) throws SQLException {
        if (v == null) {
            return JSON.nullNode();
        }
        switch (a.type) {
            case BYTES:
                return JSON.getNodeFactory().textNode(Base64.getEncoder().encodeToString((byte[]) v));
            case JSON:
                try {
                    return JSON.readTree(v.toString());
                } catch (IOException e) {
                    throw SqlStates.invalid(sig.label() + ": argument '" + a.name + "' is not JSON: " + e.getMessage().split("\n")[0]);
                }
            case INTEGER:
                return JSON.getNodeFactory().numberNode(((Number) v).intValue());
            case BIGINT:
                return JSON.getNodeFactory().numberNode(((Number) v).longValue());
            case DOUBLE:
                double d = ((Number) v).doubleValue();
                return Double.isFinite(d) ? JSON.getNodeFactory().numberNode(d) : JSON.getNodeFactory().textNode(Double.toString(d));
            case BOOLEAN:
                return JSON.getNodeFactory().booleanNode((Boolean) v);
            default:
                return JSON.getNodeFactory().textNode(v.toString());
        }
    }
}
