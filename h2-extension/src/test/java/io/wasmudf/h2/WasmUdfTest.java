package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.ModuleCache;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Every wasm_* function, transactions, visibility across connections and concurrency, in H2. */
class WasmUdfTest extends H2TestBase {

    @Test
    void registerReturnsTheModulesSha256AndCallMapsTextToText() throws Exception {
        byte[] v1 = TestModules.fixture("v1");
        assertEquals(ModuleCache.sha256(v1), register(conn, "fx", v1));
        assertEquals("HELLO, WORLD 42", call(conn, "fx.upper", "hello, World 42"));
        assertEquals("ÄBC", call(conn, "fx.upper", "Äbc"), "non-ASCII UTF-8 passes through unchanged");
        assertEquals("ABC", query1(conn, "SELECT wasm_call('fx', 'upper', 'abc')"));
        try (Statement s = conn.createStatement()) {
            s.execute("CALL wasm_register('fx2', X'" + hex(v1) + "')");
        }
        assertEquals("X", call(conn, "fx2.upper", "x"));
    }

    @Test
    void bytesInGiveBytesOutAndNullGivesNull() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        byte[] in = {0, (byte) 0xff, 10, 65};
        assertArrayEquals(in, (byte[]) query1(conn, "SELECT wasm_call('fx.echo', ?)", in));
        assertArrayEquals(new byte[0], (byte[]) query1(conn, "SELECT wasm_call('fx.echo', X'')"));
        assertEquals("", call(conn, "fx.echo", ""));
        assertNull(query1(conn, "SELECT wasm_call('fx.echo', CAST(NULL AS VARCHAR))"));
        assertNull(query1(conn, "SELECT wasm_call('fx', 'echo', CAST(NULL AS VARBINARY))"));
    }

    @Test
    void pluginNameAloneCallsTheExportOfTheSameName() throws Exception {
        register(conn, "echo", TestModules.fixture("v1"));
        assertEquals("as written", call(conn, "echo", "as written"));
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE posts(id INT PRIMARY KEY, body VARCHAR)");
            s.execute("INSERT INTO posts VALUES (1, 'one'), (2, 'two')");
            try (ResultSet rs = s.executeQuery("SELECT wasm_call('echo', body) FROM posts ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("one", rs.getString(1));
                assertTrue(rs.next());
                assertEquals("two", rs.getString(1));
            }
        }
    }

    @Test
    void callJsonReturnsH2Json() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        try (PreparedStatement ps = conn.prepareStatement("SELECT wasm_call_json('fx.echo', '{\"a\": [1, 2]}')");
                ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("{\"a\":[1,2]}", rs.getString(1), "H2 normalises JSON text");
        }
        assertEquals(Boolean.TRUE, query1(conn, "SELECT wasm_call_json('fx', 'echo', '[1, 2]') IS JSON ARRAY"));
        assertEquals(Boolean.TRUE, query1(conn, "SELECT wasm_call_json('fx.echo', '{}') IS JSON OBJECT"));
        assertNull(query1(conn, "SELECT wasm_call_json('fx.echo', CAST(NULL AS VARCHAR))"));
        fails("22023", conn, "SELECT wasm_call_json('fx.echo', 'not json')");
    }

    @Test
    void rowsGivesOneRowPerArrayElementAndJoins() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        List<String> got = new ArrayList<>();
        try (ResultSet rs = conn.createStatement().executeQuery(
                "SELECT ORDINAL, \"VALUE\" FROM wasm_rows('fx.echo', '[\"a\", \"b\", 3, {\"k\": null}, null]') ORDER BY ORDINAL")) {
            while (rs.next()) {
                got.add(rs.getInt(1) + "=" + rs.getString(2));
            }
        }
        assertEquals(List.of("1=a", "2=b", "3=3", "4={\"k\":null}", "5=null"), got);
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE words(w VARCHAR PRIMARY KEY)");
            s.execute("INSERT INTO words VALUES ('b'), ('z')");
            try (ResultSet rs = s.executeQuery("SELECT r.ORDINAL FROM wasm_rows('fx', 'echo', '[\"a\",\"b\"]') r JOIN words ON words.w = r.\"VALUE\"")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
                assertFalse(rs.next());
            }
        }
        fails("22023", conn, "SELECT * FROM wasm_rows('fx.echo', '{\"not\": \"an array\"}')");
    }

    @Test
    void rowsColumnListDoesNotRunThePlugin() throws Exception {
        // 'nope' is not registered: preparing must still learn the columns without calling it.
        try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM wasm_rows('nope.x', ?)")) {
            ResultSetMetaData md = ps.getMetaData();
            assertEquals(2, md.getColumnCount());
            assertEquals("ORDINAL", md.getColumnName(1));
            assertEquals("VALUE", md.getColumnName(2));
            ps.setString(1, "[]");
            java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, ps::executeQuery);
            assertEquals("42704", e.getSQLState(), e::getMessage);
        }
    }

    @Test
    void pluginsListsTheStore() throws Exception {
        byte[] v1 = TestModules.fixture("v1");
        register(conn, "fx", v1);
        register(conn, "other", v1, "{\"config\": {\"k\": \"v\"}}");
        try (ResultSet rs = conn.createStatement().executeQuery(
                "SELECT NAME, SHA256, SIZE, EXPORTS, VERSION, REGISTERED_AT FROM wasm_plugins() ORDER BY NAME")) {
            assertTrue(rs.next());
            assertEquals("fx", rs.getString(1));
            assertEquals(ModuleCache.sha256(v1), rs.getString(2));
            assertEquals(v1.length, rs.getInt(3));
            List<String> exports = List.of(rs.getString(4).split(","));
            assertTrue(exports.containsAll(List.of("echo", "upper", "count", "tag", "fail", "spin", "boom", "grow")), exports::toString);
            long v = rs.getLong(5);
            assertTrue(v > 0);
            assertTrue(rs.getObject(6) != null);
            assertTrue(rs.next());
            assertEquals("other", rs.getString(1));
            assertTrue(rs.getLong(5) > v, "versions only grow");
            assertFalse(rs.next());
        }
        assertEquals(Boolean.TRUE, query1(conn, "SELECT wasm_unregister('other')"));
        assertEquals(Boolean.FALSE, query1(conn, "SELECT wasm_unregister('other')"));
        assertEquals(1L, ((Number) query1(conn, "SELECT COUNT(*) FROM wasm_plugins()")).longValue());
    }

    @Test
    void warmInstanceKeepsStateAndStatsCountIt() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        long started = System.nanoTime();
        assertEquals(1, count(conn, "fx"));
        assertEquals(2, count(conn, "fx"));
        assertEquals(3, count(conn, "fx"));
        double elapsedMs = (System.nanoTime() - started) / 1e6;
        try (ResultSet rs = conn.createStatement().executeQuery(
                "SELECT INSTANCES, CALLS, ERRORS, HITS, MISSES, EVICTIONS, WASM_MS, MEMORY_BYTES, VERSION FROM wasm_cache_stats() "
                        + "WHERE PLUGIN = 'fx' AND CONNECTION = 'h2-session-' || SESSION_ID()")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getLong(1));
            assertEquals(3, rs.getLong(2));
            assertEquals(0, rs.getLong(3));
            assertEquals(2, rs.getLong(4));
            assertEquals(1, rs.getLong(5));
            assertEquals(0, rs.getLong(6));
            // Time in Wasm is a part of the three statements' time (not a speed check: it holds on any machine).
            double wasmMs = rs.getDouble(7);
            assertTrue(wasmMs > 0 && wasmMs <= elapsedMs, "WASM_MS " + wasmMs + " within the calls' " + elapsedMs + " ms");
            assertTrue(rs.getLong(8) >= 65536, "at least the fixture's one page of memory");
            assertTrue(rs.getLong(9) > 0);
            assertFalse(rs.next());
        }
    }

    @Test
    void registrationRolledBackLeavesTheOldVersion() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        Connection other = open();
        assertEquals("v1", call(other, "fx.tag", ""));
        conn.setAutoCommit(false);
        register(conn, "fx", TestModules.fixture("v2"));
        assertEquals("v2", call(conn, "fx.tag", ""), "the registering transaction sees its own new version");
        assertEquals("v1", call(other, "fx.tag", ""), "others do not see it before commit");
        conn.rollback();
        conn.setAutoCommit(true);
        assertEquals("v1", call(conn, "fx.tag", ""));
        assertEquals("v1", call(other, "fx.tag", ""));
        assertEquals(ModuleCache.sha256(TestModules.fixture("v1")), query1(conn, "SELECT SHA256 FROM wasm_plugins()"));
    }

    @Test
    void aReplacedPluginIsSeenByAnotherConnectionAtItsNextCall() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        Connection other = open();
        assertEquals("v1", call(other, "fx.tag", ""));
        assertEquals(1, count(other, "fx"));
        assertEquals(2, count(other, "fx"));
        register(conn, "fx", TestModules.fixture("v2"));
        assertEquals("v2", call(other, "fx.tag", ""));
        assertEquals(1, count(other, "fx"), "the new version starts from a fresh instance");
        // Unregistering and registering again must not revive the old instance either.
        query1(conn, "SELECT wasm_unregister('fx')");
        fails("42704", other, "SELECT wasm_call('fx.tag', '')");
        register(conn, "fx", TestModules.fixture("v1"));
        assertEquals("v1", call(other, "fx.tag", ""));
    }

    @Test
    void eightConnectionsCallConcurrentlyWithoutSharingState() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        int threads = 8;
        int calls = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Connection c = open();
                String word = "thread" + t;
                results.add(pool.submit((Callable<List<Integer>>) () -> {
                    List<Integer> counts = new ArrayList<>();
                    for (int i = 0; i < calls; i++) {
                        counts.add(count(c, "fx"));
                        assertEquals(word.toUpperCase(Locale.ROOT), call(c, "fx.upper", word));
                    }
                    return counts;
                }));
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= calls; i++) {
                expected.add(i);
            }
            for (Future<List<Integer>> f : results) {
                assertEquals(expected, f.get(), "each connection counts its own calls only");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void installIsIdempotentAndUninstallRemovesEverything() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        WasmUdf.install(conn);
        assertEquals("A", call(conn, "fx.upper", "a"), "reinstalling keeps registered plug-ins");
        WasmUdf.uninstall(conn);
        assertEquals(0L, ((Number) query1(conn,
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.ROUTINES WHERE LOWER(ROUTINE_NAME) LIKE 'wasm\\_%'")).longValue());
        WasmUdf.install(conn);
        assertEquals(0L, ((Number) query1(conn, "SELECT COUNT(*) FROM wasm_plugins()")).longValue());
    }

    @Test
    void countVowelsFromTheCorpusUsesItsConfig() throws Exception {
        byte[] wasm = TestModules.corpus("count_vowels.wasm");
        register(conn, "count_vowels", wasm);
        register(conn, "count_ys", wasm, "{\"config\": {\"vowels\": \"yY\"}}");
        String text = "Hello, World! Yay, yes.";
        String out = call(conn, "count_vowels", text);
        // count_vowels counts the characters of its `vowels` config (default "aeiouAEIOU") in the input;
        // `total` sums the counts of this instance's calls (this is each plug-in's first).
        long n = countOf(text, "aeiouAEIOU");
        assertEquals("{\"count\":" + n + ",\"total\":" + n + ",\"vowels\":\"aeiouAEIOU\"}", out);
        String ys = call(conn, "count_ys.count_vowels", text);
        long y = countOf(text, "yY");
        assertEquals("{\"count\":" + y + ",\"total\":" + y + ",\"vowels\":\"yY\"}", ys);
    }

    private static long countOf(String text, String chars) {
        return text.chars().filter(ch -> chars.indexOf(ch) >= 0).count();
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
