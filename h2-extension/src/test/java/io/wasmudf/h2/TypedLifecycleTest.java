package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle of H2's defined functions: redefinition, drop, unregister refusal and cascade, privileges, reopening. */
@Timeout(120)
class TypedLifecycleTest extends H2TestBase {
    @BeforeEach
    void plugin() throws SQLException {
        register(conn, "rt", TestModules.corpus("rs_typed.wasm"));
    }

    private static Object define(Connection c, String name, String function, String args, String returns) throws SQLException {
        return query1(c, "SELECT wasm_define(?, ?, ?, ?)", name, function, args, returns);
    }

    private long definitions() throws SQLException {
        return (Long) query1(conn, "SELECT COUNT(*) FROM wasmudf_definitions");
    }

    @Test
    void redefinitionReplacesTheFunctionAndOnlyOurs() throws SQLException {
        assertEquals("PUBLIC.RT_WC", define(conn, "rt_wc", "rt.word_count", "body text", "text"));
        assertEquals("3", query1(conn, "SELECT rt_wc('a b c')"));
        define(conn, "rt_wc", "rt.word_count", "body text", "integer");
        assertEquals(3, query1(conn, "SELECT rt_wc('a b c')"));
        assertEquals(1L, definitions());
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE ALIAS mine FOR 'java.lang.Math.abs(int)'");
        }
        SQLException e = assertThrows(SQLException.class, () -> define(conn, "mine", "rt.word_count", "body text", "integer"));
        assertEquals("42723", e.getSQLState());
        assertEquals(5, query1(conn, "SELECT mine(-5)"), "an object that is not ours is left alone");
    }

    @Test
    void badDefinitionsAreRefusedWithTheirStates() {
        assertEquals("42602", state(() -> define(conn, "x; DROP TABLE t", "rt.word_count", "body text", "integer")));
        assertEquals("42602", state(() -> define(conn, "a.b.c", "rt.word_count", "body text", "integer")));
        assertEquals("22023", state(() -> define(conn, "f", "rt.word_count", "body text", "money")));
        assertEquals("22023", state(() -> define(conn, "f", "rt.word_count", "body", "integer")));
        assertEquals("22023", state(() -> define(conn, "f", "rt.word_count", "a text, A integer", "integer")));
        assertEquals("42704", state(() -> define(conn, "f", "nope.word_count", "body text", "integer")));
        assertEquals("42883", state(() -> define(conn, "f", "rt.nope", "body text", "integer")));
    }

    @Test
    void undefineDropsOneDefinition() throws SQLException {
        define(conn, "rt_wc", "rt.word_count", "body text", "integer");
        assertEquals(Boolean.TRUE, query1(conn, "SELECT wasm_undefine('rt_wc')"));
        assertEquals("90022", state(() -> query1(conn, "SELECT rt_wc('a')")), "function not found");
        assertEquals(Boolean.FALSE, query1(conn, "SELECT wasm_undefine('public.rt_wc')"));
        assertEquals(0L, definitions());
    }

    @Test
    void unregisterIsRefusedWhileDefinedUnlessCascading() throws SQLException {
        define(conn, "rt_wc", "rt.word_count", "body text", "integer");
        define(conn, "analytics_wc", "rt.word_count", "body text", "bigint");
        SQLException e = assertThrows(SQLException.class, () -> query1(conn, "SELECT wasm_unregister('rt')"));
        assertEquals("2BP01", e.getSQLState());
        assertTrue(e.getMessage().contains("function PUBLIC.ANALYTICS_WC, function PUBLIC.RT_WC use it"), e.getMessage());
        assertTrue(e.getMessage().contains("wasm_unregister('rt', true)"), e.getMessage());
        assertEquals(2, query1(conn, "SELECT rt_wc('a b')"), "nothing was dropped");
        assertEquals(Boolean.TRUE, query1(conn, "SELECT wasm_unregister('rt', TRUE)"));
        assertEquals(0L, definitions());
        assertEquals("90022", state(() -> query1(conn, "SELECT rt_wc('a')")));
        assertEquals(0L, query1(conn, "SELECT COUNT(*) FROM wasm_plugins()"));
    }

    @Test
    void reRegistrationKeepsDefinitionsWorkingWithoutDdl() throws SQLException {
        define(conn, "rt_wc", "rt.word_count", "body text", "integer");
        assertEquals(2, query1(conn, "SELECT rt_wc('a b')"));
        long before = (Long) query1(conn, "SELECT version FROM wasm_plugins() WHERE name = 'rt'");
        register(conn, "rt", TestModules.corpus("rs_typed.wasm"));
        long after = (Long) query1(conn, "SELECT version FROM wasm_plugins() WHERE name = 'rt'");
        assertTrue(after > before);
        assertEquals(3, query1(conn, "SELECT rt_wc('a b c')"));
        // A new module without the export: the defined function reports it as wasm_call would.
        register(conn, "rt", TestModules.corpus("rs_udf.wasm"));
        assertEquals("42883", state(() -> query1(conn, "SELECT rt_wc('a')")));
    }

    @Test
    void onlyAdminsDefineAndAnyoneWhoMayCallPluginsCalls() throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE USER app PASSWORD 'pw'");
        }
        define(conn, "rt_wc", "rt.word_count", "body text", "integer");
        Connection app = openAs("app", "pw");
        assertEquals("42501", state(() -> define(app, "f", "rt.word_count", "body text", "integer")));
        assertEquals("42501", state(() -> query1(app, "SELECT wasm_undefine('rt_wc')")));
        assertEquals("42501", state(() -> query1(app, "SELECT wasm_unregister('rt', TRUE)")));
        assertEquals(2, query1(app, "SELECT rt_wc('a b')"));
        assertEquals(call(app, "rt.word_count", "a b"), String.valueOf(query1(app, "SELECT rt_wc('a b')")));
    }

    @Test
    void defineAllReadsTheMetadataExport() throws SQLException {
        assertEquals("PUBLIC.RT_DESCRIBE, PUBLIC.RT_MEAN, PUBLIC.RT_WORD_COUNT, PUBLIC.RT_IS_PALINDROME, "
                + "PUBLIC.RT_REVERSE_BYTES, PUBLIC.RT_WORDS", query1(conn, "SELECT wasm_define_all('rt')"));
        assertEquals(6L, definitions());
        assertEquals(4, query1(conn, "SELECT rt_word_count('the quick brown fox')"));
        assertEquals(2.5, query1(conn, "SELECT rt_mean(1, 4)"));
        assertEquals(3L, query1(conn, "SELECT MAX(pos) FROM rt_words('Hello big WORLD')"));
        register(conn, "rs", TestModules.corpus("rs_udf.wasm"));
        assertEquals("42883", state(() -> query1(conn, "SELECT wasm_define_all(?)", "rs")), "no metadata export: refused");
    }

    @Test
    void definitionsSurviveReopeningTheDatabase(@TempDir Path dir) throws Exception {
        String file = "jdbc:h2:" + dir.resolve("db").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(file, "sa", "")) {
            WasmUdf.install(c);
            register(c, "rt", TestModules.corpus("rs_typed.wasm"));
            define(c, "rt_words", "rt.words", "body text", "table(word text, pos bigint)");
        }
        assertTrue(Files.exists(dir.resolve("db.mv.db")));
        try (Connection c = DriverManager.getConnection(file, "sa", "")) {
            assertEquals("WORLD", query1(c, "SELECT word FROM rt_words('Hello big WORLD') WHERE pos = 3"));
            WasmUdf.uninstall(c);
            assertEquals(0L, query1(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_NAME = 'RT_WORDS'"));
        }
    }

    private interface Sql {
        Object run() throws SQLException;
    }

    private static String state(Sql sql) {
        return assertThrows(SQLException.class, sql::run).getSQLState();
    }

    @Test
    void theRegistryIsNotReadableByOthers() throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE USER app PASSWORD 'pw'");
        }
        Connection app = openAs("app", "pw");
        assertEquals("90096", state(() -> query1(app, "SELECT COUNT(*) FROM wasmudf_definitions")), "not enough rights");
    }
}
