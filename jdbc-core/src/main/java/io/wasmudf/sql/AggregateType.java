package io.wasmudf.sql;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The SQL types an aggregate may take and return, with their names in each database and how a
 * value crosses into the plug-in (text and JSON as UTF-8, bytes raw, numbers as decimal text) and
 * how an output comes back (parsed for numbers, checked for JSON).
 */
public enum AggregateType {
    TEXT("text", "VARCHAR", "text"),
    BYTES("bytea", "VARBINARY", "bytea"),
    INTEGER("integer", "INTEGER", "integer"),
    BIGINT("bigint", "BIGINT", "bigint"),
    DOUBLE("double precision", "DOUBLE PRECISION", "double"),
    JSON("jsonb", "JSON", "jsonb");

    private final String pgName;
    private final String h2Name;
    private final String suffix;

    AggregateType(String pgName, String h2Name, String suffix) {
        this.pgName = pgName;
        this.h2Name = h2Name;
        this.suffix = suffix;
    }

    /** The name as written in a define call: its own name in either database, or a common alias. */
    public static AggregateType parse(String name, String what) throws SQLException {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (n) {
            case "text": case "varchar": case "character varying":
                return TEXT;
            case "bytea": case "bytes": case "varbinary": case "binary varying":
                return BYTES;
            case "integer": case "int": case "int4":
                return INTEGER;
            case "bigint": case "int8":
                return BIGINT;
            case "double": case "double precision": case "float8":
                return DOUBLE;
            case "json": case "jsonb":
                return JSON;
            default:
                throw SqlStates.invalid(what + " must be one of text, bytea, integer, bigint, double precision, jsonb "
                        + "(or json), not '" + name + "'");
        }
    }

    public String pgName() {
        return pgName;
    }

    public String h2Name() {
        return h2Name;
    }

    /** The suffix of the PostgreSQL final function returning this type ({@code wasm_agg_finish_<suffix>}). */
    public String pgSuffix() {
        return suffix;
    }

    /** A value's bytes for the plug-in: text and JSON as UTF-8, bytes raw, numbers as decimal text. */
    public byte[] encode(Object value) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The aggregate's result from the plug-in's {@code finish} output: a String (text, JSON text),
     * byte[], Integer, Long or Double. An output that does not parse fails with 22P02, naming the
     * aggregate.
     */
    public Object decode(byte[] out, String aggregate) throws SQLException {
        switch (this) {
            case BYTES:
                return out;
            case TEXT:
                return new String(out, StandardCharsets.UTF_8);
            case JSON:
                JsonRows.parse(out, aggregate);
                return new String(out, StandardCharsets.UTF_8);
            default:
                break;
        }
        String text = new String(out, StandardCharsets.UTF_8).trim();
        try {
            switch (this) {
                case INTEGER:
                    return Integer.valueOf(text);
                case BIGINT:
                    return Long.valueOf(text);
                default:
                    return Double.valueOf(text);
            }
        } catch (NumberFormatException e) {
            String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
            throw new SQLException(aggregate + ": output \"" + shown + "\" is not " + (this == INTEGER ? "an integer"
                    : this == BIGINT ? "a bigint" : "a double precision number"), "22P02");
        }
    }
}
