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
 * which never write. The table's privileges are the real boundary (install.sql): everyone reads,
 * only admins write, since loaded classes run as JVM code outside the Wasm sandbox.
 */
final class StoredCode implements CodeCache {
    private static final String READ_SQL = "SELECT entry FROM wasmudf_code WHERE id = ?";
    /** Other builds' entries of the module: one entry per module is kept. */
    private static final String DELETE_SQL = "DELETE FROM wasmudf_code WHERE module_sha256 = ? AND id <> ?";
    /** Entries of modules no plug-in uses any more (after a re-registration or an unregistration). */
    static final String DELETE_UNUSED_SQL =
            "DELETE FROM wasmudf_code WHERE module_sha256 NOT IN (SELECT sha256 FROM wasmudf_plugins)";

    private final Connection connection;
    private final Dialect dialect;
    private final boolean writable;

    private StoredCode(Connection connection, Dialect dialect, boolean writable) {
        this.connection = connection;
        this.dialect = dialect;
        this.writable = writable;
    }

    /** For calls: reads entries, never writes. */
    static StoredCode reader(Connection c, Dialect dialect) {
        return new StoredCode(c, dialect, false);
    }

    /** For registration (an admin): reads and writes. */
    static StoredCode writer(Connection c, Dialect dialect) {
        return new StoredCode(c, dialect, true);
    }

    @Override
    public byte[] read(String id) {
        try (PreparedStatement ps = connection.prepareStatement(READ_SQL)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new Failure("read", e);
        }
    }

    /** Replaces the module's entries (one per module: the current build's) with this one. */
    @Override
    public void write(String id, String moduleSha256, byte[] entry) {
        if (!writable) {
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
        return writable;
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
