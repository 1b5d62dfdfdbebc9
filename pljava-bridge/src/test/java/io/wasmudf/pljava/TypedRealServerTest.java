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
import io.wasmudf.corpus.Corpus;
import io.wasmudf.corpus.CorpusFiles;
import io.wasmudf.sql.CacheLimits;
import io.wasmudf.sql.CallTimeLimits;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Typed functions on the real PostgreSQL server, below the PL/Java boundary: the DDL
 * {@link PgDefinitionDdl} generates, run by the server, its registry rows, privileges, drop and
 * cascade, and every argument and result type through the generated bodies and the real Java
 * ({@link TypedStandIns} replaces only the PL/Java hop). Results are compared with the official
 * runtime's recordings (plugins/cases.json, typed/*). Needs {@code WASMUDF_TEST_PG_URL}; skipped without it.
 */
@Timeout(120)
class TypedRealServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "wasmudf_ty_" + ProcessHandle.current().pid();
    private static final String CALLER = SCHEMA + "_caller";
    private final List<Connection> open = new ArrayList<>();
    private String url;
    private Connection c;
    private PgBackend b;

    @BeforeEach
    void store() throws SQLException {
        url = RealServerTest.testUrl();
        assumeTrue(url != null, "real-server tests need a PostgreSQL server: set WASMUDF_TEST_PG_URL");
        RealServerStore.create(url, SCHEMA);
        c = RealServerStore.connect(url, SCHEMA);
        open.add(c);
        try (Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + CALLER);
            st.execute("CREATE ROLE " + CALLER + " NOLOGIN");
            st.execute("GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + CALLER);
        }
        TypedStandIns.create(c, SCHEMA);
        b = new PgBackend("typed", CacheLimits.defaults(), CallTimeLimits.defaults(), true, new PgDefinitionDdl(SCHEMA, CALLER));
        b.register(c, "rt", CorpusFiles.wasm("rs_typed.wasm"), null);
    }

    @AfterEach
    void close() throws SQLException {
        if (url == null) {
            return;
        }
        if (b != null) {
            b.close();
        }
        for (Connection x : open) {
            x.close();
        }
        // Dropping the schema drops the defined functions too: their bodies depend on its functions.
        RealServerStore.drop(url, SCHEMA);
        try (Connection admin = java.sql.DriverManager.getConnection(url); Statement st = admin.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + CALLER);
        }
    }

    private static byte[] recorded(String id) {
        return Corpus.find(id).recorded().get(0).output();
    }

    private String define(String name, String function, String args, String returns) throws SQLException {
        return b.typed().define(c, name, function, args, returns);
    }

    private Object one(String sql, Object... params) throws SQLException {
        return TypedStandIns.run(c, b, sql, params).get(0).get(0);
    }

    @Test
    void severalTypedArgumentsArePackedAsH2PacksThem() throws Exception {
        define("rt_describe", "rt.describe", "name text, times integer, ratio double, shout boolean, blob bytes, meta json", "json");
        Object out = one("SELECT public.rt_describe('Ann', 2, 1.5, true, '\\x010203'::bytea, '{\"k\": [1, 2]}'::jsonb)");
        assertEquals(JSON.readTree(recorded("typed/describe_all")), JSON.readTree(out.toString()));
        // The plug-in got exactly the recorded input: the same bytes H2 packs.
        List<List<Object>> seen = TypedStandIns.query(c, "SELECT args FROM stand_in_seen");
        String[] texts = (String[]) ((java.sql.Array) seen.get(0).get(0)).getArray();
        io.wasmudf.sql.typed.TypedSignature sig = io.wasmudf.sql.typed.TypedSignature.parse("rt_describe", "rt.describe",
                "name text, times integer, ratio double, shout boolean, blob bytes, meta json", "json", "public",
                io.wasmudf.sql.typed.TypedSignature.Case.LOWER);
        assertArrayEquals(Corpus.find("typed/describe_all").input(), io.wasmudf.sql.typed.ArgsJson.inputFromText(sig, texts));
        Object nulls = one("SELECT public.rt_describe(NULL, NULL, NULL, NULL, NULL, NULL)");
        assertEquals(JSON.readTree(recorded("typed/describe_nulls")), JSON.readTree(nulls.toString()));
    }

    @Test
    void scalarResultsAreTypedByTheGeneratedCasts() throws SQLException {
        define("rt_wc", "rt.word_count", "body text", "integer");
        define("rt_wc8", "rt.word_count", "body text", "bigint");
        define("rt_mean", "rt.mean", "a double, b double", "double");
        define("rt_pal", "rt.is_palindrome", "body text", "boolean");
        define("rt_rev", "rt.reverse_bytes", "data bytes", "bytes");
        define("rt_words_text", "rt.words", "body text", "text");
        String wc = new String(recorded("typed/word_count"), StandardCharsets.UTF_8);
        assertEquals(Integer.valueOf(wc), one("SELECT public.rt_wc('the quick brown fox')"));
        assertEquals(Long.valueOf(wc), one("SELECT public.rt_wc8('the quick brown fox')"));
        assertEquals(Double.valueOf(new String(recorded("typed/mean"), StandardCharsets.UTF_8)), one("SELECT public.rt_mean(1, 4)"));
        assertNull(one("SELECT public.rt_mean(1, NULL)"));
        assertEquals(Boolean.TRUE, one("SELECT public.rt_pal('A man, a plan, a canal: Panama')"));
        assertEquals(Boolean.FALSE, one("SELECT public.rt_pal('hello')"));
        assertArrayEquals(recorded("typed/reverse_bytes"), (byte[]) one("SELECT public.rt_rev('\\x010203ff'::bytea)"));
        assertEquals(new String(recorded("typed/words"), StandardCharsets.UTF_8), one("SELECT public.rt_words_text('Hello big WORLD')"));
        assertNull(one("SELECT public.rt_wc(NULL)"), "STRICT: one raw argument, NULL in, NULL out");
        assertEquals(0L, TypedStandIns.query(c, "SELECT count(*) FROM stand_in_seen").get(0).get(0), "and no call");
    }

    @Test
    void tableResultsHaveTypedColumns() throws Exception {
        define("rt_words", "rt.words", "body text", "table(word text, len integer, upper boolean, pos bigint)");
        List<List<Object>> got = TypedStandIns.run(c, b, "SELECT * FROM public.rt_words('Hello big WORLD')");
        List<List<Object>> want = new ArrayList<>();
        for (JsonNode r : JSON.readTree(recorded("typed/words"))) {
            want.add(List.of(r.get("word").asText(), r.get("len").asInt(), r.get("upper").asBoolean(), r.get("pos").asLong()));
        }
        assertEquals(want, got);
        assertEquals(List.of(), TypedStandIns.run(c, b, "SELECT * FROM public.rt_words('')"));
    }

    @Test
    void aWrongOutputTypeNamesTheFunction() throws SQLException {
        define("rt_bad", "rt.describe", "name text, times integer", "integer");
        SQLException e = assertThrows(SQLException.class, () -> one("SELECT public.rt_bad('Ann', 1)"));
        assertEquals("22P02", e.getSQLState());
        assertTrue(e.getMessage().startsWith("rt_bad(text, integer): output \"{\"blob_len\":null"), e.getMessage());
        assertTrue(e.getMessage().endsWith("is not an integer"), e.getMessage());
    }

    @Test
    void definitionsAreRecordedGrantedAndDropped() throws SQLException {
        assertEquals("public.rt_wc", define("RT_WC", "rt.word_count", "body text", "integer"));
        assertEquals(List.of(List.of("function", "rt", "DROP FUNCTION IF EXISTS \"public\".\"rt_wc\"(text)")),
                TypedStandIns.query(c, "SELECT kind, plugin, drop_sql FROM wasmudf_definitions WHERE sql_name = 'public.rt_wc'"));
        assertEquals(List.of(List.of(false, true)), TypedStandIns.query(c, "SELECT has_function_privilege('public', "
                + "'public.rt_wc(text)', 'EXECUTE'), has_function_privilege('" + CALLER + "', 'public.rt_wc(text)', 'EXECUTE')"));
        // Redefinition replaces it (a new signature, the old one gone); an object that is not ours is refused.
        define("rt_wc", "rt.word_count", "body text, extra integer", "bigint");
        assertEquals(List.of(List.of("rt_wc(body text, extra integer)")), TypedStandIns.query(c,
                "SELECT p.proname || '(' || pg_get_function_arguments(p.oid) || ')' FROM pg_proc p WHERE p.proname = 'rt_wc'"));
        try (Statement st = c.createStatement()) {
            st.execute("CREATE FUNCTION public.rt_mine(x int) RETURNS int LANGUAGE sql RETURN x");
        }
        assertEquals("42723", assertThrows(SQLException.class, () -> define("rt_mine", "rt.word_count", "b text", "integer"))
                .getSQLState());
        assertTrue(b.typed().undefine(c, "public.rt_wc"));
        assertFalse(b.typed().undefine(c, "rt_wc"));
        assertEquals(0L, TypedStandIns.query(c, "SELECT count(*) FROM pg_proc WHERE proname = 'rt_wc'").get(0).get(0));
        try (Statement st = c.createStatement()) {
            st.execute("DROP FUNCTION public.rt_mine(int)");
        }
    }

    @Test
    void unregisterRefusesThenCascades() throws SQLException {
        define("rt_wc", "rt.word_count", "body text", "integer");
        define("rt_words", "rt.words", "body text", "table(word text)");
        SQLException e = assertThrows(SQLException.class, () -> b.unregister(c, "rt"));
        assertEquals("2BP01", e.getSQLState());
        assertTrue(e.getMessage().contains("function public.rt_wc, function public.rt_words use it"), e.getMessage());
        assertTrue(b.unregister(c, "rt", true));
        assertEquals(0L, TypedStandIns.query(c, "SELECT count(*) FROM pg_proc WHERE proname IN ('rt_wc', 'rt_words')").get(0).get(0));
        assertEquals(0L, TypedStandIns.query(c, "SELECT count(*) FROM wasmudf_definitions").get(0).get(0));
    }

    @Test
    void reRegistrationKeepsDefinitionsWorking() throws SQLException {
        define("rt_wc", "rt.word_count", "body text", "integer");
        assertEquals(2, one("SELECT public.rt_wc('a b')"));
        b.register(c, "rt", CorpusFiles.wasm("rs_typed.wasm"), "{\"config\": {\"unused\": \"1\"}}");
        assertEquals(3, one("SELECT public.rt_wc('a b c')"));
    }

    @Test
    void defineAllFromMetadata() throws SQLException {
        List<String> names = new ArrayList<>();
        b.typed().defineAll(c, "rt", null).forEachRemaining(names::add);
        assertEquals(List.of("public.rt_describe", "public.rt_mean", "public.rt_word_count", "public.rt_is_palindrome",
                "public.rt_reverse_bytes", "public.rt_words"), names);
        assertEquals(4, one("SELECT public.rt_word_count('the quick brown fox')"));
        assertEquals(3L, TypedStandIns.run(c, b, "SELECT max(pos) FROM public.rt_words('Hello big WORLD')").get(0).get(0));
    }
}
