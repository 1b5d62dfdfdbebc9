package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Fills the {@code posts(id, body)} table the SQL workloads scan, in batches. */
final class Posts {
    private Posts() {
    }

    /**
     * Creates {@code posts} in an H2 database and fills it with {@code rows} rows in one transaction.
     * Result reuse is switched off: H2 would otherwise hand back the cached result of a query without
     * functions (the bare scan).
     */
    static void createInH2(Connection conn, int rows) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE posts(id INT PRIMARY KEY, body VARCHAR(200))");
            st.execute("SET OPTIMIZE_REUSE_RESULTS FALSE");
        }
        conn.setAutoCommit(false);
        insert(conn, rows);
        conn.commit();
        conn.setAutoCommit(true);
    }

    static void insert(Connection conn) throws SQLException {
        insert(conn, Inputs.ROWS);
    }

    static void insert(Connection conn, int rows) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO posts VALUES (?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setInt(1, i);
                ps.setString(2, Inputs.rowBody(i));
                ps.addBatch();
                if (i % 5000 == 4999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }
}
