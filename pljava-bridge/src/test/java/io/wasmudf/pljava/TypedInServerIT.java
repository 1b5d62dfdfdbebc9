package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wasmudf.corpus.Corpus;
import io.wasmudf.corpus.CorpusFiles;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Typed functions inside PostgreSQL with PL/Java (the local server of {@code WASMUDF_IT_PG_URL};
 * skipped, with the reason, without one): wasm_define from SQL, every argument and result type
 * called as a wasmudf_user, a wrong output type, privileges, unregister refusal and cascade,
 * re-registration, wasm_define_all, the planner inlining a defined function into the query, and
 * uninstall.sql removing defined functions in other schemas. Results are compared with the
 * official runtime's recordings (plugins/cases.json, typed/*).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class TypedInServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "wasmudf_typed_user_" + ProcessHandle.current().pid();
    private static final String STRANGER = "wasmudf_typed_stranger_" + ProcessHandle.current().pid();
    private LocalPljavaServer server;
    private Connection admin;
    private String skipReason;

    @BeforeAll
    void install() throws Exception {
        try {
            server = LocalPljavaServer.start("wasmudf_typed_" + ProcessHandle.current().pid());
        } catch (org.opentest4j.TestAbortedException e) {
            skipReason = e.getMessage();
            System.err.println("TypedInServerIT skipped: " + skipReason);
            return;
        }
        admin = server.connect();
        try (Statement st = admin.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + USER);
            st.execute("DROP ROLE IF EXISTS " + STRANGER);
            st.execute("CREATE ROLE " + USER + " LOGIN IN ROLE wasmudf_user");
            st.execute("CREATE ROLE " + STRANGER + " LOGIN");
        }
        registerRt();
    }

    private void registerRt() throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT wasm_register('rt', ?)")) {
            ps.setBytes(1, CorpusFiles.wasm("rs_typed.wasm"));
            ps.execute();
        }
    }

    @BeforeEach
    void needsTheServer() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    void drop() throws Exception {
        if (server != null) {
            admin.close();
            server.close();
            try (Connection a = java.sql.DriverManager.getConnection(server.adminUrl); Statement st = a.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + USER);
                st.execute("DROP ROLE IF EXISTS " + STRANGER);
            }
        }
    }

    private Connection as(String role) throws SQLException {
        Connection c = server.connect();
        try (Statement st = c.createStatement()) {
            st.execute("SET ROLE " + role);
        }
        return c;
    }

    private static Object one(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    private void define(String name, String function, String args, String returns) throws SQLException {
        one(admin, "SELECT wasm_define(?, ?, ?, ?)", name, function, args, returns);
    }

    private static byte[] recorded(String id) {
        return Corpus.find(id).recorded().get(0).output();
    }

    @Test
    @Order(1)
    void everyArgumentAndResultTypeFromSql() throws Exception {
        define("rt_describe", "rt.describe", "name text, times integer, ratio double, shout boolean, blob bytes, meta json", "json");
        define("rt_wc", "rt.word_count", "body text", "integer");
        define("rt_wc8", "rt.word_count", "body text", "bigint");
        define("rt_mean", "rt.mean", "a double, b double", "double");
        define("rt_pal", "rt.is_palindrome", "body text", "boolean");
        define("rt_rev", "rt.reverse_bytes", "data bytes", "bytes");
        define("rt_words", "rt.words", "body text", "table(word text, len integer, upper boolean, pos bigint)");
        try (Connection u = as(USER)) {
            assertEquals(JSON.readTree(recorded("typed/describe_all")), JSON.readTree(one(u,
                    "SELECT rt_describe('Ann', 2, 1.5, true, '\\x010203'::bytea, '{\"k\": [1, 2]}'::jsonb)::text").toString()));
            assertEquals(JSON.readTree(recorded("typed/describe_nulls")), JSON.readTree(one(u,
                    "SELECT rt_describe(NULL, NULL, NULL, NULL, NULL, NULL)::text").toString()));
            assertEquals("HELLO, ANN! HELLO, ANN!", one(u, "SELECT rt_describe('Ann', 2, 1.5, true, NULL, NULL)->>'greeting'"));
            String wc = new String(recorded("typed/word_count"), StandardCharsets.UTF_8);
            assertEquals(Integer.valueOf(wc), one(u, "SELECT rt_wc('the quick brown fox')"));
            assertEquals(Long.valueOf(wc), one(u, "SELECT rt_wc8('the quick brown fox')"));
            assertEquals(Double.valueOf(new String(recorded("typed/mean"), StandardCharsets.UTF_8)), one(u, "SELECT rt_mean(1, 4)"));
            assertNull(one(u, "SELECT rt_mean(1, NULL)"));
            assertEquals(Boolean.TRUE, one(u, "SELECT rt_pal('A man, a plan, a canal: Panama')"));
            assertArrayEquals(recorded("typed/reverse_bytes"), (byte[]) one(u, "SELECT rt_rev('\\x010203ff'::bytea)"));
            assertNull(one(u, "SELECT rt_wc(NULL)"));
            List<List<Object>> got = new ArrayList<>();
            try (Statement st = u.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM rt_words('Hello big WORLD')")) {
                while (rs.next()) {
                    got.add(List.of(rs.getString(1), rs.getInt(2), rs.getBoolean(3), rs.getLong(4)));
                }
            }
            List<List<Object>> want = new ArrayList<>();
            for (JsonNode r : JSON.readTree(recorded("typed/words"))) {
                want.add(List.of(r.get("word").asText(), r.get("len").asInt(), r.get("upper").asBoolean(), r.get("pos").asLong()));
            }
            assertEquals(want, got);
            assertEquals(8L, one(u, "SELECT sum(rt_wc(w)) FROM (VALUES ('a b'), ('c d e'), ('f g h')) v(w)"));
        }
    }

    @Test
    @Order(2)
    void aDefinedFunctionIsInlinedIntoTheQuery() throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(
                "EXPLAIN VERBOSE SELECT rt_wc(w) FROM (VALUES ('a b')) v(w)")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        // The body in place of the call (wasmudf is on this database's search_path, so EXPLAIN prints it unqualified).
        assertTrue(plan.toString().contains("wasm_typed('public.rt_wc'::text, 'rt.word_count'::text, 'integer'::text"), plan.toString());
        assertFalse(plan.toString().contains("rt_wc("), plan.toString());
    }

    @Test
    @Order(3)
    void aWrongOutputTypeNamesTheFunction() throws SQLException {
        define("rt_bad", "rt.word_count", "body text", "boolean");
        try (Connection u = as(USER)) {
            SQLException e = assertThrows(SQLException.class, () -> one(u, "SELECT rt_bad('a b')"));
            assertEquals("22P02", e.getSQLState());
            assertTrue(e.getMessage().contains("rt_bad(text): output \"2\" is not a boolean"), e.getMessage());
            assertFalse(e.getMessage().contains("java."), e.getMessage());
            assertEquals(2, one(u, "SELECT rt_wc('a b')"), "the session goes on");
        }
    }

    @Test
    @Order(4)
    void onlyAdminsDefineAndOnlyPluginCallersCall() throws SQLException {
        try (Connection u = as(USER)) {
            assertEquals("42501", assertThrows(SQLException.class,
                    () -> one(u, "SELECT wasm_define('x', 'rt.word_count', 'b text', 'integer')")).getSQLState());
            assertEquals("42501", assertThrows(SQLException.class, () -> one(u, "SELECT wasm_undefine('rt_wc')")).getSQLState());
        }
        try (Connection s = as(STRANGER)) {
            assertEquals("42501", assertThrows(SQLException.class, () -> one(s, "SELECT public.rt_wc('a')")).getSQLState());
        }
    }

    @Test
    @Order(5)
    void reRegistrationKeepsDefinitionsWorking() throws SQLException {
        registerRt();
        try (Connection u = as(USER)) {
            assertEquals(3, one(u, "SELECT rt_wc('a b c')"));
        }
    }

    @Test
    @Order(6)
    void unregisterRefusesThenCascades() throws SQLException {
        SQLException e = assertThrows(SQLException.class, () -> one(admin, "SELECT wasm_unregister('rt')"));
        assertEquals("2BP01", e.getSQLState());
        assertTrue(e.getMessage().contains("function public.rt_wc"), e.getMessage());
        assertEquals(Boolean.TRUE, one(admin, "SELECT wasm_unregister('rt', true)"));
        assertEquals(0L, one(admin, "SELECT count(*) FROM pg_proc WHERE proname LIKE 'rt\\_%'"));
    }

    @Test
    @Order(7)
    void defineAllThenUninstallRemovesThem() throws Exception {
        registerRt();
        try (Statement st = admin.createStatement()) {
            st.execute("CREATE SCHEMA analytics");
            st.execute("GRANT USAGE ON SCHEMA analytics TO wasmudf_user");
        }
        assertEquals(6L, one(admin, "SELECT count(*) FROM wasm_define_all('rt', 'analytics')"));
        try (Connection u = as(USER)) {
            assertEquals(4, one(u, "SELECT analytics.rt_word_count('the quick brown fox')"));
            assertEquals(3L, one(u, "SELECT max(pos) FROM analytics.rt_words('Hello big WORLD')"));
        }
        SqlScript.run(admin, "uninstall.sql");   // last: the database is dropped afterwards
        assertEquals(0L, one(admin, "SELECT count(*) FROM pg_proc WHERE proname LIKE 'rt\\_%'"));
        assertEquals(0L, one(admin, "SELECT count(*) FROM pg_namespace WHERE nspname = 'wasmudf'"));
    }
}
