package io.wasmudf.h2;

import io.wasmudf.sql.ConnectionState;
import io.wasmudf.sql.StoreReads;
import io.wasmudf.sql.StoredPlugin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.h2.engine.SessionLocal;
import org.h2.index.Cursor;
import org.h2.index.Index;
import org.h2.result.Row;
import org.h2.schema.Schema;
import org.h2.table.Table;
import org.h2.util.JSR310Utils;
import org.h2.value.Value;
import org.h2.value.ValueNull;
import org.h2.value.ValueVarchar;

/**
 * Reads the store through H2's engine instead of SQL: the table is not granted to PUBLIC (it holds
 * config secrets and modules), and these reads use the caller's session without its table rights,
 * so any user can call a plug-in but only admins can SELECT the table. Being no SQL statement, a read
 * neither starts a nested command (which would end H2's record of the running statement) nor takes
 * a new snapshot: it sees the store as the caller's statement does (under READ COMMITTED, as of the
 * statement's start, plus the session's own uncommitted registrations).
 */
final class H2StoreReads implements StoreReads {
    private static final String TABLE = "WASMUDF_PLUGINS";
    private static final String CODE_TABLE = "WASMUDF_CODE";

    @Override
    public VersionRead version(Connection c, ConnectionState s, String name) throws SQLException {
        Row r = row(c, name);
        return new VersionRead(r == null ? -1 : r.getValue(col(c, "VERSION")).getLong(), VersionRead.UNKNOWN);
    }

    @Override
    public StoredPlugin find(Connection c, String name, long version) throws SQLException {
        Row r = row(c, name);
        if (r == null || r.getValue(col(c, "VERSION")).getLong() != version) {
            return null;
        }
        return plugin(c, r, true);
    }

    @Override
    public byte[] module(Connection c, String name, long version) throws SQLException {
        Row r = row(c, name);
        if (r == null || r.getValue(col(c, "VERSION")).getLong() != version) {
            return null;
        }
        return r.getValue(col(c, "MODULE")).getBytes();
    }

    @Override
    public byte[] code(Connection c, String id) throws SQLException {
        SessionLocal session = session(c);
        Table t = table(session, CODE_TABLE);
        Row r = byPrimaryKey(session, t, "ID", id);
        return r == null ? null : r.getValue(t.getColumn("ENTRY").getColumnId()).getBytes();
    }

    @Override
    public List<StoredPlugin> list(Connection c) throws SQLException {
        SessionLocal session = session(c);
        Table t = table(session);
        List<StoredPlugin> out = new ArrayList<>();
        Cursor cur = t.getScanIndex(session).find(session, null, null, false);
        while (cur.next()) {
            out.add(plugin(c, cur.get(), false));
        }
        out.sort(Comparator.comparing(StoredPlugin::name));
        return out;
    }

    private StoredPlugin plugin(Connection c, Row r, boolean withSettings) throws SQLException {
        SessionLocal session = session(c);
        String exports = r.getValue(col(c, "EXPORTS")).getString();
        Value at = r.getValue(col(c, "REGISTERED_AT"));
        return new StoredPlugin(r.getValue(col(c, "NAME")).getString(), r.getValue(col(c, "VERSION")).getLong(),
                r.getValue(col(c, "SHA256")).getString(),
                withSettings ? r.getValue(col(c, "SETTINGS")).getString() : null,
                exports.isEmpty() ? List.of() : Arrays.asList(exports.split(",")), r.getValue(col(c, "SIZE")).getInt(),
                at == ValueNull.INSTANCE ? null : JSR310Utils.valueToOffsetDateTime(at, session));
    }

    /** The plug-in's row through the primary key on NAME, or null. */
    private static Row row(Connection c, String name) throws SQLException {
        SessionLocal session = session(c);
        return byPrimaryKey(session, table(session), "NAME", name);
    }

    private static Row byPrimaryKey(SessionLocal session, Table t, String column, String value) throws SQLException {
        Index pk = t.findPrimaryKey();
        if (pk == null) {
            throw new SQLException("the wasmudf store has no primary key: reinstall it (sql/h2/install.sql)", "55000");
        }
        Row key = t.getTemplateRow();
        key.setValue(t.getColumn(column).getColumnId(), ValueVarchar.get(value));
        Cursor cur = pk.find(session, key, key, false);
        return cur.next() ? cur.get() : null;
    }

    private static int col(Connection c, String name) throws SQLException {
        return table(session(c)).getColumn(name).getColumnId();
    }

    /** The store table of the session's current schema, else of the main schema (where install.sql puts it). */
    private static Table table(SessionLocal session) throws SQLException {
        return table(session, TABLE);
    }

    private static Table table(SessionLocal session, String name) throws SQLException {
        Schema current = session.getDatabase().findSchema(session.getCurrentSchemaName());
        Table t = current == null ? null : current.findTableOrView(session, name);
        if (t == null) {
            t = session.getDatabase().getMainSchema().findTableOrView(session, name);
        }
        if (t == null) {
            throw new SQLException("the wasmudf store is not installed in this database (run WasmUdf.install or "
                    + "RUNSCRIPT FROM 'classpath:/io/wasmudf/sql/h2/install.sql' as an admin)", "42P01");
        }
        return t;
    }

    private static SessionLocal session(Connection c) throws SQLException {
        Object s = H2Sessions.session(c);
        if (!(s instanceof SessionLocal)) {
            throw new SQLException("the wasm_* functions run inside an embedded or server-side H2 session only", "0A000");
        }
        return (SessionLocal) s;
    }
}
