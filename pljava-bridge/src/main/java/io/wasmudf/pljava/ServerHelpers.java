package io.wasmudf.pljava;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Asks whether install.sql's helper functions are there: a jar newer than the installed SQL (an
 * upgrade by {@code sqlj.replace_jar} alone) must not turn every error or log line into "function
 * does not exist". Named with their schema (the call functions have no search_path of their own:
 * the caller's must not find a function of its own instead).
 */
final class ServerHelpers {
    private ServerHelpers() {
    }

    /** {@code schema.name}, or {@code name} for a null schema. */
    static String name(String schema, String name) {
        return schema == null ? name : schema + "." + name;
    }

    /** The signature of helper {@code name} taking {@code textArgs} text arguments, for {@link #exists}. */
    static String signature(String schema, String name, int textArgs) {
        return name(schema, name) + "(" + String.join(",", java.util.Collections.nCopies(textArgs, "pg_catalog.text")) + ")";
    }

    /** Whether {@code signature}, e.g. {@code wasmudf.wasm_log(pg_catalog.text,pg_catalog.text)}, names a function. */
    static boolean exists(Connection c, String signature) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.to_regprocedure(?) IS NOT NULL")) {
            ps.setString(1, signature);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Runs a {@code SELECT helper(...)} to its row: PL/Java reads a query's rows through a cursor,
     * so the function in the select list runs only when a row is fetched.
     */
    static void evaluate(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }
}
