package io.wasmudf.pljava;

import io.wasmudf.sql.Definitions;
import io.wasmudf.sql.Dialect;
import io.wasmudf.sql.typed.DefinitionDdl;
import io.wasmudf.sql.typed.SqlType;
import io.wasmudf.sql.typed.TypedSignature;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL's DDL for a defined function: a {@code LANGUAGE sql} function with an SQL-standard
 * body over the generic functions of install.sql ({@code wasm_call}, {@code wasm_typed},
 * {@code wasm_typed_bytes}, {@code wasm_typed_rows}). Not SECURITY DEFINER and without SET
 * clauses, so the planner inlines it into the calling query: it costs what the generic call
 * costs. The body is parsed once, at creation (names resolved then, whatever the caller's
 * search_path later), and depends on the generic functions (dropping those drops it). Arguments
 * cross as text ({@code $n::text}, bytea as base64) and jdbc-core packs them; the result comes
 * back checked and is cast to its type, which then cannot fail. EXECUTE is revoked from PUBLIC and
 * granted to the callers' role; the generic functions check EXECUTE of their own, which that role has.
 */
public final class PgDefinitionDdl implements DefinitionDdl {
    private final String schema;
    private final String callerRole;

    /** install.sql's: schema {@code wasmudf}, role {@code wasmudf_user}. */
    public static PgDefinitionDdl installed() {
        return new PgDefinitionDdl("wasmudf", "wasmudf_user");
    }

    /** @param schema where install.sql put the generic functions; @param callerRole who may call defined functions */
    public PgDefinitionDdl(String schema, String callerRole) {
        this.schema = schema;
        this.callerRole = callerRole;
    }

    @Override
    public TypedSignature.Case folding() {
        return TypedSignature.Case.LOWER;
    }

    @Override
    public String defaultSchema() {
        return "public";
    }

    @Override
    public List<String> create(TypedSignature sig) {
        String params = sig.args().stream().map(a -> ident(a.name) + " " + a.type.postgres()).collect(Collectors.joining(", "));
        String head = "CREATE FUNCTION " + qualified(sig) + "(" + params + ") RETURNS ";
        // STRICT only where one raw argument is passed: NULL in, NULL out, without calling (as wasm_call).
        String flags = " LANGUAGE sql VOLATILE" + (sig.packed() ? "" : " STRICT");
        String create;
        if (sig.returnsTable()) {
            String cols = sig.columns().stream().map(c -> ident(c.name) + " " + c.type.postgres()).collect(Collectors.joining(", "));
            List<String> outs = new ArrayList<>();
            for (int i = 0; i < sig.columns().size(); i++) {
                outs.add(column(sig.columns().get(i).type, i));
            }
            create = head + "TABLE(" + cols + ")" + flags + " BEGIN ATOMIC SELECT " + String.join(", ", outs) + " FROM "
                    + schema + ".wasm_typed_rows(" + arguments(sig) + ") AS r; END";
        } else {
            create = head + sig.returns().postgres() + flags + " RETURN " + scalar(sig);
        }
        return List.of(create,
                "REVOKE ALL ON FUNCTION " + qualified(sig) + "(" + types(sig) + ") FROM PUBLIC",
                "GRANT EXECUTE ON FUNCTION " + qualified(sig) + "(" + types(sig) + ") TO " + ident(callerRole));
    }

    private String scalar(TypedSignature sig) {
        SqlType in = sig.packed() ? null : sig.args().get(0).type;
        SqlType out = sig.returns();
        if (sig.returnField() == null && in != null && in == out) {
            return schema + ".wasm_call(" + literal(sig.plugin() + "." + sig.export()) + ", $1)";   // exactly wasm_call
        }
        if (out == SqlType.BYTES) {
            return schema + ".wasm_typed_bytes(" + arguments(sig) + ")";
        }
        String call = schema + ".wasm_typed(" + arguments(sig) + ")";
        return out == SqlType.TEXT ? call : "CAST(" + call + " AS " + cast(out) + ")";
    }

    /** What install.sql's call wrappers pass too: the store is then read once per statement. */
    private static final String STATEMENT_START = "pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())";

    /** The generic function's arguments: name, function, [arguments,] returns, the input, the statement's start. */
    private static String arguments(TypedSignature sig) {
        List<String> a = new ArrayList<>();
        a.add(literal(sig.sqlName()));
        a.add(literal(sig.plugin() + "." + sig.export()));
        if (sig.packed()) {
            a.add(literal(sig.argumentsText()));
        }
        a.add(literal(sig.returnsText()));
        if (!sig.packed()) {
            a.add("$1");
        } else {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < sig.args().size(); i++) {
                texts.add(sig.args().get(i).type == SqlType.BYTES ? "pg_catalog.encode($" + (i + 1) + ", 'base64')"
                        : "CAST($" + (i + 1) + " AS pg_catalog.text)");
            }
            a.add("CAST(ARRAY[" + String.join(", ", texts) + "] AS pg_catalog.text[])");
        }
        a.add(STATEMENT_START);
        return String.join(", ", a);
    }

    /** Column {@code i} of a row ({@code [v0, v1, ...]} from wasm_typed_rows, values already checked). */
    private static String column(SqlType t, int i) {
        String text = "(r OPERATOR(pg_catalog.->>) " + i + ")";
        switch (t) {
            case TEXT:
                return text;
            case BYTES:
                return "pg_catalog.decode(" + text + ", 'base64')";
            case JSON:
                return "NULLIF(r OPERATOR(pg_catalog.->) " + i + ", 'null'::pg_catalog.jsonb)";
            default:
                return "CAST(" + text + " AS " + cast(t) + ")";
        }
    }

    private static String cast(SqlType t) {
        switch (t) {
            case JSON:
                return "pg_catalog.jsonb";
            case INTEGER:
                return "pg_catalog.int4";
            case BIGINT:
                return "pg_catalog.int8";
            case DOUBLE:
                return "pg_catalog.float8";
            case BOOLEAN:
                return "pg_catalog.bool";
            default:
                return "pg_catalog.text";
        }
    }

    @Override
    public String drop(TypedSignature sig) {
        return "DROP FUNCTION IF EXISTS " + qualified(sig) + "(" + types(sig) + ")";
    }

    @Override
    public boolean routineExists(Connection c, String schemaName, String name) throws SQLException {
        return Definitions.routineExists(c, Dialect.POSTGRES, schemaName, name);
    }

    private static String types(TypedSignature sig) {
        return sig.args().stream().map(a -> a.type.postgres()).collect(Collectors.joining(", "));
    }

    private static String qualified(TypedSignature sig) {
        return ident(sig.schema()) + "." + ident(sig.name());
    }

    /** Identifiers here are checked ({@link TypedSignature}) or fixed, so quoting is enough. */
    private static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
