package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Fills the {@code posts(id, body)} table the SQL workloads scan, in batches. */
final class Posts {
    private Posts() {
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
