package io.wasmudf.pljava;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Turns what a PL/Java entry point throws into a PostgreSQL error of {@link PgError}'s shape. The
 * error is raised by PostgreSQL itself ({@code wasm_raise} of install.sql, a PL/pgSQL
 * {@code RAISE}) through the SPI connection; PL/Java hands the resulting server error back as an
 * SQLException, and when that leaves Java, PL/Java re-raises the server's error data unchanged:
 * message, DETAIL, HINT and SQLSTATE, with no Java class name.
 */
public final class PgErrorReport {
    static final String RAISE = "wasm_raise";
    /** query_canceled: a time limit, statement_timeout or pg_cancel_backend stopped the call. */
    static final String STOPPED = "57014";
    /** PL/Java's class for an error PostgreSQL raised (it re-raises those as they are). */
    private static final String SERVER_EXCEPTION = "org.postgresql.pljava.internal.ServerException";

    private PgErrorReport() {
    }

    /**
     * The exception to throw for {@code t}: an error PostgreSQL raised. If {@code t} already is
     * one (an SPI statement failed), it is returned as it is: the transaction is aborted and the
     * server's own words are the right ones. Without the helper (older SQL), {@code t} itself.
     */
    public static SQLException toServerError(Connection c, Throwable t) {
        return toServerError(c, null, t);
    }

    /** @param schema where install.sql put {@code wasm_raise} (null: the search path finds it) */
    public static SQLException toServerError(Connection c, String schema, Throwable t) {
        SQLException server = serverError(t);
        if (server != null) {
            return server;
        }
        PgError e = PgError.of(t);
        if (STOPPED.equals(e.sqlState())) {
            // A call stopped by its time limit may have outlived a pg_terminate_backend or a fast
            // shutdown: with that pending, any SPI statement raises FATAL inside the Java call,
            // and PL/Java's exit from there aborts the backend (the server then needs crash
            // recovery; seen here). So no SPI: the error leaves as it is, and PostgreSQL acts on
            // a pending termination once the call has returned, cleanly.
            return asSqlException(t);
        }
        try {
            if (!ServerHelpers.exists(c, ServerHelpers.signature(schema, RAISE, 4))) {
                return asSqlException(t);
            }
            raise(c, schema, e);
        } catch (SQLException raised) {
            return raised;
        }
        return asSqlException(t);   // not reached: wasm_raise always raises
    }

    static void raise(Connection c, String schema, PgError e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ServerHelpers.name(schema, RAISE) + "(?, ?, ?, ?)")) {
            ps.setString(1, e.sqlState());
            ps.setString(2, e.message());
            ps.setString(3, e.detail());
            ps.setString(4, e.hint());
            ServerHelpers.evaluate(ps);
        }
    }

    /** The server error in {@code t}'s causes, if any (a wrapped SPI failure is still the real error). */
    static SQLException serverError(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c != null && depth < 16; c = c.getCause(), depth++) {
            if (c instanceof SQLException && SERVER_EXCEPTION.equals(c.getClass().getName())) {
                return (SQLException) c;
            }
        }
        return null;
    }

    /**
     * Runs the Java side of {@link #toServerError} on {@code t} without SPI, so its classes are
     * loaded before a cancel can be pending (PL/Java loads classes through SPI; see Rehearsal).
     */
    static void rehearse(Throwable t) {
        serverError(t);
        PgError.of(t);
        asSqlException(t);
        asSqlException(new IllegalStateException("rehearsal", t));
        ServerHelpers.class.getName();
    }

    private static SQLException asSqlException(Throwable t) {
        if (t instanceof SQLException) {
            return (SQLException) t;
        }
        PgError e = PgError.of(t);
        return new SQLException(e.message() + ": " + e.detail(), e.sqlState(), t);
    }
}
