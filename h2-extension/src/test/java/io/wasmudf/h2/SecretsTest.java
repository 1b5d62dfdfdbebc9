package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A non-admin H2 user calls a plug-in whose config holds a secret, and cannot read the secret, the
 * allowed hosts or the module by any query tried here: the store table, every INFORMATION_SCHEMA
 * table, SCRIPT, wasm_plugins(), wasm_cache_stats() and the messages of failing calls.
 */
class SecretsTest extends H2TestBase {
    private static final String SECRET = "sk-SECRET-do-not-leak-7f3a";
    private Connection user;
    private String moduleHex;

    @BeforeEach
    void registerAsAdmin() throws SQLException {
        byte[] wasm = TestModules.fixture("v1");
        moduleHex = HexFormat.of().formatHex(wasm, 8, 40);
        register(conn, "vault", wasm, "{\"config\": {\"api_key\": \"" + SECRET + "\"}, \"allowed_hosts\": [\"secret-host.example\"]}");
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE USER reader PASSWORD 'r'");
        }
        user = openAs("reader", "r");
    }

    private void assertNoSecret(String what, String s) {
        if (s != null) {
            assertFalse(s.contains(SECRET), () -> what + " shows the secret: " + s);
            assertFalse(s.contains("secret-host"), () -> what + " shows an allowed host: " + s);
            assertFalse(s.toLowerCase().contains(moduleHex), () -> what + " shows the module");
        }
    }

    private static String all(Connection c, String sql) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    b.append(v instanceof byte[] ? HexFormat.of().formatHex((byte[]) v) : String.valueOf(v)).append('|');
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void theUserCallsThePlugin() throws Exception {
        assertEquals("hi", call(user, "vault.echo", "hi"));
        String listed = all(user, "SELECT * FROM wasm_plugins()");
        assertTrue(listed.contains("vault"), listed);
        assertNoSecret("wasm_plugins()", listed);
        assertNoSecret("wasm_cache_stats()", all(user, "SELECT * FROM wasm_cache_stats()"));
    }

    @Test
    void theStoreAndScriptAreRefused() {
        assertEquals("90096", assertThrows(SQLException.class, () -> all(user, "SELECT settings FROM wasmudf_plugins")).getSQLState());
        assertEquals("90096", assertThrows(SQLException.class, () -> all(user, "SELECT module FROM wasmudf_plugins")).getSQLState());
        assertEquals("90040", assertThrows(SQLException.class, () -> all(user, "SCRIPT")).getSQLState());
        assertEquals("42501", assertThrows(SQLException.class,
                () -> all(user, "SELECT wasm_register('x', X'00')")).getSQLState());
    }

    @Test
    void noInformationSchemaTableShowsIt() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Statement st = user.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'INFORMATION_SCHEMA'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertTrue(tables.size() > 20, tables::toString);
        for (String t : tables) {
            assertNoSecret("INFORMATION_SCHEMA." + t, all(user, "SELECT * FROM INFORMATION_SCHEMA.\"" + t + "\""));
        }
    }

    @Test
    void failingCallsDoNotShowIt() {
        for (String bad : new String[] {"SELECT wasm_call('vault.nope', 'x')", "SELECT wasm_call('vault.fail', 'x')",
                "SELECT wasm_call('vault.boom', 'x')", "SELECT wasm_call_json('vault.echo', 'not json')",
                "SELECT wasm_unregister('vault')"}) {
            SQLException e = assertThrows(SQLException.class, () -> all(user, bad));
            assertNoSecret(bad, e.getMessage());
        }
    }
}
