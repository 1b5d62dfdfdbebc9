package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh in-memory database with the extension installed, per test. */
abstract class H2TestBase {
    private static final AtomicInteger DBS = new AtomicInteger();
    protected String url;
    protected Connection conn;
    private final List<Connection> extra = new ArrayList<>();

    @BeforeEach
    void openDatabase() throws SQLException {
        url = "jdbc:h2:mem:wasmudf" + DBS.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        conn = DriverManager.getConnection(url, "sa", "");
        WasmUdf.install(conn);
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        for (Connection c : extra) {
            c.close();
        }
        try (var s = conn.createStatement()) {
            s.execute("SHUTDOWN");
        }
        conn.close();
    }

    protected Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(url, "sa", "");
        extra.add(c);
        return c;
    }

    protected Connection openAs(String user, String password) throws SQLException {
        Connection c = DriverManager.getConnection(url.replace(";DB_CLOSE_DELAY=-1", ""), user, password);
        extra.add(c);
        return c;
    }

    protected static String register(Connection c, String name, byte[] wasm) throws SQLException {
        return (String) query1(c, "SELECT wasm_register(?, ?)", name, wasm);
    }

    protected static String register(Connection c, String name, byte[] wasm, String manifest) throws SQLException {
        return (String) query1(c, "SELECT wasm_register(?, ?, ?)", name, wasm, manifest);
    }

    protected static Object query1(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }

    protected static String call(Connection c, String function, String input) throws SQLException {
        return (String) query1(c, "SELECT wasm_call(?, ?)", function, input);
    }

    /** The fixture's {@code count} export returns one byte: how many times this instance ran it. */
    protected static int count(Connection c, String plugin) throws SQLException {
        byte[] out = (byte[]) query1(c, "SELECT wasm_call(?, 'count', X'')", plugin);
        assertEquals(1, out.length);
        return out[0] & 0xff;
    }

    protected static SQLException fails(String sqlState, Connection c, String sql, Object... args) {
        SQLException e = assertThrows(SQLException.class, () -> query1(c, sql, args));
        assertEquals(sqlState, e.getSQLState(), () -> "SQLState of: " + e.getMessage());
        return e;
    }
}
