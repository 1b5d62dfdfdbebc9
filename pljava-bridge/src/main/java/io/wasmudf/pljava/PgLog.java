package io.wasmudf.pljava;

import io.wasmudf.runtime.LogLevel;
import io.wasmudf.runtime.LogSink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Hands plug-in log lines to PostgreSQL at PostgreSQL's levels (error and warn as WARNING, info as
 * INFO, debug as DEBUG1, trace as DEBUG2), so {@code client_min_messages} and
 * {@code log_min_messages} filter them, as {@code "<plug-in>: <message>"}. A log line never raises
 * an ERROR: a plug-in's error level maps to WARNING, and a line that cannot be delivered is dropped
 * into java.util.logging rather than failing the call.
 *
 * <p>Lines go through install.sql's {@code wasm_log} (a PL/pgSQL {@code RAISE}) on the SPI
 * connection: PL/Java's own route for java.util.logging, its ELogHandler, maps the levels the same
 * way (WARNING, INFO, FINE, FINER) but always formats a record with PL/Java's ELogFormatter,
 * {@code "01 Dec 26 08:08:42 <source> <message>"}, which code in a trusted language cannot
 * change, and maps SEVERE to ERROR. That route stays as the fallback for an older install without
 * {@code wasm_log}.
 */
public final class PgLog implements LogSink {
    static final String HELPER = "wasm_log";

    /** Where the SPI connection comes from: {@code jdbc:default:connection} in the server. */
    @FunctionalInterface
    public interface Connections {
        Connection get() throws SQLException;
    }

    private final Connections connections;
    /** Where install.sql put wasm_log; null: the search path finds it. */
    private final String schema;
    /** Whether wasm_log exists; asked once per backend (null: not yet). */
    private volatile Boolean helper;
    /** What this session shows, as wasm_log last reported it; null until the call's first line. */
    private volatile PgLogLevels shown;
    private final Logger fallback;

    public PgLog(Connections connections) {
        this(null, connections);
    }

    public PgLog(String schema, Connections connections) {
        this.connections = connections;
        this.schema = schema;
        // Anonymous: its level may be set without LoggingPermission, and PL/Java's root level (fixed
        // when the JVM started) must not drop a line that PostgreSQL's settings of now would show.
        this.fallback = Logger.getAnonymousLogger();
        this.fallback.setLevel(Level.ALL);
    }

    /** PostgreSQL's level for an Extism level, as {@code wasm_log} takes it; null for OFF. */
    static String pgLevel(LogLevel level) {
        switch (level) {
            case ERROR:
            case WARN:
                return "warning";
            case INFO:
                return "info";
            case DEBUG:
                return "debug1";
            case TRACE:
                return "debug2";
            default:
                return null;
        }
    }

    /** The java.util.logging level PL/Java's ELogHandler turns into the same PostgreSQL level; null for OFF. */
    static Level julLevel(LogLevel level) {
        switch (level) {
            case ERROR:
            case WARN:
                return Level.WARNING;
            case INFO:
                return Level.INFO;
            case DEBUG:
                return Level.FINE;
            case TRACE:
                return Level.FINER;
            default:
                return null;
        }
    }

    /** What PostgreSQL shows: the plug-in's name and its message, without a trailing newline. */
    static String line(String plugin, String message) {
        String m = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
        return plugin + ": " + m;
    }

    /**
     * Forgets what the session shows: called as each SQL call starts, so a {@code SET
     * client_min_messages} between statements is seen. Within one call, lines at levels the session
     * does not show are dropped here, without a round trip.
     */
    public void newCall() {
        shown = null;
    }

    @Override
    public void log(String plugin, LogLevel level, String message) {
        String pg = pgLevel(level);
        PgLogLevels s = shown;
        if (pg == null || s != null && !s.shows(PgLogLevels.rank(pg))) {
            return;
        }
        try {
            Connection c = connections.get();
            if (hasHelper(c)) {
                shown = PgLogLevels.parse(send(c, schema, pg, line(plugin, message)));
                return;
            }
        } catch (SQLException | RuntimeException e) {
            // fall back below: a log line must not fail the call
        }
        LogRecord r = new LogRecord(julLevel(level), message);
        r.setSourceClassName(plugin);
        fallback.log(r);
    }

    private boolean hasHelper(Connection c) throws SQLException {
        Boolean h = helper;
        if (h == null) {
            h = ServerHelpers.exists(c, ServerHelpers.signature(schema, HELPER, 2));
            helper = h;
        }
        return h;
    }

    /**
     * Raises one line at {@code pgLevel} (PostgreSQL decides whether anyone sees it) and returns
     * the session's {@code "client_min_messages log_min_messages"}.
     */
    static String send(Connection c, String schema, String pgLevel, String line) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ServerHelpers.name(schema, HELPER) + "(?, ?)")) {
            ps.setString(1, pgLevel);
            ps.setString(2, line);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
