package io.wasmudf.sql;

import io.wasmudf.runtime.CodeCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The compiled-code cache in the database beside the modules: table {@code wasmudf_code}, read and
 * written through the caller's connection (so a registration's entry is part of its transaction,
 * and every process and PostgreSQL backend reading the database loads the same classes).
 *
 * <p>Only the registration path gets a writable one ({@link #writer}); calls get {@link #reader}s,
 * which never write and read through the store's privileged path ({@link StoreReads#code}). The
 * table's privileges are the real boundary (install.sql): only admins read or write it directly,
 * since loaded classes run as JVM code outside the Wasm sandbox and are the module in another form.
 */
final class StoredCode implements CodeCache {
    private static final String READ_SQL = "SELECT entry FROM wasmudf_code WHERE id = ?";
    /** Other builds' entries of the module: one entry per module is kept. */
    private static final String DELETE_SQL = "DELETE FROM wasmudf_code WHERE module_sha256 = ? AND id <> ?";
    /** Entries of modules no plug-in uses any more (after a re-registration or an unregistration). */
    static final String DELETE_UNUSED_SQL =
            "DELETE FROM wasmudf_code WHERE module_sha256 NOT IN (SELECT sha256 FROM wasmudf_plugins)";

    /** Reads one entry by id, or null. */
    @FunctionalInterface
    interface Reader {
        byte[] read(String id) throws SQLException;
    }

    private final Reader reader;
    private final Connection connection;
    private final Dialect dialect;

    private StoredCode(Reader reader, Connection connection, Dialect dialect) {
        this.reader = reader;
        this.connection = connection;
        this.dialect = dialect;
    }

    /** For calls: reads entries through {@code reader}, never writes. */
    static StoredCode reader(Reader reader) {
        return new StoredCode(reader, null, null);
    }

    /** For registration (an admin): reads and writes with SQL on the admin's connection. */
    static StoredCode writer(Connection c, Dialect dialect) {
        return new StoredCode(id -> readWithSql(c, id), c, dialect);
    }

    private static byte[] readWithSql(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(READ_SQL)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    @Override
    public byte[] read(String id) {
        try {
            return reader.read(id);
        } catch (SQLException e) {
            throw new Failure("read", e);
        }
    }

    /** Replaces the module's entries (one per module: the current build's) with this one. */
    @Override
    public void write(String id, String moduleSha256, byte[] entry) {
        if (connection == null) {
            throw new IllegalStateException("this compiled-code store is read-only");
        }
        try (PreparedStatement del = connection.prepareStatement(DELETE_SQL);
                PreparedStatement ins = connection.prepareStatement(dialect.upsertCode())) {
            del.setString(1, moduleSha256);
            del.setString(2, id);
            del.executeUpdate();
            ins.setString(1, id);
            ins.setString(2, moduleSha256);
            ins.setBytes(3, entry);
            ins.setInt(4, entry.length);
            ins.executeUpdate();
        } catch (SQLException e) {
            throw new Failure("write", e);
        }
    }

    @Override
    public boolean writable() {
        return connection != null;
    }

    /** An SQL error of the store, carried through the runtime's compile to the SQL function. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final SQLException sql;

        Failure(String what, SQLException cause) {
            super(cause.getMessage(), cause);
            this.sql = new SQLException("cannot " + what + " the compiled-code store (table wasmudf_code; an older install "
                    + "lacks it: run the current install script): " + cause.getMessage(), cause.getSQLState(), cause);
        }

        SQLException sqlException() {
            return sql;
        }
    }
}
