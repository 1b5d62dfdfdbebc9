package io.wasmudf.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * What one database connection (session, backend) keeps between calls: its warm instances and the
 * prepared version query. Used by one connection at a time.
 */
public final class ConnectionState implements AutoCloseable {
    private final InstanceCache cache;
    private Connection lastConnection;
    private PreparedStatement versionQuery;
    private Object statement;
    private final Map<String, Long> checkedInStatement = new HashMap<>();

    public ConnectionState(InstanceCache cache) {
        this.cache = cache;
    }

    public InstanceCache cache() {
        return cache;
    }

    /**
     * Declares which statement execution the next calls belong to. Within one statement each
     * plug-in's version is read once, so a statement sees one version of a plug-in throughout and
     * a scan does not pay a store lookup per row; a new version is picked up by the next statement.
     * A null token (a database that cannot name its statements) checks on every call.
     */
    public synchronized void enterStatement(Object token) {
        if (token == null || !token.equals(statement)) {
            checkedInStatement.clear();
        }
        statement = token;
    }

    /** Forgets the versions read in this statement: the connection itself is changing the store. */
    public synchronized void forgetCheckedVersions() {
        checkedInStatement.clear();
    }

    /** The version read earlier in the current statement, or null. */
    synchronized Long checkedVersion(String plugin) {
        return statement == null ? null : checkedInStatement.get(plugin);
    }

    synchronized void markChecked(String plugin, long version) {
        if (statement != null && !checkedInStatement.containsKey(plugin)) {
            checkedInStatement.put(plugin, version);
        }
    }

    /**
     * The version query for {@code c}. Kept while the same {@code Connection} object comes back
     * (PostgreSQL's default connection); H2 hands a new wrapper of the same session to every call,
     * and then its session's query cache makes preparing again cheap.
     */
    synchronized PreparedStatement versionQuery(Connection c) throws SQLException {
        if (c != lastConnection || versionQuery == null) { // no isClosed(): PL/Java's statements lack it
            closeQuery();
            versionQuery = c.prepareStatement(PluginStore.VERSION_SQL);
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

    @Override
    public synchronized void close() {
        closeQuery();
        cache.close();
    }
}
