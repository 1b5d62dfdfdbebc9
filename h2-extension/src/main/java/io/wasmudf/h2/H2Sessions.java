package io.wasmudf.h2;

import io.wasmudf.sql.CacheLimits;
import io.wasmudf.sql.CallTimeLimits;
import io.wasmudf.sql.ConnectionCaches;
import io.wasmudf.sql.ConnectionState;
import io.wasmudf.sql.InstanceCache;
import io.wasmudf.sql.StatementWatch;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

/**
 * Maps the {@code Connection} H2 hands to a function (a new wrapper on every call) to the state of
 * its session, the stable identity. Sessions are held weakly (nothing in a state refers to its
 * session but a weak reference) and swept once closed.
 */
final class H2Sessions {
    /** System properties of the call time limits: wasmudf.call.defaultTimeoutMs etc. */
    static final String TIME_LIMIT_PREFIX = "wasmudf.call.";
    static final ConnectionCaches<Session> CACHES = new ConnectionCaches<>(Session::isClosed, H2Sessions::newState);

    private H2Sessions() {
    }

    /** The session's state, told which statement execution is calling. */
    static ConnectionState state(Connection c) throws SQLException {
        Session session = session(c);
        ConnectionState state = CACHES.state(session);
        if (!stillIn(state, session)) {
            state.enterStatement(statementOf(session));
        }
        return state;
    }

    /** Whether the session still runs the statement the state was last told of: every row after a statement's first. */
    private static boolean stillIn(ConnectionState state, Session session) {
        Object known = state.statement();
        if (!(known instanceof StatementExecution) || !(session instanceof SessionLocal)) {
            return false;
        }
        SessionLocal s = (SessionLocal) session;
        return ((StatementExecution) known).is(s.getCurrentCommand(), s.getCommandStartOrEnd());
    }

    /**
     * Names the statement execution running in the session: its command and the start time H2
     * fixes for it (re-executing a prepared statement reuses the command, not the time). H2 forgets
     * the running command when a nested SQL statement ends (null here: then versions are read per
     * call), which is why the store is read without SQL ({@link H2StoreReads}).
     */
    private static Object statementOf(Session session) {
        if (!(session instanceof SessionLocal)) {
            return null;
        }
        SessionLocal s = (SessionLocal) session;
        Object command = s.getCurrentCommand();
        return command == null ? null : new StatementExecution(command, s.getCommandStartOrEnd());
    }

    /**
     * One execution of one command: the command by identity (held weakly: a command refers to its
     * session, which the session's state must not keep alive), its start time by value.
     */
    private static final class StatementExecution {
        private final WeakReference<Object> command;
        private final int commandHash;
        private final Object start;

        StatementExecution(Object command, Object start) {
            this.command = new WeakReference<>(command);
            this.commandHash = System.identityHashCode(command);
            this.start = start;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StatementExecution && is(((StatementExecution) o).command.get(), ((StatementExecution) o).start);
        }

        /** Whether this is the execution of {@code otherCommand} that started at {@code otherStart}. */
        boolean is(Object otherCommand, Object otherStart) {
            Object mine = command.get();
            return mine != null && mine == otherCommand && java.util.Objects.equals(otherStart, start);
        }

        @Override
        public int hashCode() {
            return commandHash;
        }
    }

    /** A new session's state; the limits are read from the system properties now, per session. */
    private static ConnectionState newState(Session s) {
        StatementWatch watch = s instanceof SessionLocal ? new H2StatementWatch((SessionLocal) s) : StatementWatch.NONE;
        return new ConnectionState(new InstanceCache(label(s), limitsFromSystemProperties()), watch,
                CallTimeLimits.from(System::getProperty, TIME_LIMIT_PREFIX));
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
