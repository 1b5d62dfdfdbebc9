package io.wasmudf.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Store reads as SQL on the given connection, with the rights that connection's code runs with.
 * On PostgreSQL every name is qualified (the tables by the store's schema, operators and functions
 * by {@code pg_catalog}): the call functions run as their owner without a {@code SET search_path}
 * of their own, so the caller's search_path must not be able to put a table, operator or
 * function of its own in their place.
 */
public final class SqlStoreReads implements StoreReads {
    private final String versionSql;
    private final String rowSql;
    private final String listSql;
    private final String codeSql;
    private final String moduleSql;

    /** Unqualified names, resolved by the connection's search path or current schema. */
    public SqlStoreReads(Dialect dialect) {
        this(dialect, null);
    }

    /** @param schema the store's schema (PostgreSQL), or null for unqualified names */
    public SqlStoreReads(Dialect dialect, String schema) {
        boolean pg = dialect == Dialect.POSTGRES;
        String t = qualifier(schema);
        String eq = pg ? " OPERATOR(pg_catalog.=) " : " = ";
        String byName = " WHERE name" + eq + "? AND version" + eq + "?";
        this.versionSql = pg
                // The version, statement_timeout and how long the statement has run (seconds; as
                // PostgreSQL's own timer counts from statement_timestamp()).
                ? "SELECT (SELECT version FROM " + t + "wasmudf_plugins WHERE name" + eq + "?), "
                        + "EXTRACT(EPOCH FROM pg_catalog.current_setting('statement_timeout')::pg_catalog.interval), "
                        + "EXTRACT(EPOCH FROM pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) pg_catalog.statement_timestamp())"
                : "SELECT version FROM " + t + "wasmudf_plugins WHERE name = ?";
        this.rowSql = "SELECT name, version, sha256, settings, exports, size, registered_at FROM " + t + "wasmudf_plugins" + byName;
        this.listSql = "SELECT name, version, sha256, NULL, exports, size, registered_at FROM " + t + "wasmudf_plugins ORDER BY name";
        this.codeSql = "SELECT entry FROM " + t + "wasmudf_code WHERE id" + eq + "?";
        this.moduleSql = "SELECT module FROM " + t + "wasmudf_plugins" + byName;
    }

    @Override
    public VersionRead version(Connection c, ConnectionState s, String name) throws SQLException {
        PreparedStatement q = s.versionQuery(c, versionSql);
        q.setString(1, name);
        try (ResultSet rs = q.executeQuery()) {
            if (!rs.next()) {
                return new VersionRead(-1, VersionRead.UNKNOWN);
            }
            long version = rs.getLong(1);
            if (rs.wasNull()) {
                version = -1;
            }
            long remaining = VersionRead.UNKNOWN;
            if (rs.getMetaData().getColumnCount() > 2) {
                double timeoutMs = rs.getDouble(2) * 1000;
                double ranMs = rs.getDouble(3) * 1000;
                remaining = timeoutMs <= 0 ? 0 : Math.max(1, (long) (timeoutMs - ranMs));
            }
            return new VersionRead(version, remaining);
        }
    }

    @Override
    public StoredPlugin find(Connection c, String name, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(rowSql)) {
            ps.setString(1, name);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    @Override
    public byte[] module(Connection c, String name, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(moduleSql)) {
            ps.setString(1, name);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    @Override
    public byte[] code(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(codeSql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    @Override
    public List<StoredPlugin> list(Connection c) throws SQLException {
        List<StoredPlugin> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(listSql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    /** {@code "schema."} for a plain lower-case identifier (written into SQL as it is), "" for none. */
    static String qualifier(String schema) {
        if (schema == null) {
            return "";
        }
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("the store's schema must be a plain lower-case identifier: " + schema);
        }
        return schema + ".";
    }

    private static StoredPlugin row(ResultSet rs) throws SQLException {
        String exports = rs.getString(5);
        return new StoredPlugin(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                exports.isEmpty() ? List.of() : Arrays.asList(exports.split(",")), rs.getInt(6),
                rs.getObject(7, OffsetDateTime.class));
    }
}
