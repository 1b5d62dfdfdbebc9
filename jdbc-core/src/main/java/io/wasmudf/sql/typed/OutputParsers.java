package io.wasmudf.sql.typed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A defined function's output as its declared SQL type. text and bytes results are the output
 * itself; the other types parse it as JSON ({@code 42}, {@code 2.5}, {@code true}, any JSON), and
 * an empty output or {@code null} is SQL NULL. A set of rows comes from a JSON array of objects,
 * one column per field of the column's name (a missing field or {@code null} is NULL). What does
 * not parse is a 22P02 error naming the SQL function. Values come back as Java objects: String
 * (text, and json as its JSON text), byte[], Integer, Long, Double, Boolean.
 */
public final class OutputParsers {
    /** invalid_text_representation: PostgreSQL's own state for a value that does not parse as its type. */
    public static final String UNPARSABLE = "22P02";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

    private OutputParsers() {
    }

    /** The scalar result of {@code sig} from the output bytes. */
    public static Object scalar(TypedSignature sig, byte[] out) throws SQLException {
        SqlType t = sig.returns();
        if (sig.returnField() == null) {
            if (t == SqlType.TEXT) {
                return new String(out, StandardCharsets.UTF_8);
            }
            if (t == SqlType.BYTES) {
                return out;
            }
            if (out.length == 0) {
                return null;
            }
            if (t == SqlType.INTEGER || t == SqlType.BIGINT) {
                Long v = plainInteger(out);
                if (v != null && (t == SqlType.BIGINT || v == v.intValue())) {
                    return t == SqlType.BIGINT ? (Object) v : (Object) v.intValue();
                }
            }
        }
        JsonNode n = result(sig, out, t.word());
        if (t == SqlType.JSON && sig.returnField() == null) {
            return n.toString();
        }
        return value(t, n, sig.label() + ": output " + quoted(out));
    }

    /** The rows of a table-returning {@code sig}: one Object[] per element, in column order. */
    public static List<Object[]> rows(TypedSignature sig, byte[] out) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        if (out.length == 0 && sig.returnField() == null) {
            return rows;
        }
        JsonNode n = result(sig, out, "JSON array");
        if (n.isNull() || n.isMissingNode()) {
            return rows;
        }
        if (!n.isArray()) {
            throw new SQLException(sig.label() + ": output " + quoted(out) + " is not a JSON array of rows", UNPARSABLE);
        }
        int i = 0;
        for (JsonNode e : n) {
            i++;
            if (!e.isObject()) {
                throw new SQLException(sig.label() + ": row " + i + " of the output is a JSON " + kind(e)
                        + ", not an object", UNPARSABLE);
            }
            Object[] row = new Object[sig.columns().size()];
            for (int c = 0; c < row.length; c++) {
                TypedSignature.Column col = sig.columns().get(c);
                row[c] = value(col.type, e.get(col.name), sig.label() + ": row " + i + ", column \"" + col.name + "\": "
                        + quoted(e.get(col.name)));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * A bare decimal integer (optional '-', at most 18 digits, surrounding ASCII blanks), the usual
     * output of a counting export, read without a JSON parser; null for anything else, which the
     * JSON path then reads or rejects.
     */
    private static Long plainInteger(byte[] out) {
        int i = 0;
        int end = out.length;
        while (i < end && out[i] <= ' ') {
            i++;
        }
        while (end > i && out[end - 1] <= ' ') {
            end--;
        }
        boolean negative = i < end && out[i] == '-';
        int start = negative ? i + 1 : i;
        if (start == end || end - start > 18 || (out[start] == '0' && end - start > 1)) {
            return null;
        }
        long v = 0;
        for (int k = start; k < end; k++) {
            int d = out[k] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /** The output as JSON, or its field {@code returnField} (a missing field is JSON null). */
    private static JsonNode result(TypedSignature sig, byte[] out, String what) throws SQLException {
        JsonNode n;
        try {
            n = JSON.readTree(out);
        } catch (IOException e) {
            n = null;
        }
        if (n == null || n.isMissingNode()) {
            throw new SQLException(sig.label() + ": output " + quoted(out) + " is not "
                    + (sig.returnField() != null ? "a JSON object" : article(what)), UNPARSABLE);
        }
        if (sig.returnField() == null) {
            return n;
        }
        if (!n.isObject()) {
            throw new SQLException(sig.label() + ": output " + quoted(out) + " is not a JSON object with field \""
                    + sig.returnField() + "\"", UNPARSABLE);
        }
        return n.path(sig.returnField()).isMissingNode() ? JSON.nullNode() : n.get(sig.returnField());
    }

    /** One JSON value as {@code type}; {@code where} starts the error message. */
    static Object value(SqlType type, JsonNode n, String where) throws SQLException {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        switch (type) {
            case TEXT:
                return n.isTextual() ? n.textValue() : n.toString();
            case JSON:
                return n.toString();
            case BYTES:
                if (n.isTextual()) {
                    try {
                        return Base64.getDecoder().decode(n.textValue());
                    } catch (IllegalArgumentException e) {
                        // falls through to the error
                    }
                }
                throw new SQLException(where + " is not base64 bytes", UNPARSABLE);
            case INTEGER:
                if (n.isIntegralNumber() && n.canConvertToInt()) {
                    return n.intValue();
                }
                throw new SQLException(where + " is not an integer", UNPARSABLE);
            case BIGINT:
                if (n.isIntegralNumber() && n.canConvertToLong()) {
                    return n.longValue();
                }
                throw new SQLException(where + " is not a bigint", UNPARSABLE);
            case DOUBLE:
                if (n.isNumber()) {
                    return n.doubleValue();
                }
                if (n.isTextual() && n.textValue().matches("NaN|-?Infinity")) {
                    return Double.valueOf(n.textValue());
                }
                throw new SQLException(where + " is not a double", UNPARSABLE);
            case BOOLEAN:
                if (n.isBoolean()) {
                    return n.booleanValue();
                }
                throw new SQLException(where + " is not a boolean", UNPARSABLE);
            default:
                throw new IllegalStateException(type.name());
        }
    }

    private static String article(String what) {
        return what.matches("[aeiou].*") ? "an " + what : "a " + what;
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A field's value as its JSON text (a string keeps its quotes), shortened. */
    private static String quoted(JsonNode n) {
        String s = n == null ? "(missing)" : n.toString();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** The start of an output, quoted, for messages. */
    static String quoted(byte[] out) {
        String head = new String(out, 0, Math.min(out.length, 60), StandardCharsets.UTF_8);
        return "\"" + head + (out.length > 60 ? "..." : "") + "\"";
    }
}
