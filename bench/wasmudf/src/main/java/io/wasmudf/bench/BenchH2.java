package io.wasmudf.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the H2 benches share: a named in-memory database, a one-value query, and clearing it after. */
final class BenchH2 {
    private BenchH2() {
    }

    /** An in-memory database kept until {@link #dropAndClose} (one per bench and contender). */
    static Connection open(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }

    /** The query's first column of its first row, as text. */
    static String firstString(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The query's first column of its first row, as a long. */
    static long firstLong(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops everything the bench made (the in-memory database outlives its connections) and closes. */
    static void dropAndClose(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DROP ALL OBJECTS");
        }
        conn.close();
    }
}
