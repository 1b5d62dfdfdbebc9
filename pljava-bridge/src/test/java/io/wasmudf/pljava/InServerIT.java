package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wasmudf.corpus.CorpusCase;
import io.wasmudf.corpus.SqlCorpus;
import io.wasmudf.runtime.ModuleCache;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * The SQL functions called from SQL inside PostgreSQL with PL/Java. The server comes from
 * {@code -Dwasmudf.it.pg.url} / {@code WASMUDF_IT_PG_URL} (a JDBC URL where a superuser can
 * {@code CREATE EXTENSION pljava}), else from Testcontainers with the image of
 * {@code src/test/docker/Dockerfile} where Docker is available; else the tests are skipped.
 *
 * <p>They make a database of their own, install everything from {@code sql/postgres/} (the jar as
 * bytea), run the functions, check that {@code uninstall.sql} removes it all, and drop the database.
 * On an existing server the database gets the PL/Java settings the README documents:
 * {@code pljava.policy_urls} with {@code wasmudf.policy} ({@code -Dwasmudf.it.pg.policy=PATH} says
 * where the server can read it; by default, for a server on this host, a copy in the temp
 * directory) and {@code pljava.vmoptions=--add-modules=java.net.http -XX:-DontCompileHugeMethods}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLER = "wasmudf_it_caller_" + ProcessHandle.current().pid();
    private static final String DB = "wasmudf_it_" + ProcessHandle.current().pid();   // concurrent builds may share a server

    private PostgreSQLContainer<?> container;
    private String adminUrl;
    private Properties props = new Properties();
    private String dbUrl;
    private boolean local;
    private final List<Connection> open = new ArrayList<>();
    private final List<Path> tempFiles = new ArrayList<>();

    /** Why the server cannot be had, or null: each test is then skipped with it, so the build's summary counts them. */
    private String skipReason;

    @BeforeAll
    void server() throws Exception {
        try {
            startServer();
        } catch (TestAbortedException e) {
            skipReason = e.getMessage();
        }
    }

    @BeforeEach
    void needsTheServer() {
        assumeTrue(skipReason == null, skipReason);
    }

    private void startServer() throws Exception {
        String url = System.getProperty("wasmudf.it.pg.url");
        if (url == null || url.isBlank()) {
            url = System.getenv("WASMUDF_IT_PG_URL");
        }
        if (url == null || url.isBlank()) {
            boolean docker;
            try {
                docker = DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable t) {
                docker = false;
            }
            skipUnless(docker, "in-server tests need PostgreSQL with PL/Java: set -Dwasmudf.it.pg.url or "
                    + "WASMUDF_IT_PG_URL to a JDBC URL where a superuser can CREATE EXTENSION pljava, or make "
                    + "Docker available for Testcontainers (image: pljava-bridge/src/test/docker/Dockerfile)");
            Path dockerfile = SqlScript.repoRoot().resolve("pljava-bridge/src/test/docker/Dockerfile");
            ImageFromDockerfile image = new ImageFromDockerfile("wasmudf-pljava-it", false)
                    .withFileFromPath("Dockerfile", dockerfile)
                    .withFileFromPath("wasmudf.policy", SqlScript.file("wasmudf.policy"));
            container = new PostgreSQLContainer<>(DockerImageName.parse(image.get()).asCompatibleSubstituteFor("postgres"));
            container.start();
            url = container.getJdbcUrl();
            props.setProperty("user", container.getUsername());
            props.setProperty("password", container.getPassword());
        } else {
            String host = URI.create(url.substring("jdbc:".length())).getHost();
            local = host == null || host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
        }
        adminUrl = url;
        dbUrl = LocalPljavaServer.withDatabase(url, DB);

        try (Connection admin = DriverManager.getConnection(adminUrl, props); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB);
            st.execute("ALTER DATABASE " + DB + " SET search_path = \"$user\", public, wasmudf");
            if (container == null) {
                String libjvm = null;
                try (ResultSet rs = st.executeQuery("SELECT current_setting('pljava.libjvm_location', true)")) {
                    if (rs.next()) {
                        libjvm = rs.getString(1);
                    }
                }
                if (libjvm != null && !libjvm.isBlank()) {
                    st.execute("ALTER DATABASE " + DB + " SET pljava.libjvm_location TO " + literal(libjvm));
                }
                st.execute("ALTER DATABASE " + DB + " SET pljava.vmoptions TO '--add-modules=java.net.http -XX:-DontCompileHugeMethods'");
                String policy = policyForServer(Files.readString(SqlScript.file("wasmudf.policy")));
                st.execute("ALTER DATABASE " + DB + " SET pljava.policy_urls TO " + policyUrls(policy));
            }
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pljava");
            try (PreparedStatement ps = c.prepareStatement("SELECT sqlj.install_jar(?, 'wasmudf', false)")) {
                ps.setBytes(1, Files.readAllBytes(jar()));
                ps.execute();
            }
            SqlScript.run(c, "install.sql");
        }
    }

    /** Skips with the reason, also printed so a build log says what the tests need. */
    private static void skipUnless(boolean ok, String reason) {
        if (!ok) {
            System.err.println("InServerIT skipped: " + reason);
        }
        assumeTrue(ok, reason);
    }

    private String policyForServer(String text) throws Exception {
        String given = System.getProperty("wasmudf.it.pg.policy");
        if (given != null && !given.isBlank()) {
            return given;
        }
        skipUnless(local, "the server is not on this host: give -Dwasmudf.it.pg.policy=PATH, the path where the "
                + "server reads sql/postgres/wasmudf.policy");
        return writeReadable(text).toString();
    }

    private Path writeReadable(String text) throws Exception {
        Path p = Files.createTempFile("wasmudf-it-", ".policy",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.writeString(p, text);
        tempFiles.add(p);
        return p;
    }

    private static String policyUrls(String policyPath) {
        return literal("\"file:${org.postgresql.sysconfdir}/pljava.policy\",\"file:" + policyPath + "\",\"=\"");
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static Path jar() {
        String p = System.getProperty("wasmudf.pljava.jar");
        skipUnless(p != null && Files.isRegularFile(Path.of(p)),
                "the shaded jar is missing (run through `mvn verify`, which builds it first): " + p);
        return Path.of(p);
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(dbUrl, props);
        open.add(c);
        return c;
    }

    @AfterAll
    void cleanUp() throws Exception {
        try {
            if (dbUrl != null) {
                for (Connection c : open) {
                    c.close();
                }
                try (Connection c = DriverManager.getConnection(dbUrl, props)) {
                    SqlScript.run(c, "uninstall.sql");
                    try (Statement st = c.createStatement()) {
                        assertFalse(exists(st, "SELECT 1 FROM pg_namespace WHERE nspname = 'wasmudf'"), "schema removed");
                        assertFalse(exists(st, "SELECT 1 FROM sqlj.jar_repository WHERE jarname = 'wasmudf'"), "jar removed");
                    }
                }
                try (Connection admin = DriverManager.getConnection(adminUrl, props); Statement st = admin.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
                    st.execute("DROP ROLE IF EXISTS " + CALLER);
                }
            }
        } finally {
            for (Path p : tempFiles) {
                Files.deleteIfExists(p);
            }
            if (container != null) {
                container.stop();
            }
        }
    }

    private static boolean exists(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static String register(Connection c, String name, byte[] wasm, String manifest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(manifest == null
                ? "SELECT wasm_register(?, ?)" : "SELECT wasm_register(?, ?, ?::jsonb)")) {
            ps.setString(1, name);
            ps.setBytes(2, wasm);
            if (manifest != null) {
                ps.setString(3, manifest);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The warnings PostgreSQL sent while registering (the runtime logs through PL/Java to the client). */
    private static String registerWarnings(Connection c, String name, byte[] wasm) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("SELECT wasm_register(?, ?)")) {
            ps.setString(1, name);
            ps.setBytes(2, wasm);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(ModuleCache.sha256(wasm), rs.getString(1));
            }
            for (java.sql.SQLWarning w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
                sb.append(w.getMessage()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String text(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private static byte[] bytes(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getBytes(1);
            }
        }
    }

    private static int pid(Connection c) throws SQLException {
        return Integer.parseInt(text(c, "SELECT pg_backend_pid()::text"));
    }

    @Test
    @Order(1)
    void everyFunctionFromSql() throws Exception {
        Connection c = connect();
        String warnings = registerWarnings(c, "fx", Fixtures.v1());
        assertFalse(warnings.contains("using the interpreter"), "the full policy lets Chicory's compiler run: " + warnings);

        String input = "Hello from PL/Java";
        assertEquals(input.toUpperCase(Locale.ROOT), text(c, "SELECT wasm_call('fx.upper', ?)", input));
        assertEquals(input.toUpperCase(Locale.ROOT), text(c, "SELECT wasm_call('fx', 'upper', ?)", input));
        byte[] raw = {0, (byte) 0xfe, 7};
        assertArrayEquals(raw, bytes(c, "SELECT wasm_call('fx.echo', ?)", raw));
        assertArrayEquals(raw, bytes(c, "SELECT wasm_call('fx', 'echo', ?)", raw));
        assertNull(text(c, "SELECT wasm_call('fx.echo', NULL::text)"), "NULL input gives NULL");
        assertEquals("", text(c, "SELECT wasm_call('fx.echo', '')"));

        String doc = "{\"a\": [1, 2], \"b\": {\"c\": null}}";
        assertEquals("jsonb", text(c, "SELECT pg_typeof(wasm_call_json('fx.echo', ?))::text", doc));
        assertEquals(JSON.readTree(doc), JSON.readTree(text(c, "SELECT wasm_call_json('fx.echo', ?)::text", doc)));
        assertEquals(JSON.readTree(doc), JSON.readTree(text(c, "SELECT wasm_call_json('fx', 'echo', ?)::text", doc)));

        // As in H2: ordinal from 1; a string element unquoted, a JSON null as NULL, others as JSON text.
        String array = "[10, \"b\", {\"c\": [true]}, null]";
        List<String> want = new ArrayList<>();
        for (JsonNode n : JSON.readTree(array)) {
            want.add(n.isNull() ? null : n.isTextual() ? n.textValue() : n.toString());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ordinal, value, pg_typeof(ordinal)::text, pg_typeof(value)::text "
                + "FROM wasm_rows('fx.echo', ?) ORDER BY ordinal")) {
            ps.setString(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i < want.size(); i++) {
                    assertTrue(rs.next());
                    assertEquals(i + 1, rs.getInt(1));
                    assertEquals(want.get(i), rs.getString(2));
                    assertEquals("integer", rs.getString(3));
                    assertEquals("text", rs.getString(4));
                }
                assertFalse(rs.next());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM wasm_rows('fx', 'echo', ?)")) {
            ps.setBytes(1, "[1,2,3]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1), "the bytea, three-argument form");
            }
        }
        // joined against a table, as a tokenizer would be
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE docs(id int, body text)");
            st.execute("INSERT INTO docs VALUES (1, '[\"x\",\"y\"]'), (2, '[\"z\"]')");
            try (ResultSet rs = st.executeQuery("SELECT d.id, r.ordinal, r.value FROM docs d, "
                    + "LATERAL wasm_rows('fx.echo', d.body) r ORDER BY 1, 2")) {
                List<String> got = new ArrayList<>();
                while (rs.next()) {
                    got.add(rs.getInt(1) + ":" + rs.getLong(2) + ":" + rs.getString(3));
                }
                assertEquals(List.of("1:1:x", "1:2:y", "2:1:z"), got);
            }
        }

        // CALL forms (procedures with a trailing INOUT sha256)
        try (CallableStatement cs = c.prepareCall("CALL wasm_register(?, ?, NULL, NULL)")) {
            cs.setString(1, "fx_called");
            cs.setBytes(2, Fixtures.v2());
            try (ResultSet rs = cs.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(ModuleCache.sha256(Fixtures.v2()), rs.getString(1));
            }
        }
        String manifest = "{\"wasm\": [{\"data\": \"" + java.util.Base64.getEncoder().encodeToString(Fixtures.v1())
                + "\"}], \"config\": {\"k\": \"v\"}}";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "CALL wasm_register('fx_manifest', " + literal(manifest) + "::jsonb, NULL)")) {
            assertTrue(rs.next());
            assertEquals(ModuleCache.sha256(Fixtures.v1()), rs.getString(1));
        }
        assertEquals("v2", text(c, "SELECT wasm_call('fx_called.tag', '')"));
        assertEquals("v1", text(c, "SELECT wasm_call('fx_manifest.tag', '')"));

        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT name, sha256, size, exports, version FROM wasm_plugins() ORDER BY name")) {
            List<String> got = new ArrayList<>();
            while (rs.next()) {
                got.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3));
                assertTrue(rs.getLong(5) > 0);
                assertTrue(List.of(rs.getString(4).split(",")).containsAll(List.of("echo", "upper", "count", "tag")));
            }
            assertEquals(List.of(
                    "fx " + ModuleCache.sha256(Fixtures.v1()) + " " + Fixtures.v1().length,
                    "fx_called " + ModuleCache.sha256(Fixtures.v2()) + " " + Fixtures.v2().length,
                    "fx_manifest " + ModuleCache.sha256(Fixtures.v1()) + " " + Fixtures.v1().length), got);
        }

        // the warm instance keeps its state across calls and rows of this backend
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT get_byte(wasm_call('fx.count', ''::bytea), 0) FROM generate_series(1, 5)")) {
            int i = 0;
            while (rs.next()) {
                assertEquals(++i, rs.getInt(1));
            }
            assertEquals(5, i);
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT connection, calls, hits, misses, instances FROM wasm_cache_stats() WHERE plugin = 'fx'")) {
            assertTrue(rs.next());
            assertEquals("backend " + pid(c), rs.getString(1));
            assertEquals(17, rs.getLong(2), "calls of fx so far in this backend (the NULL input never reaches Java: STRICT)");
            assertEquals(1, rs.getLong(4));
            assertEquals(16, rs.getLong(3));
            assertEquals(1, rs.getLong(5));
        }
    }

    @Test
    @Order(2)
    void errorsCarryDetailAndHintAndLogsArriveAtPostgresLevels() throws Exception {
        Connection c = connect();
        register(c, "fx", Fixtures.v1(), null);
        SQLException e = assertThrows(SQLException.class, () -> text(c, "SELECT wasm_call('fx.missing', 'x')"));
        org.postgresql.util.ServerErrorMessage m = ((org.postgresql.util.PSQLException) e).getServerErrorMessage();
        assertEquals("plug-in 'fx' has no export 'missing'", m.getMessage());
        assertTrue(m.getDetail().startsWith("Its exports are ") && m.getHint() != null, m.toString());
        register(c, "raw_abi", Files.readAllBytes(SqlScript.repoRoot().resolve("plugins/wasm/raw_abi.wasm")), null);
        String[][] expected = {   // client_min_messages -> the plug-in's lines the client gets (INFO always)
            {"error", "INFO raw_abi: info message"},
            {"warning", "INFO raw_abi: info message|WARNING raw_abi: warn message|WARNING raw_abi: error message"},
            {"debug1", "DEBUG raw_abi: debug message|INFO raw_abi: info message|WARNING raw_abi: warn message|WARNING raw_abi: error message"},
            {"debug2", "DEBUG raw_abi: trace message|DEBUG raw_abi: debug message|INFO raw_abi: info message"
                    + "|WARNING raw_abi: warn message|WARNING raw_abi: error message"},
        };
        for (String[] k : expected) {
            try (Statement st = c.createStatement()) {
                st.execute("SET client_min_messages = " + k[0]);
                try (ResultSet rs = st.executeQuery("SELECT wasm_call('raw_abi.logs', '')")) {
                    assertTrue(rs.next());
                    assertEquals("ok", rs.getString(1));
                }
                List<String> seen = new ArrayList<>();
                for (java.sql.SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                    org.postgresql.util.ServerErrorMessage n = ((org.postgresql.util.PSQLWarning) w).getServerErrorMessage();
                    if (n.getMessage().startsWith("raw_abi: ")) {
                        seen.add(n.getSeverity() + " " + n.getMessage());
                    }
                }
                assertEquals(k[1], String.join("|", seen), "client_min_messages = " + k[0]);
                st.execute("RESET client_min_messages");
            }
        }
    }

    @Test
    @Order(2)
    void everyErrorClassAndTheBackendSurvives() throws Exception {
        Connection c = connect();
        register(c, "fx", Fixtures.v1(), null);
        register(c, "slow", Fixtures.v1(), "{\"timeout_ms\": 300}");
        register(c, "small", Fixtures.v1(), "{\"memory\": {\"max_pages\": 4}}");
        int pid = pid(c);
        String[][] cases = {
            {"SELECT wasm_call('nope.echo', 'x')", "42704", "nope"},
            {"SELECT wasm_call('fx.missing', 'x')", "42883", "missing"},
            {"SELECT wasm_call('fx.fail', 'x')", "38000", "fixture says no"},
            {"SELECT wasm_call('fx.boom', 'x')", "38001", "unreachable"},
            {"SELECT wasm_call('slow.spin', 'x')", "57014", "slow"},
            {"SELECT wasm_call('small.grow', 'x')", "53200", "small"},
            {"SELECT wasm_register('bad', '{\"wasm\": 5}'::jsonb)", "22023", "wasm"},
            {"SELECT wasm_register('bad', 'not wasm'::bytea)", "22023", "bad"},
            {"SELECT * FROM wasm_rows('fx.echo', '{\"not\": \"an array\"}')", "22023", "JSON array"},
            {"SELECT wasm_call_json('fx.echo', 'not json')", "22023", "not JSON"},
            {"SELECT wasm_register('bad.name', 'x'::bytea)", "22023", "bad.name"},
        };
        for (String[] k : cases) {
            SQLException e = assertThrows(SQLException.class, () -> text(c, k[0]), k[0]);
            assertEquals(k[1], e.getSQLState(), k[0] + " -> " + e.getMessage());
            assertTrue(e.getMessage().contains(k[2]), k[0] + " -> " + e.getMessage());
            // PostgreSQL's shape: raised by the server (wasm_raise), no Java class name in the message;
            // except a stopped call (57014), which leaves without SPI (see PgErrorReport)
            String message = ((org.postgresql.util.PSQLException) e).getServerErrorMessage().getMessage();
            if (!"57014".equals(k[1])) {
                assertFalse(message.contains("java.") || message.contains("Exception"), k[0] + " -> " + message);
            }
            assertEquals(pid, pid(c), "same backend after " + k[0]);
            assertEquals("ok", text(c, "SELECT wasm_call('fx.echo', 'ok')"), "usable after " + k[0]);
        }
        assertEquals("x", text(c, "SELECT wasm_call('slow.echo', 'x')"), "works after its timeout");
        assertEquals("x", text(c, "SELECT wasm_call('small.echo', 'x')"), "works after hitting its memory cap");

        // a failing row fails the statement
        SQLException e = assertThrows(SQLException.class, () -> text(c,
                "SELECT count(*)::text FROM (SELECT wasm_call(CASE WHEN g = 3 THEN 'fx.fail' ELSE 'fx.echo' END, 'r') "
                        + "FROM generate_series(1, 5) g) s"));
        assertEquals("38000", e.getSQLState());
    }

    @Test
    @Order(3)
    void trustedJavaRefusesPathAndUrlSources() throws Exception {
        Connection c = connect();
        for (String src : List.of("{\"path\": \"/etc/hostname\"}", "{\"url\": \"http://127.0.0.1:9/x.wasm\"}")) {
            SQLException e = assertThrows(SQLException.class,
                    () -> text(c, "SELECT wasm_register('remote', ?::jsonb)", "{\"wasm\": [" + src + "]}"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("trusted PL/Java"), e.getMessage());
        }
        assertFalse(exists(c.createStatement(), "SELECT 1 FROM wasmudf.wasmudf_plugins WHERE name = 'remote'"));
    }

    @Test
    @Order(4)
    void registrationIsTransactionalAndOtherBackendsSeeNewVersions() throws Exception {
        Connection a = connect();
        Connection b = connect();
        register(a, "ver", Fixtures.v1(), null);
        long v1 = Long.parseLong(text(a, "SELECT version::text FROM wasm_plugins() WHERE name = 'ver'"));
        assertEquals("v1", text(a, "SELECT wasm_call('ver.tag', '')"));
        assertEquals("v1", text(b, "SELECT wasm_call('ver.tag', '')"));
        assertTrue(pid(a) != pid(b));

        b.setAutoCommit(false);
        register(b, "ver", Fixtures.v2(), null);
        assertEquals("v2", text(b, "SELECT wasm_call('ver.tag', '')"));
        assertEquals("v1", text(a, "SELECT wasm_call('ver.tag', '')"), "not committed yet");
        b.rollback();
        assertEquals("v1", text(b, "SELECT wasm_call('ver.tag', '')"), "rolled back");

        register(b, "ver", Fixtures.v2(), null);
        b.commit();
        b.setAutoCommit(true);
        assertEquals("v2", text(a, "SELECT wasm_call('ver.tag', '')"), "the other backend's next call");
        assertTrue(Long.parseLong(text(a, "SELECT version::text FROM wasm_plugins() WHERE name = 'ver'")) > v1);
        assertEquals(text(a, "SELECT version::text FROM wasm_plugins() WHERE name = 'ver'"),
                text(a, "SELECT version::text FROM wasm_cache_stats() WHERE plugin = 'ver'"), "the warm instance is the new version");

        assertEquals("true", text(a, "SELECT wasm_unregister('ver')::text"));
        SQLException e = assertThrows(SQLException.class, () -> text(b, "SELECT wasm_call('ver.tag', '')"));
        assertEquals("42704", e.getSQLState());
    }

    @Test
    @Order(5)
    void callersMayCallButNotRegister() throws Exception {
        Connection c = connect();
        register(c, "fx", Fixtures.v1(), null);
        try (Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + CALLER);
            st.execute("CREATE ROLE " + CALLER + " NOLOGIN IN ROLE wasmudf_user");
            st.execute("SET ROLE " + CALLER);
            try {
                assertEquals("ABC", text(c, "SELECT wasm_call('fx.upper', 'abc')"));
                assertEquals("fx", text(c, "SELECT name FROM wasm_plugins() WHERE name = 'fx'"));
                for (String sql : List.of("SELECT wasm_register('x', '\\x00'::bytea)",
                        "SELECT wasm_unregister('fx')::text",
                        "WITH d AS (DELETE FROM wasmudf.wasmudf_plugins RETURNING 1) SELECT count(*)::text FROM d")) {
                    SQLException e = assertThrows(SQLException.class, () -> text(c, sql), sql);
                    assertEquals("42501", e.getSQLState(), sql + " -> " + e.getMessage());
                }
            } finally {
                st.execute("RESET ROLE");
            }
            st.execute("DROP ROLE " + CALLER);
        }
    }

    @Test
    @Order(6)
    void underAStricterPolicyTheInterpreterStillRuns() throws Exception {
        assumeTrue(container == null && local && System.getProperty("wasmudf.it.pg.policy") == null,
                "needs an existing server on this host (the test writes policy files the server reads)");
        String full = Files.readString(SqlScript.file("wasmudf.policy"));
        String propertiesOnly = full.substring(0, full.indexOf("// 3."));   // all but createClassLoader
        assertTrue(propertiesOnly.contains("com.dylibso.chicory.*") && !propertiesOnly.contains("createClassLoader"));
        try (Connection admin = DriverManager.getConnection(adminUrl, props); Statement st = admin.createStatement()) {
            st.execute("ALTER DATABASE " + DB + " SET pljava.policy_urls TO " + policyUrls(writeReadable(propertiesOnly).toString()));
        }
        try (Connection c = DriverManager.getConnection(dbUrl, props)) {   // a new backend, a new JVM
            String warnings = registerWarnings(c, "strict", Fixtures.v1());
            assertTrue(warnings.contains("createClassLoader") && warnings.contains("using the interpreter"),
                    "the runtime reports the fallback: " + warnings);
            assertEquals("STRICT", text(c, "SELECT wasm_call('strict.upper', 'strict')"));
        }
        // and with PL/Java's default policy alone, Chicory cannot even load: the property grant is needed
        try (Connection admin = DriverManager.getConnection(adminUrl, props); Statement st = admin.createStatement()) {
            st.execute("ALTER DATABASE " + DB + " SET pljava.policy_urls TO "
                    + literal("\"file:${org.postgresql.sysconfdir}/pljava.policy\",\"=\""));
        }
        try (Connection c = DriverManager.getConnection(dbUrl, props)) {
            SQLException e = assertThrows(SQLException.class, () -> text(c, "SELECT wasm_call('strict.upper', 'x')"));
            assertTrue(e.getMessage().contains("access denied") || e.getMessage().contains("NoClassDefFoundError")
                    || e.getMessage().contains("ExceptionInInitializerError"), e.getMessage());
        } finally {
            try (Connection admin = DriverManager.getConnection(adminUrl, props); Statement st = admin.createStatement()) {
                st.execute("ALTER DATABASE " + DB + " SET pljava.policy_urls TO "
                        + policyUrls(writeReadable(full).toString()));
            }
        }
    }

    @Test
    @Order(7)
    void inJavaUPathSourcesAreReadByTheServer() throws Exception {
        assumeTrue(container == null && local, "needs an existing server on this host (it reads a file the test writes)");
        Path wasm = Files.createTempFile("wasmudf-it-", ".wasm",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        tempFiles.add(wasm);
        Files.write(wasm, Fixtures.v2());
        Connection c = connect();
        String manifest = "{\"wasm\": [{\"path\": \"" + wasm + "\"}]}";
        try (Statement st = c.createStatement()) {
            st.execute("CREATE FUNCTION wasmudf.wasm_register_untrusted(name text, manifest jsonb) RETURNS text "
                    + "LANGUAGE javaU SET search_path = wasmudf, pg_catalog, pg_temp "
                    + "AS 'io.wasmudf.pljava.WasmUdf.register(java.lang.String, java.lang.String)'");
        }
        // the same backend runs the bridge as trusted java and as javaU: decided per call
        SQLException e = assertThrows(SQLException.class, () -> text(c, "SELECT wasm_register('bypath', ?::jsonb)", manifest));
        assertEquals("42501", e.getSQLState());
        assertEquals(ModuleCache.sha256(Fixtures.v2()),
                text(c, "SELECT wasmudf.wasm_register_untrusted('bypath', ?::jsonb)", manifest));
        assertEquals("v2", text(c, "SELECT wasm_call('bypath.tag', '')"));
    }

    @Test
    @Order(8)
    void theCorpusGivesTheRecordedOutcomesFromSql() throws Exception {
        List<CorpusCase> cases = SqlCorpus.cases();
        Connection c = connect();
        register(c, "fx", Fixtures.v1(), null);
        int pid = pid(c);
        int n = 0;
        for (CorpusCase k : cases) {
            SqlCorpus.check(k, "corpus" + (n++), new SqlCorpus.Database() {
                @Override
                public String register(String name, byte[] wasm, String manifest) throws SQLException {
                    return InServerIT.register(c, name, wasm, manifest);
                }

                @Override
                public byte[] call(String name, String export, byte[] input) throws SQLException {
                    return bytes(c, "SELECT wasm_call(?, ?, ?)", name, export, input);
                }
            });
            assertEquals(pid, pid(c), "same backend after " + k.id());
            assertEquals("ok", text(c, "SELECT wasm_call('fx.echo', 'ok')"), "usable after " + k.id());
        }
    }

    @Test
    @Order(9)
    void eightBackendsCallConcurrentlyWithNoStateCrossing() throws Exception {
        Connection setup = connect();
        register(setup, "fx", Fixtures.v1(), null);
        int n = 8;
        int rows = 50;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                Connection c = connect();
                String word = "backend-" + t;
                futures.add(pool.submit(() -> {
                    List<Integer> seen = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT get_byte(wasm_call('fx.count', ''::bytea), 0), "
                            + "wasm_call('fx.upper', ?) FROM generate_series(1, " + rows + ") ORDER BY 1")) {
                        ps.setString(1, word);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                seen.add(rs.getInt(1));
                                assertEquals(word.toUpperCase(Locale.ROOT), rs.getString(2));
                            }
                        }
                    }
                    return seen;
                }));
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= rows; i++) {
                expected.add(i);
            }
            for (java.util.concurrent.Future<List<Integer>> f : futures) {
                assertEquals(expected, f.get(), "each backend counts its own calls from 1");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
