package io.wasmudf.h2;

import io.wasmudf.sql.CacheLimits;
import io.wasmudf.sql.ConnectionCaches;
import io.wasmudf.sql.ConnectionState;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

/**
 * Maps the {@code Connection} H2 hands to a function (a new wrapper on every call) to the state of
 * its session, the stable identity. Sessions are held weakly and swept once closed.
 */
final class H2Sessions {
    static final ConnectionCaches<Session> CACHES =
            new ConnectionCaches<>(limitsFromSystemProperties(), Session::isClosed, H2Sessions::label);

    private H2Sessions() {
    }

    /** The session's state, told which statement execution is calling. */
    static ConnectionState state(Connection c) throws SQLException {
        Session session = session(c);
        ConnectionState state = CACHES.state(session);
        state.enterStatement(statementOf(session));
        return state;
    }

    /**
     * Names the statement execution running in the session: its command and the start time H2
     * fixes for it (re-executing a prepared statement reuses the command, not the time).
     */
    private static Object statementOf(Session session) {
        if (!(session instanceof SessionLocal)) {
            return null;
        }
        SessionLocal s = (SessionLocal) session;
        Object command = s.getCurrentCommand();
        return command == null ? null : new StatementExecution(command, s.getCommandStartOrEnd());
    }

    /** One execution of one command: the command by identity, its start time by value. */
    private static final class StatementExecution {
        private final Object command;
        private final Object start;

        StatementExecution(Object command, Object start) {
            this.command = command;
            this.start = start;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StatementExecution && ((StatementExecution) o).command == command
                    && java.util.Objects.equals(((StatementExecution) o).start, start);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(command);
        }
    }

    static Session session(Connection c) throws SQLException {
        if (!(c instanceof JdbcConnection)) {
            throw new SQLException("the wasm_* functions run inside H2 only (got " + c.getClass().getName() + ")", "0A000");
        }
        return ((JdbcConnection) c).getSession();
    }

    private static String label(Session s) {
        return s instanceof SessionLocal ? "h2-session-" + ((SessionLocal) s).getId() : "h2-" + System.identityHashCode(s);
    }

    /** {@code wasmudf.cache.maxInstances} and {@code wasmudf.cache.maxBytes} override the defaults. */
    private static CacheLimits limitsFromSystemProperties() {
        CacheLimits.Builder b = CacheLimits.builder();
        String n = System.getProperty("wasmudf.cache.maxInstances");
        if (n != null) {
            b.maxInstances(Integer.parseInt(n.trim()));
        }
        String bytes = System.getProperty("wasmudf.cache.maxBytes");
        if (bytes != null) {
            b.maxBytes(Long.parseLong(bytes.trim()));
        }
        return b.build();
    }
}
