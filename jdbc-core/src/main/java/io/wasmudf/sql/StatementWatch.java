package io.wasmudf.sql;

import java.sql.SQLException;

/**
 * How a database's own statement control reaches a running call: the time its statement has left,
 * and its cancel. Each database's glue gives one per connection; {@link #NONE} for a database that
 * offers neither (PostgreSQL passes the remaining time with its version read instead).
 */
public interface StatementWatch {
    StatementWatch NONE = new StatementWatch() {
    };

    /**
     * Milliseconds the running statement has before the database cancels it; 0 when it has no
     * deadline.
     *
     * @throws SQLException (57014) if the statement is already cancelled
     */
    default long remainingMs() throws SQLException {
        return 0;
    }

    /**
     * Watches one call while it runs: {@code cancel} stops it when the database cancels the
     * statement or closes the connection. Closing the result stops watching.
     */
    default Watching watch(Runnable cancel) {
        return () -> { };
    }

    /**
     * After a call stopped as a timeout: the database's own cancellation, if that is what stopped
     * it (then clearing the database's cancel flag, as its own check would), else null.
     */
    default SQLException cancellation(String where) {
        return null;
    }

    /** An active watch; closing it ends it. */
    interface Watching extends AutoCloseable {
        @Override
        void close();
    }
}
