package io.wasmudf.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How the SQL functions read the plug-in store. Callers may not read the store's table themselves
 * (it holds config secrets and modules), so each database gives a privileged path: PostgreSQL's
 * call functions are SECURITY DEFINER and read it with SQL ({@link SqlStoreReads}); H2 reads it
 * through its engine inside the caller's transaction, without the caller's table rights.
 */
public interface StoreReads {
    /** The plug-in's current version (and, where the database says, the statement's time left). */
    VersionRead version(Connection c, ConnectionState s, String name) throws SQLException;

    /** The row of exactly {@code version} (with its settings, without the module), or null if gone. */
    StoredPlugin find(Connection c, String name, long version) throws SQLException;

    /** The module bytes of {@code version}, or null if that version is gone. */
    byte[] module(Connection c, String name, long version) throws SQLException;

    /**
     * The compiled-code entry {@code id} (table {@code wasmudf_code}), or null. Read on the same
     * privileged path: the classes are the module's code in another form.
     */
    byte[] code(Connection c, String id) throws SQLException;

    /** Every registered plug-in by name, without settings or module (what wasm_plugins() shows). */
    List<StoredPlugin> list(Connection c) throws SQLException;

    /** A version read: the version (-1: not registered) and the statement's remaining time. */
    final class VersionRead {
        /** The database did not say; ask the connection's {@link StatementWatch}. */
        public static final long UNKNOWN = -1;

        public final long version;
        /** ms the statement has left, 0 for no deadline, or {@link #UNKNOWN}. */
        public final long statementRemainingMs;

        public VersionRead(long version, long statementRemainingMs) {
            this.version = version;
            this.statementRemainingMs = statementRemainingMs;
        }
    }
}
