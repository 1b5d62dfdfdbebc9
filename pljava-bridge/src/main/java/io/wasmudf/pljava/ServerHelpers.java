package io.wasmudf.pljava;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Asks whether install.sql's helper functions are there: a jar newer than the installed SQL (an
 * upgrade by {@code sqlj.replace_jar} alone) must not turn every error or log line into "function
 * does not exist". Looked up on the search_path, which every bridge function sets to
 * {@code wasmudf, pg_catalog, pg_temp}.
 */
final class ServerHelpers {
    private ServerHelpers() {
    }

    /** Whether {@code signature}, e.g. {@code wasm_log(text,text)}, names a function. */
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
