package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error class gives its SQLState and a usable message, and the connection works afterwards. */
class ErrorsTest extends H2TestBase {

    @BeforeEach
    void registerFixture() throws SQLException {
        register(conn, "fx", TestModules.fixture("v1"));
    }

    private void stillUsable(Connection c) throws SQLException {
        assertEquals("OK", call(c, "fx.upper", "ok"));
    }

    @Test
    void pluginError() throws Exception {
        SQLException e = fails("38000", conn, "SELECT wasm_call('fx.fail', 'x')");
        assertTrue(e.getMessage().contains("fixture says no"), e::getMessage);
        stillUsable(conn);
    }

    @Test
    void trapDiscardsTheInstance() throws Exception {
        assertEquals(1, count(conn, "fx"));
        assertEquals(2, count(conn, "fx"));
        fails("38001", conn, "SELECT wasm_call('fx.boom', '')");
        assertEquals(1, count(conn, "fx"), "a trapped instance is never reused");
        assertEquals(2L, ((Number) query1(conn, "SELECT INSTANCES FROM wasm_cache_stats() WHERE PLUGIN = 'fx'"
                + " AND CONNECTION = 'h2-session-' || SESSION_ID()")).longValue());
        assertEquals(1L, ((Number) query1(conn, "SELECT ERRORS FROM wasm_cache_stats() WHERE PLUGIN = 'fx'"
                + " AND CONNECTION = 'h2-session-' || SESSION_ID()")).longValue());
        stillUsable(conn);
    }

    @Test
    void timeout() throws Exception {
        register(conn, "slow", TestModules.fixture("v1"), "{\"timeout_ms\": 200}");
        SQLException e = fails("57014", conn, "SELECT wasm_call('slow.spin', '')");
        assertTrue(e.getMessage().contains("timeout"), e::getMessage);
        stillUsable(conn);
        assertEquals("X", call(conn, "slow.upper", "x"));
    }

    @Test
    void memoryCap() throws Exception {
        register(conn, "small", TestModules.fixture("v1"), "{\"memory\": {\"max_pages\": 4}}");
        fails("53200", conn, "SELECT wasm_call('small.grow', '')");
        stillUsable(conn);
        assertEquals("X", call(conn, "small.upper", "x"));
    }

    @Test
    void badManifest() throws Exception {
        byte[] v1 = TestModules.fixture("v1");
        fails("22023", conn, "SELECT wasm_register('m', ?, ?)", v1, "{\"timeout_ms\": \"soon\"}");
        fails("22023", conn, "SELECT wasm_register('m', ?, ?)", v1, "{\"no_such_field\": 1}");
        fails("22023", conn, "SELECT wasm_register('m', ?, ?)", v1, "not json");
        fails("22023", conn, "SELECT wasm_register('m', '{\"wasm\": [{\"path\": \"/no/such/file.wasm\"}]}')");
        fails("22023", conn, "SELECT wasm_register('m', '{\"wasm\": [{\"data\": \"AGFzbQEAAAA=\", \"hash\": \"00\"}]}')");
        fails("22023", conn, "SELECT wasm_register('bad.name', ?)", v1);
        assertEquals(1L, ((Number) query1(conn, "SELECT COUNT(*) FROM wasm_plugins()")).longValue());
        stillUsable(conn);
    }

    @Test
    void manifestWithAPathRegisters() throws Exception {
        String path = TestModules.root().resolve("pljava-bridge/src/test/resources/fixtures/fixture-v2.wasm").toString();
        String sha = (String) query1(conn, "SELECT wasm_register('bypath', ?)", "{\"wasm\": [{\"path\": \"" + path + "\"}]}");
        assertEquals(io.wasmudf.runtime.ModuleCache.sha256(TestModules.fixture("v2")), sha);
        assertEquals("v2", call(conn, "bypath.tag", ""));
    }

    @Test
    void malformedWasm() throws Exception {
        fails("22023", conn, "SELECT wasm_register('m', X'0061736d01000000ff')");
        fails("22023", conn, "SELECT wasm_register('m', X'deadbeef')");
        fails("22023", conn, "SELECT wasm_register('m', X'')");
        stillUsable(conn);
    }

    @Test
    void missingExport() throws Exception {
        SQLException e = fails("42883", conn, "SELECT wasm_call('fx.nope', 'x')");
        assertTrue(e.getMessage().contains("upper"), "the message lists the exports: " + e.getMessage());
        fails("42883", conn, "SELECT wasm_call('fx', 'x')");
        stillUsable(conn);
    }

    @Test
    void unknownPlugin() throws Exception {
        fails("42704", conn, "SELECT wasm_call('nope.x', 'x')");
        fails("42704", conn, "SELECT wasm_call_json('nope', 'x', 'x')");
        stillUsable(conn);
    }

    @Test
    void onlyAnAdminRegisters() throws Exception {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE USER bob PASSWORD 'pw'");
        }
        Connection bob = openAs("bob", "pw");
        fails("42501", bob, "SELECT wasm_register('mine', ?)", TestModules.fixture("v2"));
        fails("42501", bob, "SELECT wasm_unregister('fx')");
        stillUsable(bob);
        assertEquals("v1", call(bob, "fx.tag", ""));
    }

    @Test
    void aFailingRowFailsTheStatementOnly() throws Exception {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE t(id INT PRIMARY KEY, f VARCHAR)");
            s.execute("INSERT INTO t VALUES (1, 'fx.upper'), (2, 'fx.fail')");
        }
        fails("38000", conn, "SELECT COUNT(wasm_call(f, 'x')) FROM t");
        assertEquals(1L, ((Number) query1(conn, "SELECT COUNT(wasm_call(f, 'x')) FROM t WHERE id = 1")).longValue());
    }
}
