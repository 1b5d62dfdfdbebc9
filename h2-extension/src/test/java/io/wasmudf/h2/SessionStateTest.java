package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a session's state keeps and drops: weakly held sessions, warm instances, stats rows. */
class SessionStateTest extends H2TestBase {
    @Test
    @Timeout(60)
    void aClosedSessionIsNotKeptAliveByItsState() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        WeakReference<Object> session = usedAndClosedSession();
        // Fails by @Timeout if anything in the registry still reaches the session.
        while (session.get() != null) {
            System.gc();
            Thread.sleep(20);
        }
    }

    private WeakReference<Object> usedAndClosedSession() throws SQLException {
        Connection c = DriverManager.getConnection(url, "sa", "");
        assertEquals(1, count(c, "fx"));
        assertEquals("x", call(c, "fx.echo", "x"));
        WeakReference<Object> ref = new WeakReference<>(((JdbcConnection) c).getSession());
        c.close();
        return ref;
    }

    @Test
    void aMissingExportKeepsTheWarmInstance() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        assertEquals(1, count(conn, "fx"));
        assertEquals(2, count(conn, "fx"));
        assertEquals(3, count(conn, "fx"));
        SQLException e = fails("42883", conn, "SELECT wasm_call('fx.nope', 'x')");
        assertTrue(e.getMessage().contains("count"), e::getMessage);
        assertEquals(4, count(conn, "fx"), "the instance (and its state) survived the failed lookup");
    }

    @Test
    void statsStopListingAnUnregisteredPlugin() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        register(conn, "other", TestModules.fixture("v1"));
        Connection c2 = open();
        count(conn, "fx");
        count(c2, "fx");
        count(c2, "other");
        assertEquals(3, statsRows("fx", "other"));
        query1(conn, "SELECT wasm_unregister('fx')");
        assertEquals(1, statsRows("fx", "other"), "only 'other' of the second session is left");
        assertEquals(0, statsRows("fx"));
    }

    private int statsRows(String... plugins) throws SQLException {
        int n = 0;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT PLUGIN FROM wasm_cache_stats()")) {
            while (rs.next()) {
                for (String p : plugins) {
                    n += p.equals(rs.getString(1)) ? 1 : 0;
                }
            }
        }
        return n;
    }

    @Test
    void anAdminSeesItsOwnUncommittedRegistration() throws Exception {
        conn.setAutoCommit(false);
        register(conn, "fx", TestModules.fixture("v1"));
        assertEquals("v1", call(conn, "fx.tag", ""));
        Connection other = open();
        fails("42704", other, "SELECT wasm_call('fx.tag', '')");
        conn.rollback();
        conn.setAutoCommit(true);
        fails("42704", conn, "SELECT wasm_call('fx.tag', '')");
        assertFalse(statsRows("fx") > 0, "a plug-in that was never committed is not listed");
    }
}
