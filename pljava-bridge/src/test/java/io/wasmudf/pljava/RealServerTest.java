package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wasmudf.runtime.ExecutionMode;
import io.wasmudf.runtime.ModuleCache;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge's code below the PL/Java boundary against a real PostgreSQL server: pgjdbc connections
 * stand in for {@code jdbc:default:connection}, one {@link Backend} per connection as one JVM per
 * backend. The store is created from {@code sql/postgres/install.sql} itself (its schema and table).
 * Needs {@code WASMUDF_TEST_PG_URL} (set by {@code .ci/start-postgres.sh}); skipped without it.
 */
class RealServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String url;

    private final List<Connection> open = new ArrayList<>();
    private final List<Backend> backends = new ArrayList<>();

    static String testUrl() {
        String u = System.getProperty("wasmudf.test.pg.url");
        if (u == null || u.isBlank()) {
            u = System.getenv("WASMUDF_TEST_PG_URL");
        }
        return u == null || u.isBlank() ? null : u;
    }

    @BeforeAll
    static void server() {
        url = testUrl();
        assumeTrue(url != null, "real-server tests need a PostgreSQL server: set WASMUDF_TEST_PG_URL "
                + "(or -Dwasmudf.test.pg.url) to a JDBC URL; `source .ci/start-postgres.sh` starts one");
    }

    @BeforeEach
    void store() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS wasmudf CASCADE");
            // Only the store part of install.sql: its functions need PL/Java (the in-server tests).
            for (String sql : SqlScript.statements("install.sql")) {
                if (sql.startsWith("CREATE SCHEMA") || sql.startsWith("CREATE TABLE wasmudf.plugins")) {
                    st.execute(sql);
                }
            }
        }
    }

    @AfterEach
    void close() throws SQLException {
        backends.forEach(Backend::close);
        for (Connection c : open) {
            c.close();
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        open.add(c);
        return c;
    }

    private Backend backend(String id) {
        Backend b = new Backend(id, 32, 512L * 1024 * 1024, ExecutionMode.INTERPRETER);
        backends.add(b);
        return b;
    }

    private static void assertUsable(Connection c, Backend b) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 41 + 1")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
        assertEquals("still works", b.call(c, "fx", "echo", "still works"));
    }

    @Test
    void registerAndCallEveryForm() throws Exception {
        Connection c = connect();
        Backend b = backend("a");
        String sha = b.register(c, "fx", Fixtures.v1(), null);
        assertEquals(ModuleCache.sha256(Fixtures.v1()), sha);

        String input = "Hello, WebAssembly in PostgreSQL!";
        assertEquals(input.toUpperCase(Locale.ROOT), b.call(c, "fx.upper", input));
        assertEquals(input.toUpperCase(Locale.ROOT), b.call(c, "fx", "upper", input));
        byte[] raw = {0, 1, 2, (byte) 0xff, 'a'};
        assertArrayEquals(raw, b.call(c, "fx.echo", raw));
        assertArrayEquals(raw, b.call(c, "fx", "echo", raw));
        assertNull(b.call(c, "fx.echo", (String) null), "NULL input gives NULL");
        assertEquals("", b.call(c, "fx.echo", ""), "'' calls with empty input");

        // The stored row: what wasm_plugins() shows.
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, sha256, size, exports, version, module FROM wasmudf.plugins")) {
            assertTrue(rs.next());
            assertEquals("fx", rs.getString(1));
            assertEquals(sha, rs.getString(2));
            assertEquals(Fixtures.v1().length, rs.getLong(3));
            assertEquals(List.of("boom", "count", "echo", "fail", "grow", "spin", "tag", "upper"),
                    List.of(rs.getString(4).split(",")).stream().sorted().toList());
            assertEquals(1, rs.getLong(5));
            assertArrayEquals(Fixtures.v1(), rs.getBytes(6));
            assertFalse(rs.next());
        }
    }

    @Test
    void rowsAreTheElementsOfAJsonArrayOutput() throws Exception {
        Connection c = connect();
        Backend b = backend("a");
        b.register(c, "fx", Fixtures.v1(), null);
        String array = "[1, \"two\", {\"three\": [3]}, null, true]";
        List<String> got = new ArrayList<>();
        for (Iterator<String> it = b.rowElements(c, "fx.echo", array); it.hasNext(); ) {
            got.add(it.next());
        }
        List<String> want = new ArrayList<>();
        JSON.readTree(array).forEach(n -> want.add(n.toString()));
        assertEquals(want, got);
        SQLException notArray = assertThrows(SQLException.class, () -> b.rowElements(c, "fx.echo", "{\"a\":1}"));
        assertEquals("38000", notArray.getSQLState());
        assertTrue(notArray.getMessage().contains("not a JSON array"), notArray.getMessage());
    }

    @Test
    void registrationIsTransactional() throws Exception {
        Connection a = connect();
        Backend ba = backend("a");
        ba.register(a, "fx", Fixtures.v1(), null);

        Connection b = connect();
        Backend bb = backend("b");
        b.setAutoCommit(false);
        bb.register(b, "fx", Fixtures.v2(), null);
        assertEquals("v2", bb.call(b, "fx.tag", ""), "the registering transaction sees its new version");
        assertEquals("v1", ba.call(a, "fx.tag", ""), "others do not see an uncommitted version");
        b.rollback();
        assertEquals("v1", bb.call(b, "fx.tag", ""), "a rollback leaves the old version");
        assertEquals("v1", ba.call(a, "fx.tag", ""));

        // and a first registration rolled back leaves nothing
        bb.register(b, "gone", Fixtures.v1(), null);
        b.rollback();
        SQLException e = assertThrows(SQLException.class, () -> bb.call(b, "gone.tag", ""));
        assertEquals("42704", e.getSQLState());
        b.setAutoCommit(true);
    }

    @Test
    void aReplacedPluginIsSeenByAnotherConnectionAtItsNextCall() throws Exception {
        Connection a = connect();
        Backend ba = backend("a");
        ba.register(a, "fx", Fixtures.v1(), null);
        assertEquals("v1", ba.call(a, "fx.tag", ""));
        assertEquals("v1", ba.call(a, "fx.tag", ""));

        Connection b = connect();
        Backend bb = backend("b");
        String sha2 = bb.register(b, "fx", Fixtures.v2(), null);
        assertEquals(ModuleCache.sha256(Fixtures.v2()), sha2);

        assertEquals("v2", ba.call(a, "fx.tag", ""));
        JsonNode stats = single(ba.cacheStatsRows());
        assertEquals(3, stats.get("calls").asLong());
        assertEquals(1, stats.get("hits").asLong());
        assertEquals(2, stats.get("misses").asLong(), "the first call and the new version");
        assertEquals(2, stats.get("instances").asLong() + 1, "one live instance now (v2)");
        try (Statement st = a.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT version FROM wasmudf.plugins WHERE name = 'fx'")) {
            assertTrue(rs.next());
            assertEquals(2, rs.getLong(1));
        }
        assertTrue(ba.unregister(a, "fx"));
        assertFalse(ba.unregister(a, "fx"));
        assertEquals("42704", assertThrows(SQLException.class, () -> bb.call(b, "fx.tag", "")).getSQLState());
    }

    private static JsonNode single(Iterator<String> rows) throws Exception {
        assertTrue(rows.hasNext());
        JsonNode n = JSON.readTree(rows.next());
        assertFalse(rows.hasNext());
        return n;
    }

    @Test
    void aWarmInstanceKeepsItsStatePerConnection() throws Exception {
        Connection a = connect();
        Backend ba = backend("a");
        ba.register(a, "fx", Fixtures.v1(), null);
        for (int i = 1; i <= 3; i++) {
            assertArrayEquals(new byte[] {(byte) i}, ba.call(a, "fx.count", new byte[0]));
        }
        Connection b = connect();
        Backend bb = backend("b");
        assertArrayEquals(new byte[] {1}, bb.call(b, "fx.count", new byte[0]), "a new connection has its own instance");
        assertArrayEquals(new byte[] {4}, ba.call(a, "fx.count", new byte[0]));
    }

    @Test
    void eightConnectionsCallConcurrentlyWithNoStateCrossing() throws Exception {
        Connection setup = connect();
        backend("setup").register(setup, "fx", Fixtures.v1(), null);
        int n = 8;
        int calls = 40;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                Connection c = connect();
                Backend b = backend("c" + t);
                String word = "conn-" + t + "-xyz";
                futures.add(pool.submit(() -> {
                    List<Integer> seen = new ArrayList<>();
                    for (int i = 0; i < calls; i++) {
                        seen.add(b.call(c, "fx.count", new byte[0])[0] & 0xff);
                        assertEquals(word.toUpperCase(Locale.ROOT), b.call(c, "fx.upper", word));
                    }
                    return seen;
                }));
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= calls; i++) {
                expected.add(i);
            }
            for (Future<List<Integer>> f : futures) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyErrorClassLeavesTheConnectionUsable() throws Exception {
        Connection c = connect();
        Backend b = backend("a");
        b.register(c, "fx", Fixtures.v1(), null);
        b.register(c, "slow", Fixtures.v1(), "{\"timeout_ms\": 300}");
        b.register(c, "small", Fixtures.v1(), "{\"memory\": {\"max_pages\": 4}}");

        SQLException e = assertThrows(SQLException.class, () -> b.call(c, "nope.echo", "x"));
        assertEquals("42704", e.getSQLState());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertUsable(c, b);

        e = assertThrows(SQLException.class, () -> b.call(c, "fx.missing", "x"));
        assertEquals("42883", e.getSQLState());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertUsable(c, b);

        e = assertThrows(SQLException.class, () -> b.call(c, "fx.fail", "x"));
        assertEquals("38", e.getSQLState().substring(0, 2));
        assertTrue(e.getMessage().contains("fixture says no"), "the plug-in's message: " + e.getMessage());
        assertUsable(c, b);

        e = assertThrows(SQLException.class, () -> b.call(c, "fx.boom", "x"));
        assertEquals("38", e.getSQLState().substring(0, 2));
        assertUsable(c, b);

        long t0 = System.nanoTime();
        e = assertThrows(SQLException.class, () -> b.call(c, "slow.spin", "x"));
        assertEquals("57014", e.getSQLState());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 20_000, "stopped by the timeout");
        assertEquals("x", b.call(c, "slow.echo", "x"), "the plug-in works again after a timeout");
        assertUsable(c, b);

        e = assertThrows(SQLException.class, () -> b.call(c, "small.grow", "x"));
        assertEquals("53200", e.getSQLState(), e.getMessage());
        assertEquals("x", b.call(c, "small.echo", "x"));
        assertUsable(c, b);

        e = assertThrows(SQLException.class, () -> b.register(c, "bad", null, "{\"wasm\": 5}"));
        assertEquals("22023", e.getSQLState());
        e = assertThrows(SQLException.class, () -> b.register(c, "bad", null, "{not json"));
        assertEquals("22023", e.getSQLState());
        e = assertThrows(SQLException.class, () -> b.register(c, "bad", "not wasm".getBytes(StandardCharsets.UTF_8), null));
        assertEquals("22023", e.getSQLState());
        e = assertThrows(SQLException.class, () -> b.register(c, "bad", Fixtures.v1(),
                "{\"wasm\": [{\"data\": \"AGFzbQEAAAA=\"}]}"));
        assertEquals("22023", e.getSQLState());
        e = assertThrows(SQLException.class, () -> b.register(c, "bad.name", Fixtures.v1(), null));
        assertEquals("22023", e.getSQLState());
        e = assertThrows(SQLException.class, () -> b.register(c, "bad", null,
                "{\"wasm\": [{\"data\": \"" + java.util.Base64.getEncoder().encodeToString(Fixtures.v1())
                        + "\", \"hash\": \"" + "0".repeat(64) + "\"}]}"));
        assertEquals("22023", e.getSQLState());
        assertTrue(e.getMessage().contains("hash"), e.getMessage());
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM wasmudf.plugins WHERE name LIKE 'bad%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing stored by a failed registration");
        }
        assertUsable(c, b);

        JsonNode stats = null;
        for (Iterator<String> it = b.cacheStatsRows(); it.hasNext(); ) {
            JsonNode n = JSON.readTree(it.next());
            if (n.get("plugin").asText().equals("fx")) {
                stats = n;
            }
        }
        assertNotNull(stats);
        assertEquals(3, stats.get("errors").asLong(), "missing export, fail, boom");
    }

    @Test
    void manifestSourcesFromPathAndDataWhereTheJvmMayReadFiles() throws Exception {
        // The test JVM has no security manager, like javaU: a path source is read and stored by value.
        Connection c = connect();
        Backend b = backend("a");
        String sha = b.register(c, "bypath", null, "{\"wasm\": [{\"path\": \"" + Fixtures.v1Path() + "\"}]}");
        assertEquals(ModuleCache.sha256(Fixtures.v1()), sha);
        String sha2 = b.register(c, "bydata", null, "{\"wasm\": [{\"data\": \""
                + java.util.Base64.getEncoder().encodeToString(Fixtures.v2()) + "\"}], \"config\": {\"k\": \"v\"}}");
        assertEquals(ModuleCache.sha256(Fixtures.v2()), sha2);
        assertEquals("v1", b.call(c, "bypath.tag", ""));
        assertEquals("v2", b.call(c, "bydata.tag", ""));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT manifest::text FROM wasmudf.plugins WHERE name = 'bydata'")) {
            assertTrue(rs.next());
            JsonNode m = JSON.readTree(rs.getString(1));
            assertFalse(m.has("wasm"), "module bytes live in the module column, not in the manifest");
            assertEquals("v", m.get("config").get("k").asText());
        }
    }

    @Test
    void theCacheIsBoundedLeastRecentlyUsedFirst() throws Exception {
        Connection c = connect();
        Backend b = new Backend("bounded", 2, 512L * 1024 * 1024, ExecutionMode.INTERPRETER);
        backends.add(b);
        for (String p : List.of("p1", "p2", "p3")) {
            b.register(c, p, Fixtures.v1(), null);
        }
        assertArrayEquals(new byte[] {1}, b.call(c, "p1.count", new byte[0]));
        assertArrayEquals(new byte[] {1}, b.call(c, "p2.count", new byte[0]));
        assertArrayEquals(new byte[] {2}, b.call(c, "p1.count", new byte[0]));   // p2 is now the eldest
        assertArrayEquals(new byte[] {1}, b.call(c, "p3.count", new byte[0]));   // evicts p2
        assertArrayEquals(new byte[] {3}, b.call(c, "p1.count", new byte[0]), "p1 stayed warm");
        assertArrayEquals(new byte[] {1}, b.call(c, "p2.count", new byte[0]), "p2 was evicted: a fresh instance");
        long evictions = 0;
        long live = 0;
        for (Iterator<String> it = b.cacheStatsRows(); it.hasNext(); ) {
            JsonNode n = JSON.readTree(it.next());
            evictions += n.get("evictions").asLong();
            live += n.get("instances").asLong();
        }
        assertEquals(2, evictions, "p2 by p3, then p3 by p2");
        assertEquals(2, live);
    }
}
