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
import io.wasmudf.corpus.CorpusCase;
import io.wasmudf.corpus.SqlCorpus;
import io.wasmudf.runtime.ModuleCache;
import io.wasmudf.sql.CacheLimits;
import io.wasmudf.sql.Dialect;

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
import org.junit.jupiter.api.Timeout;

/**
 * The bridge's code below the PL/Java boundary against a real PostgreSQL server: pgjdbc connections
 * stand in for {@code jdbc:default:connection}, one {@link PgBackend} per connection as one JVM per
 * backend. The store is created from {@code sql/postgres/install.sql} itself (its schema and table).
 * Needs {@code WASMUDF_TEST_PG_URL} (set by {@code .ci/start-postgres.sh}); skipped without it.
 */
@Timeout(120)
class RealServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String url;
    /** A schema of this JVM's own: other builds may be testing against the same server. */
    private static final String SCHEMA = "wasmudf_rt_" + ProcessHandle.current().pid();

    private final List<Connection> open = new ArrayList<>();
    private final List<PgBackend> backends = new ArrayList<>();

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
        if (url == null) {
            System.err.println("RealServerTest skipped: set WASMUDF_TEST_PG_URL (`source .ci/start-postgres.sh` starts a server)");
        }
    }

    @BeforeEach
    void store() throws SQLException {
        // Per test, not in @BeforeAll: so each test is counted as skipped, with the reason, in the build's summary.
        assumeTrue(url != null, "real-server tests need a PostgreSQL server: set WASMUDF_TEST_PG_URL "
                + "(or -Dwasmudf.test.pg.url) to a JDBC URL; `source .ci/start-postgres.sh` starts one");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            // Only the store part of install.sql (in a schema of our own): its functions need
            // PL/Java (the in-server tests).
            for (String sql : SqlScript.statements("install.sql")) {
                if (sql.startsWith("CREATE SCHEMA wasmudf") || sql.startsWith("CREATE SEQUENCE wasmudf.")
                        || sql.startsWith("CREATE TABLE wasmudf.")) {
                    st.execute(sql.replaceFirst("^CREATE SCHEMA wasmudf", "CREATE SCHEMA " + SCHEMA)
                            .replaceFirst(" wasmudf\\.", " " + SCHEMA + "."));
                }
            }
        }
    }

    @AfterEach
    void close() throws SQLException {
        if (url == null) {
            return;
        }
        backends.forEach(PgBackend::close);
        for (Connection c : open) {
            c.close();
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        open.add(c);
        try (Statement st = c.createStatement()) {
            // In the server every function sets this (install.sql); the Java code names the store unqualified.
            st.execute("SET search_path = " + SCHEMA + ", pg_catalog");
        }
        return c;
    }

    private PgBackend backend(String id) {
        PgBackend b = new PgBackend(id, CacheLimits.defaults(), true);
        backends.add(b);
        return b;
    }

    private static void assertUsable(Connection c, PgBackend b) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 41 + 1")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
        assertEquals("still works", b.call(c, "fx", "echo", "still works"));
    }

    @Test
    void registerAndCallEveryForm() throws Exception {
        Connection c = connect();
        PgBackend b = backend("a");
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
             ResultSet rs = st.executeQuery("SELECT name, sha256, size, exports, version, module FROM " + SCHEMA + ".wasmudf_plugins")) {
            assertTrue(rs.next());
            assertEquals("fx", rs.getString(1));
            assertEquals(sha, rs.getString(2));
            assertEquals(Fixtures.v1().length, rs.getLong(3));
            assertEquals(List.of("boom", "count", "echo", "fail", "grow", "spin", "tag", "upper"),
                    List.of(rs.getString(4).split(",")).stream().sorted().toList());
            assertTrue(rs.getLong(5) > 0);
            assertArrayEquals(Fixtures.v1(), rs.getBytes(6));
            assertFalse(rs.next());
        }
    }

    @Test
    void rowsAreTheElementsOfAJsonArrayOutput() throws Exception {
        Connection c = connect();
        PgBackend b = backend("a");
        b.register(c, "fx", Fixtures.v1(), null);
        String array = "[1, \"two\", {\"three\": [3]}, null, true]";
        List<String> got = new ArrayList<>();
        for (Iterator<String> it = b.rows(c, "fx.echo", PgBackend.utf8(array)); it.hasNext(); ) {
            got.add(it.next());
        }
        // As in H2: ordinal from 1; a string element unquoted, a JSON null as NULL, others as JSON text.
        List<String> want = new ArrayList<>();
        int i = 1;
        for (JsonNode n : JSON.readTree(array)) {
            com.fasterxml.jackson.databind.node.ArrayNode pair = JSON.createArrayNode().add(i++);
            pair.add(n.isNull() ? null : n.isTextual() ? n.textValue() : n.toString());
            want.add(pair.toString());
        }
        assertEquals(want, got);
        assertEquals(List.of("[1,\"x\"]", "[2,\"y\"]"), toList(b.rows(c, "fx", "echo", PgBackend.utf8("[\"x\",\"y\"]"))));
        assertFalse(b.rows(c, "fx.echo", PgBackend.utf8("[]")).hasNext());
        SQLException notArray = assertThrows(SQLException.class, () -> b.rows(c, "fx.echo", PgBackend.utf8("{\"a\":1}")));
        assertEquals("22023", notArray.getSQLState());
        assertTrue(notArray.getMessage().contains("JSON array"), notArray.getMessage());
        SQLException notJson = assertThrows(SQLException.class, () -> b.callJson(c, "fx.echo", PgBackend.utf8("{oops")));
        assertEquals("22023", notJson.getSQLState());
        assertEquals(JSON.readTree("{\"k\": [1, 2]}"), JSON.readTree(b.callJson(c, "fx", "echo", PgBackend.utf8("{\"k\": [1, 2]}"))));
    }

    private static List<String> toList(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void registrationIsTransactional() throws Exception {
        Connection a = connect();
        PgBackend ba = backend("a");
        ba.register(a, "fx", Fixtures.v1(), null);

        Connection b = connect();
        PgBackend bb = backend("b");
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
        PgBackend ba = backend("a");
        ba.register(a, "fx", Fixtures.v1(), null);
        assertEquals("v1", ba.call(a, "fx.tag", ""));
        assertEquals("v1", ba.call(a, "fx.tag", ""));

        Connection b = connect();
        PgBackend bb = backend("b");
        String sha2 = bb.register(b, "fx", Fixtures.v2(), null);
        assertEquals(ModuleCache.sha256(Fixtures.v2()), sha2);

        assertEquals("v2", ba.call(a, "fx.tag", ""));
        JsonNode stats = single(ba.cacheStats());
        assertEquals(3, stats.get("calls").asLong());
        assertEquals(1, stats.get("hits").asLong());
        assertEquals(2, stats.get("misses").asLong(), "the first call and the new version");
        assertEquals(2, stats.get("instances").asLong(), "v1, then v2 instantiated");
        try (Statement st = a.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT version FROM " + SCHEMA + ".wasmudf_plugins WHERE name = 'fx'")) {
            assertTrue(rs.next());
            assertEquals(rs.getLong(1), stats.get("version").asLong(), "the warm instance is the stored version");
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
        PgBackend ba = backend("a");
        ba.register(a, "fx", Fixtures.v1(), null);
        for (int i = 1; i <= 3; i++) {
            assertArrayEquals(new byte[] {(byte) i}, ba.call(a, "fx.count", new byte[0]));
        }
        Connection b = connect();
        PgBackend bb = backend("b");
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
                PgBackend b = backend("c" + t);
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
        PgBackend b = backend("a");
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
        assertEquals("38000", e.getSQLState());
        assertTrue(e.getMessage().contains("fixture says no"), "the plug-in's message: " + e.getMessage());
        assertUsable(c, b);

        e = assertThrows(SQLException.class, () -> b.call(c, "fx.boom", "x"));
        assertEquals("38001", e.getSQLState());
        assertUsable(c, b);

        e = assertThrows(SQLException.class, () -> b.call(c, "slow.spin", "x"));
        assertEquals("57014", e.getSQLState());
        assertEquals("x", b.call(c, "slow.echo", "x"), "the plug-in works again after a timeout");
        assertUsable(c, b);

        e = assertThrows(SQLException.class, () -> b.call(c, "small.grow", "x"));
        assertEquals("53200", e.getSQLState(), e.getMessage());
        assertEquals("x", b.call(c, "small.echo", "x"));
        assertUsable(c, b);

        e = assertThrows(SQLException.class, () -> b.register(c, "bad", "{\"wasm\": 5}"));
        assertEquals("22023", e.getSQLState());
        e = assertThrows(SQLException.class, () -> b.register(c, "bad", "{not json"));
        assertEquals("22023", e.getSQLState());
        e = assertThrows(SQLException.class, () -> b.register(c, "bad", "not wasm".getBytes(StandardCharsets.UTF_8), null));
        assertEquals("22023", e.getSQLState());
        e = assertThrows(SQLException.class, () -> b.register(c, "bad", Fixtures.v1(),
                "{\"wasm\": [{\"data\": \"AGFzbQEAAAA=\"}]}"));
        assertEquals("22023", e.getSQLState());
        e = assertThrows(SQLException.class, () -> b.register(c, "bad.name", Fixtures.v1(), null));
        assertEquals("22023", e.getSQLState());
        e = assertThrows(SQLException.class, () -> b.register(c, "bad",
                "{\"wasm\": [{\"data\": \"" + java.util.Base64.getEncoder().encodeToString(Fixtures.v1())
                        + "\", \"hash\": \"" + "0".repeat(64) + "\"}]}"));
        assertEquals("22023", e.getSQLState());
        assertTrue(e.getMessage().contains("Hash mismatch, found "), e.getMessage());
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM " + SCHEMA + ".wasmudf_plugins WHERE name LIKE 'bad%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing stored by a failed registration");
        }
        assertUsable(c, b);

        JsonNode stats = null;
        for (Iterator<String> it = b.cacheStats(); it.hasNext(); ) {
            JsonNode n = JSON.readTree(it.next());
            if (n.get("plugin").asText().equals("fx")) {
                stats = n;
            }
        }
        assertNotNull(stats);
        assertEquals(2, stats.get("errors").asLong(), "fail and boom (a missing export never reaches an instance)");
    }

    @Test
    void manifestSourcesFromPathAndDataWhereTheJvmMayReadFiles() throws Exception {
        // The test JVM has no security manager, like javaU: a path source is read and stored by value.
        Connection c = connect();
        PgBackend b = backend("a");
        String sha = b.register(c, "bypath", "{\"wasm\": [{\"path\": \"" + Fixtures.v1Path() + "\"}]}");
        assertEquals(ModuleCache.sha256(Fixtures.v1()), sha);
        String sha2 = b.register(c, "bydata", "{\"wasm\": [{\"data\": \""
                + java.util.Base64.getEncoder().encodeToString(Fixtures.v2()) + "\"}], \"config\": {\"k\": \"v\"}}");
        assertEquals(ModuleCache.sha256(Fixtures.v2()), sha2);
        assertEquals("v1", b.call(c, "bypath.tag", ""));
        assertEquals("v2", b.call(c, "bydata.tag", ""));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT settings::text FROM " + SCHEMA + ".wasmudf_plugins WHERE name = 'bydata'")) {
            assertTrue(rs.next());
            JsonNode m = JSON.readTree(rs.getString(1));
            assertFalse(m.has("wasm"), "module bytes live in the module column, not in the manifest");
            assertEquals("v", m.get("config").get("k").asText());
        }
    }

    @Test
    void theCacheIsBoundedLeastRecentlyUsedFirst() throws Exception {
        Connection c = connect();
        PgBackend b = new PgBackend("bounded", CacheLimits.builder().maxInstances(2).build(), true);
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
        for (Iterator<String> it = b.cacheStats(); it.hasNext(); ) {
            JsonNode n = JSON.readTree(it.next());
            evictions += n.get("evictions").asLong();
            live += n.get("version").isNull() ? 0 : 1;
        }
        assertEquals(2, evictions, "p2 by p3, then p3 by p2");
        assertEquals(2, live);
    }

    @Test
    void withoutFileAccessPathAndUrlSourcesAreRefusedSayingWhy() throws Exception {
        Connection c = connect();
        PgBackend trusted = new PgBackend("trusted", CacheLimits.defaults(), false);
        backends.add(trusted);
        for (String src : List.of("{\"path\": \"" + Fixtures.v1Path() + "\"}", "{\"url\": \"http://127.0.0.1:9/x.wasm\"}")) {
            SQLException e = assertThrows(SQLException.class, () -> trusted.register(c, "p", "{\"wasm\": [" + src + "]}"));
            assertEquals("42501", e.getSQLState());
            assertTrue(e.getMessage().contains("trusted PL/Java"), e.getMessage());
        }
        String sha = trusted.register(c, "fx", "{\"wasm\": [{\"data\": \""
                + java.util.Base64.getEncoder().encodeToString(Fixtures.v1()) + "\"}]}");
        assertEquals(ModuleCache.sha256(Fixtures.v1()), sha, "inline data is fine");
        assertUsable(c, trusted);
    }

    @Test
    void installSqlCreatesTheStoreJdbcCoreDescribes() throws Exception {
        Connection c = connect();
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + "_dialect CASCADE");
            st.execute("CREATE SCHEMA " + SCHEMA + "_dialect");
            st.execute("SET search_path = " + SCHEMA + "_dialect");
            for (String sql : Dialect.POSTGRES.createStore()) {
                st.execute(sql);
            }
            for (String sql : Dialect.POSTGRES.createCodeStore()) {
                st.execute(sql);
            }
            for (String sql : Dialect.POSTGRES.createDefinitionsStore()) {
                st.execute(sql);
            }
            String q = "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length, 0) "
                    + "|| ' ' || is_nullable FROM information_schema.columns WHERE table_schema = ? ORDER BY 1";
            assertEquals(columns(c, q, SCHEMA + "_dialect"), columns(c, q, SCHEMA));
            assertEquals(8 + 5 + 6, columns(c, q, SCHEMA).size(), "wasmudf_plugins, wasmudf_code and wasmudf_definitions");
            st.execute("DROP SCHEMA " + SCHEMA + "_dialect CASCADE");
            st.execute("SET search_path = " + SCHEMA + ", pg_catalog");
        }
    }

    /**
     * The compiled-code table with install.sql's privileges (for a role of this test standing in for
     * wasmudf_user): registration stores an entry; a new process reading as the table's owner (as
     * the SECURITY DEFINER call functions do) loads it; the caller can neither read it (it is the
     * module's code in another form) nor change it, nor get our code to write it.
     */
    @Test
    void onlyTheOwnerReadsTheStoredCompiledCodeAndNoCallerWritesIt() throws Exception {
        Connection c = connect();
        backend("admin").register(c, "fx", Fixtures.v1(), null);
        String role = SCHEMA + "_caller";
        try (Statement st = c.createStatement()) {
            assertEquals(List.of(ModuleCache.sha256(Fixtures.v1())), column(c, "SELECT module_sha256 FROM wasmudf_code"));
            io.wasmudf.sql.PluginStore newProcess = io.wasmudf.sql.PluginStore.builder(Dialect.POSTGRES)
                    .compiled(new io.wasmudf.sql.CompiledPlugins(io.wasmudf.runtime.WasmEngine.create(8),
                            io.wasmudf.runtime.PluginOptions.defaults(), 16))
                    .build();
            long version = newProcess.reads().list(c).stream().filter(p -> p.name().equals("fx")).findFirst()
                    .orElseThrow().version();
            assertEquals(io.wasmudf.runtime.CompiledModule.CodeOrigin.LOADED,
                    newProcess.compiled(c, newProcess.reads().find(c, "fx", version)).mainModule().codeOrigin());
            st.execute("DROP ROLE IF EXISTS " + role);
            st.execute("CREATE ROLE " + role + " NOLOGIN");
            st.execute("GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + role);
            for (String sql : SqlScript.statements("install.sql")) {
                if (sql.contains(" ON TABLE wasmudf.wasmudf_code ")) {
                    st.execute(sql.replace("wasmudf.wasmudf_code", SCHEMA + ".wasmudf_code").replace("wasmudf_user", role));
                }
            }
            st.execute("SET ROLE " + role);
            try {
                for (String sql : List.of("SELECT entry FROM wasmudf_code", "UPDATE wasmudf_code SET entry = '\\x00'",
                        "DELETE FROM wasmudf_code",
                        "INSERT INTO wasmudf_code VALUES (repeat('a', 64), repeat('b', 64), '\\x00', 1, now())")) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                    assertEquals("42501", e.getSQLState(), sql + " -> " + e.getMessage());
                }
                SQLException e = assertThrows(SQLException.class, () -> backend("caller").register(c, "mine", Fixtures.v2(), null));
                assertEquals("42501", e.getSQLState(), e.getMessage());
            } finally {
                st.execute("RESET ROLE");
            }
            assertEquals(1, column(c, "SELECT id FROM wasmudf_code").size());
            st.execute("DROP OWNED BY " + role);
            st.execute("DROP ROLE " + role);
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> columns(Connection c, String q, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Every corpus case SQL can run as recorded, through the bridge against the real server, compared
     * with what the official Extism runtime answered (io.wasmudf.corpus.SqlCorpus: the output bytes,
     * or the SQLState and message text of the recorded failure), the connection usable after each.
     */
    @Test
    void theCorpusGivesTheRecordedOutcomesThroughTheServer() throws Exception {
        List<CorpusCase> cases = SqlCorpus.cases();
        assertTrue(cases.size() >= 80, "corpus cases SQL can run: " + cases.size());
        Connection c = connect();
        PgBackend b = backend("corpus");
        b.register(c, "fx", Fixtures.v1(), null);
        int n = 0;
        for (CorpusCase k : cases) {
            SqlCorpus.check(k, "c" + (n++), new SqlCorpus.Database() {
                @Override
                public String register(String name, byte[] wasm, String manifest) throws SQLException {
                    return b.register(c, name, wasm, manifest);
                }

                @Override
                public byte[] call(String name, String export, byte[] input) throws SQLException {
                    return b.call(c, name, export, input);
                }
            });
            assertUsable(c, b);
        }
    }
}
