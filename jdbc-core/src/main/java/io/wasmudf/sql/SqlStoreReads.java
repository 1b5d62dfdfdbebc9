package io.wasmudf.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Store reads as SQL on the given connection, with the rights that connection's code runs with. */
public final class SqlStoreReads implements StoreReads {
    private static final String ROW_SQL = "SELECT name, version, sha256, settings, exports, size, registered_at "
            + "FROM wasmudf_plugins WHERE name = ? AND version = ?";
    private static final String LIST_SQL = "SELECT name, version, sha256, NULL, exports, size, registered_at "
            + "FROM wasmudf_plugins ORDER BY name";
    private static final String CODE_SQL = "SELECT entry FROM wasmudf_code WHERE id = ?";
    private static final String MODULE_SQL = "SELECT module FROM wasmudf_plugins WHERE name = ? AND version = ?";

    private final Dialect dialect;

    public SqlStoreReads(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public VersionRead version(Connection c, ConnectionState s, String name) throws SQLException {
        PreparedStatement q = s.versionQuery(c, dialect.versionSql());
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
            if (rs.getMetaData().getColumnCount() > 1) {
                long r = rs.getLong(2);
                remaining = rs.wasNull() ? 0 : Math.max(1, r);
            }
            return new VersionRead(version, remaining);
        }
    }

    @Override
    public StoredPlugin find(Connection c, String name, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ROW_SQL)) {
            ps.setString(1, name);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    @Override
    public byte[] module(Connection c, String name, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MODULE_SQL)) {
            ps.setString(1, name);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    @Override
    public byte[] code(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CODE_SQL)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    @Override
    public List<StoredPlugin> list(Connection c) throws SQLException {
        List<StoredPlugin> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LIST_SQL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static StoredPlugin row(ResultSet rs) throws SQLException {
        String exports = rs.getString(5);
        return new StoredPlugin(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                exports.isEmpty() ? List.of() : Arrays.asList(exports.split(",")), rs.getInt(6),
                rs.getObject(7, OffsetDateTime.class));
    }
}
