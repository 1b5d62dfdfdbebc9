package io.wasmudf.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of SQL objects defined over plug-ins, table {@code wasmudf_definitions} (one row
 * per function or aggregate, whatever made it), and the lifecycle rules every kind shares:
 * {@code wasm_unregister(name)} refuses while rows name the plug-in (2BP01),
 * {@code wasm_unregister(name, true)} runs their {@code drop_sql} first, {@code wasm_undefine}
 * drops one. Runs on the caller's connection, in its transaction; unqualified table name (the
 * functions' search_path or H2's default schema finds it).
 */
public final class Definitions {
    /** dependent_objects_still_exist */
    public static final String DEPENDENT_OBJECTS = "2BP01";
    private static final String H2_TABLE_NOT_FOUND = "42S02";

    /** One registry row. */
    public static final class Row {
        public final String sqlName;
        public final String kind;
        public final String plugin;
        public final String spec;
        public final String dropSql;

        Row(String sqlName, String kind, String plugin, String spec, String dropSql) {
            this.sqlName = sqlName;
            this.kind = kind;
            this.plugin = plugin;
            this.spec = spec;
            this.dropSql = dropSql;
        }
    }

    private Definitions() {
    }

    public static Row find(Connection c, String sqlName) throws SQLException {
        List<Row> rows = select(c, "sql_name", sqlName);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public static List<Row> ofPlugin(Connection c, String plugin) throws SQLException {
        return select(c, "plugin", plugin);
    }

    public static void insert(Connection c, String sqlName, String kind, String plugin, String spec, String dropSql)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wasmudf_definitions "
                + "(sql_name, kind, plugin, spec, drop_sql, defined_at) VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
            ps.setString(1, sqlName);
            ps.setString(2, kind);
            ps.setString(3, plugin);
            ps.setString(4, spec);
            ps.setString(5, dropSql);
            ps.executeUpdate();
        }
    }

    /** Drops the row's SQL object(s) through its {@code drop_sql} and deletes the row. */
    public static void drop(Connection c, Row r) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : r.dropSql.split(";")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM wasmudf_definitions WHERE sql_name = ?")) {
            ps.setString(1, r.sqlName);
            ps.executeUpdate();
        }
    }

    /** {@code wasm_undefine(sql_name)}: whether there was such a definition (of any kind). */
    public static boolean undefine(Connection c, String sqlName) throws SQLException {
        Row r = find(c, sqlName);
        if (r == null) {
            return false;
        }
        drop(c, r);
        return true;
    }

    /**
     * Before a plug-in is unregistered: refuses while definitions use it, unless {@code cascade},
     * which drops them all first.
     */
    public static void beforeUnregister(Connection c, String plugin, boolean cascade) throws SQLException {
        List<Row> rows = ofPlugin(c, plugin);
        if (rows.isEmpty()) {
            return;
        }
        if (!cascade) {
            List<String> names = new ArrayList<>();
            for (Row r : rows) {
                names.add(r.kind + " " + r.sqlName);
            }
            throw new SQLException("cannot unregister plug-in '" + plugin + "': " + String.join(", ", names)
                    + (rows.size() == 1 ? " uses" : " use") + " it. Hint: wasm_unregister('" + plugin
                    + "', true) drops them too, or wasm_undefine(sql_name) drops one", DEPENDENT_OBJECTS);
        }
        for (Row r : rows) {
            drop(c, r);
        }
    }

    /**
     * Whether a routine of that schema and name exists, with any arguments (the name is then taken):
     * how a define call tells an object of its own (in the registry) from one it must not replace.
     */
    public static boolean routineExists(Connection c, Dialect dialect, String schema, String name) throws SQLException {
        String sql = dialect == Dialect.H2
                ? "SELECT 1 FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA = ? AND ROUTINE_NAME = ?"
                : "SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                        + "WHERE n.nspname = ? AND p.proname = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Drops every definition (before uninstalling); none if the registry is missing. */
    public static void dropAll(Connection c) throws SQLException {
        for (Row r : select(c, null, null)) {
            drop(c, r);
        }
    }

    private static List<Row> select(Connection c, String column, String value) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT sql_name, kind, plugin, spec, drop_sql FROM wasmudf_definitions "
                + (column == null ? "" : "WHERE " + column + " = ? ") + "ORDER BY sql_name")) {
            if (column != null) {
                ps.setString(1, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            // H2 installed by an older version has no registry yet, so nothing is defined there.
            // (PostgreSQL's error would abort the transaction: its install script creates the table.)
            if (H2_TABLE_NOT_FOUND.equals(e.getSQLState())) {
                return out;
            }
            throw e;
        }
        return out;
    }
}
