package io.wasmudf.pljava;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The store part of install.sql in a schema of a test's own on the real server, and connections to it. */
final class RealServerStore {
    private RealServerStore() {
    }

    static void create(String url, String schema) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url); Statement st = admin.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            for (String sql : SqlScript.statements("install.sql")) {
                if (sql.startsWith("CREATE SCHEMA wasmudf") || sql.startsWith("CREATE SEQUENCE wasmudf.")
                        || sql.startsWith("CREATE TABLE wasmudf.")) {
                    st.execute(sql.replaceFirst("^CREATE SCHEMA wasmudf", "CREATE SCHEMA " + schema)
                            .replaceFirst(" wasmudf\\.", " " + schema + "."));
                }
            }
        }
    }

    /** A connection whose unqualified names resolve to the schema, as the server's functions set it. */
    static Connection connect(String url, String schema) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema + ", pg_catalog");
        }
        return c;
    }

    static void drop(String url, String schema) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url); Statement st = admin.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
