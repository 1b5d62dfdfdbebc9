package io.wasmudf.sql.typed;

import java.util.Locale;

/** The SQL types a defined function's arguments, result and result columns may have. */
public enum SqlType {
    TEXT("text", "VARCHAR"),
    BYTES("bytea", "VARBINARY"),
    JSON("jsonb", "JSON"),
    INTEGER("integer", "INTEGER"),
    BIGINT("bigint", "BIGINT"),
    DOUBLE("double precision", "DOUBLE PRECISION"),
    BOOLEAN("boolean", "BOOLEAN");

    private final String postgres;
    private final String h2;

    SqlType(String postgres, String h2) {
        this.postgres = postgres;
        this.h2 = h2;
    }

    /** The type's name in PostgreSQL DDL. */
    public String postgres() {
        return postgres;
    }

    /** The type's name in H2 DDL. */
    public String h2() {
        return h2;
    }

    /** The word a user writes (the canonical one in registry specs and error labels). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A type by any of its usual names in either database, or null if it names none of them. */
    public static SqlType of(String word) {
        switch (word.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT)) {
            case "text": case "varchar": case "character varying": case "string":
                return TEXT;
            case "bytes": case "bytea": case "varbinary": case "binary varying":
                return BYTES;
            case "json": case "jsonb": case "jsonobject":
                return JSON;
            case "integer": case "int": case "int4": case "int32":
                return INTEGER;
            case "bigint": case "int8": case "int64": case "long":
                return BIGINT;
            case "double": case "double precision": case "float8": case "float": case "number": case "f64":
                return DOUBLE;
            case "boolean": case "bool":
                return BOOLEAN;
            default:
                return null;
        }
    }
}
