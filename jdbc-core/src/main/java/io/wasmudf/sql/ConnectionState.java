package io.wasmudf.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * What one database connection (session, backend) keeps between calls: its warm instances, its
 * time limits and statement watch, the versions pinned by the running statement and, for SQL
 * reads, the prepared version query. Used by one connection at a time. Holds no reference to the
 * database's connection object except that prepared query, so a registry may key states weakly by
 * connection where reads do not go through SQL (H2).
 */
public final class ConnectionState implements AutoCloseable {
    private final InstanceCache cache;
    private final StatementWatch watch;
    private final CallTimeLimits limits;
    private Connection lastConnection;
    private PreparedStatement versionQuery;
    private Object statement;
    private final Map<String, Long> pinnedInStatement = new HashMap<>();
    /** System.nanoTime() at which the statement's own timeout falls, 0 for none, or unknown. */
    private long statementDeadline;
    private boolean statementDeadlineKnown;
    private volatile SplitName lastSplit;

    public ConnectionState(InstanceCache cache) {
        this(cache, StatementWatch.NONE, CallTimeLimits.defaults());
    }

    public ConnectionState(InstanceCache cache, StatementWatch watch, CallTimeLimits limits) {
        this.cache = cache;
        this.watch = watch;
        this.limits = limits;
    }

    public InstanceCache cache() {
        return cache;
    }

    public StatementWatch watch() {
        return watch;
    }

    public CallTimeLimits limits() {
        return limits;
    }

    /**
     * Declares which statement execution the next calls belong to. Within one statement each
     * plug-in's version is read once and pinned, so a statement sees one version of a plug-in
     * throughout and a scan does not pay a store read per row; the next statement reads again.
     * A null token (a database that cannot name its statements) reads on every call.
     */
    public synchronized void enterStatement(Object token) {
        if (token == null || !token.equals(statement)) {
            pinnedInStatement.clear();
            statementDeadlineKnown = false;
        }
        statement = token;
    }

    /**
     * Notes what the statement had left of its timeout when the store told it ({@link
     * StoreReads.VersionRead#statementRemainingMs}), so later calls of the statement, which do not
     * read the store, still stop in time.
     */
    synchronized void noteStatementRemaining(long remainingMs) {
        if (statement == null || remainingMs == StoreReads.VersionRead.UNKNOWN) {
            return;
        }
        statementDeadline = remainingMs == 0 ? 0 : System.nanoTime() + remainingMs * 1_000_000L;
        statementDeadlineKnown = true;
    }

    /** ms the statement has left as noted in it (0: no deadline), or {@link StoreReads.VersionRead#UNKNOWN}. */
    synchronized long statementRemainingMs() {
        if (!statementDeadlineKnown) {
            return StoreReads.VersionRead.UNKNOWN;
        }
        if (statementDeadline == 0) {
            return 0;
        }
        return Math.max(1, (statementDeadline - System.nanoTime()) / 1_000_000L);
    }

    /** Forgets the versions pinned in this statement: the connection itself is changing the store. */
    public synchronized void forgetCheckedVersions() {
        pinnedInStatement.clear();
        statementDeadlineKnown = false;
    }

    /**
     * The version pinned earlier in the current statement, or null; when there is one, also what
     * the statement has left of its time ({@link #statementRemainingMs()}) in {@code remaining[0]},
     * else {@link StoreReads.VersionRead#UNKNOWN}. One lock for both: this runs on every row.
     */
    synchronized Long pinnedVersion(String plugin, long[] remaining) {
        Long pinned = statement == null ? null : pinnedInStatement.get(plugin);
        remaining[0] = pinned != null ? statementRemainingMs() : StoreReads.VersionRead.UNKNOWN;
        return pinned;
    }

    /** The statement now running, as last given to {@link #enterStatement} (a database's glue compares it). */
    public synchronized Object statement() {
        return statement;
    }

    /**
     * {@code [plugin, export]} of a function reference ({@link PluginName#split}); the last one is
     * kept, since a statement passes the same reference on every row.
     */
    String[] split(String function) throws SQLException {
        SplitName last = lastSplit;
        if (last != null && function != null && (function == last.function || function.equals(last.function))) {
            return new String[] {last.plugin, last.export};
        }
        String[] pe = PluginName.split(function);
        lastSplit = new SplitName(function, pe[0], pe[1]);
        return pe;
    }

    /** A function reference and its parts, read and written as one (a connection may move between threads). */
    private static final class SplitName {
        final String function;
        final String plugin;
        final String export;

        SplitName(String function, String plugin, String export) {
            this.function = function;
            this.plugin = plugin;
            this.export = export;
        }
    }

    synchronized void pin(String plugin, long version) {
        if (statement != null) {
            pinnedInStatement.putIfAbsent(plugin, version);
        }
    }

    /**
     * The version query for {@code c}. Kept while the same {@code Connection} object comes back
     * (PostgreSQL's default connection); a new connection object prepares it again.
     */
    synchronized PreparedStatement versionQuery(Connection c, String sql) throws SQLException {
        if (c != lastConnection || versionQuery == null) { // no isClosed(): PL/Java's statements lack it
            closeQuery();
            versionQuery = c.prepareStatement(sql);
            lastConnection = c;
        }
        return versionQuery;
    }

    private void closeQuery() {
        if (versionQuery != null) {
            try {
                versionQuery.close();
            } catch (SQLException ignored) {
                // The connection is gone; nothing to release.
            }
            versionQuery = null;
            lastConnection = null;
        }
    }

    /** Closes the instances without waiting for a running call: it is cancelled and closes itself. */
    @Override
    public void close() {
        synchronized (this) {
            closeQuery();
        }
        cache.close();
    }
}
