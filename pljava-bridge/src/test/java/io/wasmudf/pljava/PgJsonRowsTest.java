package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wasmudf.sql.JsonRows;
import io.wasmudf.sql.ResultColumns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written JSON rows parse, with a real JSON parser, to the values they were made from. */
class PgJsonRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void arraysCarryEveryStringExactly() throws Exception {
        String output = "[\"plain\", \"q\\\"uote\", \"back\\\\slash\", \"ctl\\u0001\\u001f\\u007f\", \"nl\\n\\t\\r\\b\\f\","
                + " \"\u00fcn\u00ef \u20ac \ud83d\ude00\", null, 5, {\"a\": [1, \"x\"]}, \"\"]";
        List<JsonRows.Row> rows = JsonRows.rows(output.getBytes(StandardCharsets.UTF_8), "test");
        List<String> lines = new ArrayList<>();
        PgJsonRows.arrays(ResultColumns.ROWS, rows).forEachRemaining(lines::add);
        assertEquals(rows.size(), lines.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode a = JSON.readTree(lines.get(i));
            assertEquals(rows.get(i).ordinal, a.get(0).intValue(), lines.get(i));
            String value = rows.get(i).value;
            assertEquals(value == null, a.get(1).isNull(), lines.get(i));
            if (value != null) {
                assertEquals(value, a.get(1).textValue(), lines.get(i));
            }
        }
    }

    @Test
    void numbersAreJsonNumbersAndNonFiniteDoublesText() throws Exception {
        Object[] values = {0, -7, Long.MAX_VALUE, 0.25, 1e-7, 44.0, Double.NaN, Double.POSITIVE_INFINITY};
        for (Object v : values) {
            JsonNode n = JSON.readTree(PgJsonRows.value(new StringBuilder(), v).toString());
            if (v instanceof Double && !Double.isFinite((Double) v)) {
                assertEquals(v.toString(), n.textValue());
            } else {
                assertTrue(n.isNumber(), v + " gave " + n);
                assertEquals(((Number) v).doubleValue(), n.doubleValue(), v.toString());
            }
        }
    }

    @Test
    void objectsAreKeyedByColumnName() throws Exception {
        List<JsonRows.Row> rows = JsonRows.rows("[\"a\\\"b\"]".getBytes(StandardCharsets.UTF_8), "test");
        Iterator<String> it = PgJsonRows.objects(ResultColumns.ROWS, rows);
        JsonNode o = JSON.readTree(it.next());
        assertEquals(1, o.get("ordinal").intValue());
        assertEquals("a\"b", o.get("value").textValue());
        assertEquals(2, o.size());
    }
}
