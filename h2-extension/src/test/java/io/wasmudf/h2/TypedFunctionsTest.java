package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wasmudf.corpus.Corpus;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * wasm_define in H2 over the rs_typed corpus plug-in: every argument and result type, NULLs, a
 * wrong output type, set-returning functions; results compared with the official runtime's
 * recordings of the same single calls (plugins/cases.json, typed/*).
 */
@Timeout(120)
class TypedFunctionsTest extends H2TestBase {
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void plugin() throws SQLException {
        register(conn, "rt", TestModules.corpus("rs_typed.wasm"));
    }

    static byte[] recorded(String id) {
        return Corpus.find(id).recorded().get(0).output();
    }

    static String recordedText(String id) {
        return new String(recorded(id), StandardCharsets.UTF_8);
    }

    private void define(String name, String function, String args, String returns) throws SQLException {
        query1(conn, "SELECT wasm_define(?, ?, ?, ?)", name, function, args, returns);
    }

    private static final String DESCRIBE_ARGS = "name text, times integer, ratio double, shout boolean, blob bytes, meta json";

    @Test
    void severalTypedArgumentsArePackedAsOneJsonObject() throws Exception {
        define("rt_describe", "rt.describe", DESCRIBE_ARGS, "json");
        Object out = query1(conn, "SELECT rt_describe('Ann', 2, 1.5, TRUE, X'010203', JSON '{\"k\":[1,2]}')");
        assertEquals(JSON.readTree(recorded("typed/describe_all")), JSON.readTree(json(out)));
    }

    @Test
    void nullArgumentsArePackedAsJsonNull() throws Exception {
        define("rt_describe", "rt.describe", DESCRIBE_ARGS, "json");
        Object out = query1(conn, "SELECT rt_describe(NULL, NULL, NULL, NULL, NULL, NULL)");
        assertEquals(JSON.readTree(recorded("typed/describe_nulls")), JSON.readTree(json(out)));
    }

    @Test
    void scalarResultsParseTheOutput() throws SQLException {
        define("rt_word_count", "rt.word_count", "body text", "integer");
        define("rt_word_count8", "rt.word_count", "body text", "bigint");
        define("rt_mean", "rt.mean", "a double, b double", "double");
        define("rt_is_palindrome", "rt.is_palindrome", "body text", "boolean");
        assertEquals(Integer.valueOf(recordedText("typed/word_count")), query1(conn, "SELECT rt_word_count('the quick brown fox')"));
        assertEquals(Long.valueOf(recordedText("typed/word_count")), query1(conn, "SELECT rt_word_count8('the quick brown fox')"));
        assertEquals(Double.valueOf(recordedText("typed/mean")), query1(conn, "SELECT rt_mean(1.0, 4.0)"));
        assertEquals("null", recordedText("typed/mean_null"));
        assertNull(query1(conn, "SELECT rt_mean(1.0, NULL)"), "an output of null is SQL NULL");
        assertEquals(Boolean.valueOf(recordedText("typed/is_palindrome_yes")),
                query1(conn, "SELECT rt_is_palindrome('A man, a plan, a canal: Panama')"));
        assertEquals(Boolean.valueOf(recordedText("typed/is_palindrome_no")), query1(conn, "SELECT rt_is_palindrome('hello')"));
        // Declared types are real SQL types: arithmetic and comparisons work on them.
        assertEquals(5, ((Number) query1(conn, "SELECT rt_word_count('the quick brown fox') + 1")).intValue());
    }

    @Test
    void oneTextOrBytesArgumentIsPassedRawAndNullGivesNull() throws SQLException {
        define("rt_word_count", "rt.word_count", "body text", "integer");
        define("rt_reverse", "rt.reverse_bytes", "data bytes", "bytes");
        define("rt_words_text", "rt.words", "body text", "text");
        assertArrayEquals(recorded("typed/reverse_bytes"), (byte[]) query1(conn, "SELECT rt_reverse(X'010203FF')"));
        assertEquals(recordedText("typed/words"), query1(conn, "SELECT rt_words_text('Hello big WORLD')"));
        assertNull(query1(conn, "SELECT rt_word_count(NULL)"));
        assertNull(query1(conn, "SELECT rt_reverse(NULL)"));
    }

    @Test
    void tableResultsHaveTypedColumnsFromObjectFields() throws Exception {
        define("rt_words", "rt.words", "body text", "table(word text, len integer, upper boolean, pos bigint)");
        List<List<Object>> got = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM rt_words('Hello big WORLD')")) {
            ResultSetMetaData md = rs.getMetaData();
            assertEquals(List.of("WORD", "LEN", "UPPER", "POS"), List.of(md.getColumnName(1), md.getColumnName(2),
                    md.getColumnName(3), md.getColumnName(4)));
            assertEquals(List.of(Types.VARCHAR, Types.INTEGER, Types.BOOLEAN, Types.BIGINT), List.of(md.getColumnType(1),
                    md.getColumnType(2), md.getColumnType(3), md.getColumnType(4)));
            while (rs.next()) {
                got.add(List.of(rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4)));
            }
        }
        List<List<Object>> want = new ArrayList<>();
        for (JsonNode r : JSON.readTree(recorded("typed/words"))) {
            want.add(List.of(r.get("word").asText(), r.get("len").asInt(), r.get("upper").asBoolean(), r.get("pos").asLong()));
        }
        assertEquals(want, got);
        assertEquals("[]", recordedText("typed/words_empty"));
        assertEquals(0L, query1(conn, "SELECT COUNT(*) FROM rt_words('')"));
        assertEquals(0L, query1(conn, "SELECT COUNT(*) FROM rt_words(NULL)"));
        assertEquals(1L, query1(conn, "SELECT COUNT(*) FROM rt_words('Hello big WORLD') WHERE upper"));
    }

    @Test
    void aWrongOutputTypeNamesTheFunction() throws SQLException {
        define("rt_bad", "rt.word_count", "body text", "boolean");
        define("rt_bad_rows", "rt.word_count", "body text", "table(n integer)");
        define("rt_bad_col", "rt.words", "body text", "table(word integer)");
        SQLException e = assertThrows(SQLException.class, () -> query1(conn, "SELECT rt_bad('a b')"));
        assertEquals("22P02", e.getSQLState());
        assertTrue(e.getMessage().contains("rt_bad(text): output \"2\" is not a boolean"), e.getMessage());
        e = assertThrows(SQLException.class, () -> query1(conn, "SELECT COUNT(*) FROM rt_bad_rows('a b')"));
        assertEquals("22P02", e.getSQLState());
        assertTrue(e.getMessage().contains("rt_bad_rows(text): output \"2\" is not a JSON array"), e.getMessage());
        e = assertThrows(SQLException.class, () -> query1(conn, "SELECT COUNT(*) FROM rt_bad_col('a b')"));
        assertTrue(e.getMessage().contains("rt_bad_col(text): row 1, column \"word\": \"a\" is not an integer"),
                e.getMessage());
        assertFalse(e.getMessage().contains("java."), e.getMessage());
        // The connection and the warm instance survive.
        assertEquals("2", call(conn, "rt.word_count", "a b"));
    }

    private static String json(Object h2Json) {
        return h2Json instanceof byte[] ? new String((byte[]) h2Json, StandardCharsets.UTF_8) : h2Json.toString();
    }
}
