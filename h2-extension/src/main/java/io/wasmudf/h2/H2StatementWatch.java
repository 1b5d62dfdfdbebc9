package io.wasmudf.h2;

import io.wasmudf.sql.SqlStates;
import io.wasmudf.sql.StatementWatch;
import java.lang.ref.WeakReference;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.message.DbException;

/**
 * One H2 session's statement control as {@link StatementWatch}: the statement's query-timeout
 * deadline as a call's time limit, and its cancel ({@code Statement.cancel()}, query timeout,
 * {@code CANCEL_SESSION}, a closed session) through {@link H2CancelWatcher}. Holds the session
 * weakly: the session's state must not keep the session alive.
 */
final class H2StatementWatch implements StatementWatch {
    private final WeakReference<SessionLocal> session;

    H2StatementWatch(SessionLocal session) {
        this.session = new WeakReference<>(session);
    }

    @Override
    public long remainingMs() throws SQLException {
        SessionLocal s = session.get();
        if (s == null) {
            return 0;
        }
        long at = s.getCancel();
        if (at == 0) {
            return 0;
        }
        long left = at - System.nanoTime();
        if (left <= 0) {
            SQLException e = cancellation("the call");
            if (e != null) {
                throw e;
            }
        }
        return Math.max(1, left / 1_000_000);
    }

    @Override
    public Watching watch(Runnable cancel) {
        SessionLocal s = session.get();
        if (s == null) {
            return () -> { };
        }
        H2CancelWatcher.RunningCall call = H2CancelWatcher.get().watch(s, cancel);
        return call::close;
    }

    @Override
    public SQLException cancellation(String where) {
        SessionLocal s = session.get();
        if (s == null || !(s.isClosed() || H2CancelWatcher.cancelDue(s))) {
            return null;
        }
        // Clear H2's flags, as its own check between rows would: the cancel is reported here, and
        // the next statement (or the next run of this prepared one) starts clean.
        CommandCancel.clear(s.getCurrentCommand());
        try {
            s.checkCanceled();
        } catch (DbException consumed) {
            // the session's deadline, reported here
        }
        return new SQLException("statement cancelled while " + where + " ran (Statement.cancel, query timeout, "
                + "CANCEL_SESSION or a closed session)", SqlStates.TIMEOUT);
    }
}
