package io.wasmudf.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plug-in output as JSON: validation for {@code wasm_call_json}, array elements for {@code wasm_rows}. */
public final class JsonRows {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonRows() {
    }

    /** One element: its 1-based position and its value (a string element unquoted, others as JSON text). */
    public static final class Row {
        public final int ordinal;
        public final String value;

        Row(int ordinal, String value) {
            this.ordinal = ordinal;
            this.value = value;
        }
    }

    public static JsonNode parse(byte[] output, String function) throws SQLException {
        try {
            JsonNode n = MAPPER.readTree(output);
            if (n == null) {
                throw new IOException("empty output");
            }
            return n;
        } catch (IOException e) {
            String head = new String(output, 0, Math.min(output.length, 80), StandardCharsets.UTF_8);
            throw SqlStates.invalid("output of " + function + " is not JSON (" + e.getMessage().split("\n")[0]
                    + "): '" + head + (output.length > 80 ? "...'" : "'"));
        }
    }

    public static List<Row> rows(byte[] output, String function) throws SQLException {
        JsonNode n = parse(output, function);
        if (!n.isArray()) {
            throw SqlStates.invalid("wasm_rows needs a JSON array from " + function + ", got a JSON " + n.getNodeType().name().toLowerCase());
        }
        List<Row> out = new ArrayList<>(n.size());
        int i = 1;
        for (JsonNode e : n) {
            out.add(new Row(i++, e.isNull() ? null : e.isTextual() ? e.textValue() : e.toString()));
        }
        return out;
    }
}
