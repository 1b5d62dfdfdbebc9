package io.wasmudf.sql.typed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing definitions, packing arguments, parsing outputs and reading metadata, without a database. */
class TypedSignatureTest {
    private static TypedSignature sig(String name, String args, String returns) throws SQLException {
        return TypedSignature.parse(name, "p.e", args, returns, "public", TypedSignature.Case.LOWER);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void definitionsAreCheckedFoldedAndCanonical() throws SQLException {
        TypedSignature s = sig("Analytics.Count_Vowels", " a  varchar , n int4,d float8 ", "TABLE( w text , x jsonb ) from rows");
        assertEquals("analytics.count_vowels", s.sqlName());
        assertEquals("a text, n integer, d double", s.argumentsText());
        assertEquals("table(w text, x json) from rows", s.returnsText());
        assertEquals("count_vowels(text, integer, double)", s.label());
        assertTrue(s.packed());
        assertFalse(sig("f", "body bytea", "bytes").packed());
        assertTrue(sig("f", "n integer", "text").packed(), "one typed argument is packed");
        assertTrue(sig("f", "", "text").packed(), "no argument: {}");
        assertEquals(s.sqlName(), TypedSignature.fromSpec(s.specJson(), TypedSignature.Case.LOWER).sqlName());
        assertEquals("42602", assertThrows(SQLException.class, () -> sig("f\"; drop", "", "text")).getSQLState());
        assertEquals("22023", assertThrows(SQLException.class, () -> sig("f", "a text", "table()")).getSQLState());
        assertEquals("22023", assertThrows(SQLException.class, () -> sig("f", "a text", "integer from x'")).getSQLState());
    }

    @Test
    void packedArgumentsAreOneCompactJsonObject() throws SQLException {
        TypedSignature s = sig("f", "t text, i integer, b bigint, d double, ok boolean, raw bytes, j json", "text");
        byte[] in = ArgsJson.input(s, new Object[] {"x\"y", 1, 2L, Double.NaN, true, new byte[] {1, 2, 3}, "{\"k\": [1]}"});
        assertEquals("{\"t\":\"x\\\"y\",\"i\":1,\"b\":2,\"d\":\"NaN\",\"ok\":true,\"raw\":\"AQID\",\"j\":{\"k\":[1]}}",
                new String(in, StandardCharsets.UTF_8));
        // PostgreSQL's text forms (encode(..., 'base64') breaks lines) give the same bytes.
        assertArrayEquals(in, ArgsJson.inputFromText(s, new String[] {"x\"y", "1", "2", "NaN", "true", "AQID", "{\"k\": [1]}"}));
        assertEquals("{\"t\":null,\"i\":null,\"b\":null,\"d\":null,\"ok\":null,\"raw\":null,\"j\":null}",
                new String(ArgsJson.input(s, new Object[7]), StandardCharsets.UTF_8));
        assertNull(ArgsJson.input(sig("f", "body text", "text"), new Object[] {null}), "one raw NULL: no call");
        assertEquals("22023", assertThrows(SQLException.class,
                () -> ArgsJson.input(sig("f", "j json", "text"), new Object[] {"not json"})).getSQLState());
    }

    @Test
    void outputsParseAsTheirTypeOrNameTheFunction() throws SQLException {
        assertEquals(42, OutputParsers.scalar(sig("f", "a text", "integer"), utf8(" 42\n")));
        assertEquals(-7, OutputParsers.scalar(sig("f", "a text", "integer"), utf8("-7")));
        assertEquals(Long.MIN_VALUE, OutputParsers.scalar(sig("f", "a text", "bigint"), utf8("-9223372036854775808")));
        assertEquals("22P02", assertThrows(SQLException.class,
                () -> OutputParsers.scalar(sig("f", "a text", "integer"), utf8("007"))).getSQLState(), "not JSON");
        assertEquals("22P02", assertThrows(SQLException.class,
                () -> OutputParsers.scalar(sig("f", "a text", "bigint"), utf8("9223372036854775808"))).getSQLState());
        assertEquals(1L << 40, OutputParsers.scalar(sig("f", "a text", "bigint"), utf8("1099511627776")));
        assertEquals(Double.POSITIVE_INFINITY, OutputParsers.scalar(sig("f", "a text", "double"), utf8("\"Infinity\"")));
        assertEquals(Boolean.FALSE, OutputParsers.scalar(sig("f", "a text", "boolean"), utf8("false")));
        assertNull(OutputParsers.scalar(sig("f", "a text", "integer"), new byte[0]));
        assertNull(OutputParsers.scalar(sig("f", "a text", "integer"), utf8("null")));
        assertEquals("{\"a\":1}", OutputParsers.scalar(sig("f", "a text", "json"), utf8("{\"a\": 1}")));
        assertEquals(7, OutputParsers.scalar(sig("f", "a text", "integer from n"), utf8("{\"n\": 7}")));
        SQLException e = assertThrows(SQLException.class, () -> OutputParsers.scalar(sig("f", "a text", "integer"), utf8("42abc")));
        assertEquals("22P02", e.getSQLState());
        assertEquals("f(text): output \"42abc\" is not an integer", e.getMessage());
        assertEquals("f(text): output \"3000000000\" is not an integer",
                assertThrows(SQLException.class, () -> OutputParsers.scalar(sig("f", "a text", "integer"), utf8("3000000000"))).getMessage());
        TypedSignature rows = sig("f", "a text", "table(w text, n integer, b bytes, j json) from rows");
        List<Object[]> r = OutputParsers.rows(rows, utf8("{\"rows\": [{\"w\": \"x\", \"n\": 1, \"b\": \"AQ==\", \"j\": [1]}, {\"w\": 5}]}"));
        assertEquals(2, r.size());
        assertEquals("x", r.get(0)[0]);
        assertArrayEquals(new byte[] {1}, (byte[]) r.get(0)[2]);
        assertEquals("[1]", r.get(0)[3]);
        assertEquals("5", r.get(1)[0], "a text column takes any JSON value as its text");
        assertNull(r.get(1)[1]);
        assertEquals("f(text): row 1 of the output is a JSON number, not an object",
                assertThrows(SQLException.class, () -> OutputParsers.rows(rows, utf8("{\"rows\": [1]}"))).getMessage());
    }

    @Test
    void metadataInPgExtismsConvention() throws SQLException {
        List<PluginMetadata.Function> fs = PluginMetadata.parse(utf8("{\"entryPoint\": \"read_csv\", \"parameters\": {\"path\": "
                + "\"String\"}, \"returnType\": \"JsonArray\", \"returnField\": \"rows\", \"columns\": {\"a\": \"String\"}}"), "p");
        assertEquals(1, fs.size());
        assertEquals("read_csv", fs.get(0).sqlName);
        assertEquals("path String", fs.get(0).arguments);
        assertEquals("table(a String) from rows", fs.get(0).returns);
        assertEquals("table(a text) from rows", sig("f", fs.get(0).arguments, fs.get(0).returns).returnsText());
        assertEquals("22023", assertThrows(SQLException.class, () -> PluginMetadata.parse(utf8(
                "{\"entryPoint\": \"x\", \"returnType\": \"JsonArray\"}"), "p")).getSQLState(), "rows need columns");
        assertEquals("22023", assertThrows(SQLException.class, () -> PluginMetadata.parse(utf8("[]"), "p")).getSQLState());
    }
}
