package io.wasmudf.pljava;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The plug-in store in PostgreSQL: table {@code wasmudf.plugins} created by
 * {@code sql/postgres/install.sql}. Every statement runs on the caller's connection, so
 * registration is part of the caller's transaction (a rollback keeps the old version).
 */
final class PgPluginStore {
    static final String TABLE = "wasmudf.plugins";

    /** What a call needs to know whether its cached instance is current. */
    record Head(String sha256, long version) {
    }

    /** What it takes to build an instance. */
    record Stored(String sha256, long version, byte[] module, String manifest) {
    }

    private PgPluginStore() {
    }

    static Head head(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sha256, version FROM " + TABLE + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Head(rs.getString(1), rs.getLong(2)) : null;
            }
        }
    }

    static Stored load(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sha256, version, module, manifest::text FROM " + TABLE + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Stored(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getString(4)) : null;
            }
        }
    }

    /** Inserts or replaces (version + 1); returns the new version. */
    static long upsert(Connection c, String name, String sha256, byte[] module, String manifest, String exports)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + TABLE + " AS p (name, sha256, module, manifest, exports, size, version, registered_at) "
                        + "VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, 1, now()) "
                        + "ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, module = EXCLUDED.module, "
                        + "manifest = EXCLUDED.manifest, exports = EXCLUDED.exports, size = EXCLUDED.size, "
                        + "version = p.version + 1, registered_at = now() RETURNING version")) {
            ps.setString(1, name);
            ps.setString(2, sha256);
            ps.setBytes(3, module);
            ps.setString(4, manifest);
            ps.setString(5, exports);
            ps.setLong(6, module.length);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static boolean delete(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
        }
    }
}
