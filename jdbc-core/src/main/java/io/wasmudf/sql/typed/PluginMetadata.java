package io.wasmudf.sql.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wasmudf.sql.SqlStates;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The output of a plug-in's {@code metadata} export, pg_extism's convention for describing its
 * functions, read for {@code wasm_define_all}. One function object, an array of them, or
 * {@code {"functions": [...]}}. Per function: {@code entryPoint} (the export), {@code parameters}
 * (an object of name → type, in order, or an array of {@code {"name", "type"}}), {@code returnType},
 * optional {@code returnField} (the output field holding the result); and, beyond pg_extism, the
 * optional {@code name} (the SQL name, default the export's) and {@code columns} (like
 * {@code parameters}) for {@code "JsonArray"} / {@code "table"} results. Types are pg_extism's
 * ({@code String}, {@code JsonArray}, ...) or any name {@link SqlType#of} knows.
 */
public final class PluginMetadata {
    public static final String EXPORT = "metadata";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One function, in {@code wasm_define}'s terms. */
    public static final class Function {
        public final String sqlName;
        public final String export;
        public final String arguments;
        public final String returns;

        Function(String sqlName, String export, String arguments, String returns) {
            this.sqlName = sqlName;
            this.export = export;
            this.arguments = arguments;
            this.returns = returns;
        }
    }

    private PluginMetadata() {
    }

    public static List<Function> parse(byte[] output, String plugin) throws SQLException {
        String where = "the metadata of plug-in '" + plugin + "'";
        JsonNode root;
        try {
            root = JSON.readTree(output);
        } catch (IOException e) {
            throw SqlStates.invalid(where + " is not JSON: " + e.getMessage().split("\n")[0]);
        }
        if (root != null && root.isObject() && root.has("functions")) {
            root = root.get("functions");
        }
        List<Function> out = new ArrayList<>();
        if (root != null && root.isObject()) {
            out.add(function(root, where));
        } else if (root != null && root.isArray()) {
            for (JsonNode f : root) {
                out.add(function(f, where));
            }
        }
        if (out.isEmpty()) {
            throw SqlStates.invalid(where + " describes no function (expected an object with entryPoint, parameters, returnType)");
        }
        return out;
    }

    private static Function function(JsonNode f, String where) throws SQLException {
        String export = f.path("entryPoint").asText(null);
        if (export == null || export.isEmpty()) {
            throw SqlStates.invalid(where + ": a function has no entryPoint");
        }
        String returnType = f.path("returnType").asText("String");
        String returns;
        if (returnType.equalsIgnoreCase("JsonArray") || returnType.equalsIgnoreCase("table")) {
            if (!f.has("columns")) {
                throw SqlStates.invalid(where + ": " + export + " returns rows but gives no columns (name -> type)");
            }
            returns = "table(" + list(f.get("columns"), where) + ")";
        } else {
            returns = returnType;
        }
        if (f.hasNonNull("returnField")) {
            returns += " from " + f.get("returnField").asText();
        }
        return new Function(f.path("name").asText(export), export, list(f.path("parameters"), where), returns);
    }

    /** {@code {"a": "String", "n": "integer"}} or {@code [{"name": "a", "type": "String"}]} as {@code 'a String, n integer'}. */
    private static String list(JsonNode n, String where) throws SQLException {
        List<String> items = new ArrayList<>();
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                items.add(e.getKey() + " " + e.getValue().asText());
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                items.add(e.path("name").asText() + " " + e.path("type").asText());
            }
        } else if (!n.isMissingNode() && !n.isNull()) {
            throw SqlStates.invalid(where + ": parameters and columns must be an object or an array");
        }
        return String.join(", ", items);
    }
}
