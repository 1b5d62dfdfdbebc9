package io.wasmudf.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What one database connection (session, backend) keeps between calls: its warm instances and the
 * prepared version query. Used by one connection at a time.
 */
public final class ConnectionState implements AutoCloseable {
    private final InstanceCache cache;
    private Connection lastConnection;
    private PreparedStatement versionQuery;

    public ConnectionState(InstanceCache cache) {
        this.cache = cache;
    }

    public InstanceCache cache() {
        return cache;
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
