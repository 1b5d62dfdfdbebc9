package io.wasmudf.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One aggregate defined over a plug-in: its SQL name (schema and name, folded as the database folds
 * unquoted names), the plug-in it follows by name, its value and result types and the exports it
 * calls. Immutable; {@link #toJson} is its one serial form (the registry's {@code spec}, the H2
 * class name, the PostgreSQL initial state), read back by {@link #fromJson}.
 */
public final class AggregateSpec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern EXPORT = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]{0,127}");
    private static final String[] ROLES = {"init", "step", "merge", "finish"};

    private final String schema;
    private final String name;
    private final String plugin;
    private final AggregateType value;
    private final AggregateType returns;
    private final String init;
    private final String step;
    private final String merge;
    private final String finish;
    /** Whether the define call named the merge export itself (then the plug-in must have it). */
    private final boolean mergeNamed;
    private final String json;

    private AggregateSpec(String schema, String name, String plugin, AggregateType value, AggregateType returns,
            String init, String step, String merge, String finish, boolean mergeNamed) {
        this.mergeNamed = mergeNamed;
        this.schema = schema;
        this.name = name;
        this.plugin = plugin;
        this.value = value;
        this.returns = returns;
        this.init = init;
        this.step = step;
        this.merge = merge;
        this.finish = finish;
        ObjectNode o = JSON.createObjectNode();
        o.put("aggregate", schema + "." + name);
        o.put("plugin", plugin);
        o.put("value", value.name().toLowerCase(Locale.ROOT));
        o.put("returns", returns.name().toLowerCase(Locale.ROOT));
        ObjectNode e = o.putObject("exports");
        e.put("init", init);
        e.put("step", step);
        if (merge != null) {
            e.put("merge", merge);
        }
        e.put("finish", finish);
        this.json = o.toString();
    }

    /**
     * The spec of a define call. {@code exportsJson} (NULL for the defaults) maps roles to export
     * names, e.g. {@code {"init":"topk_init","step":"topk_step","merge":"topk_merge","finish":"topk_finish"}};
     * a role left out keeps its default name ({@code init}, {@code step}, {@code merge}, {@code finish}),
     * and {@code "merge": null} says the aggregate has no merge. Whether the plug-in exports them is
     * checked when defining ({@link #withoutMerge} drops a default merge the plug-in lacks).
     */
    public static AggregateSpec define(Dialect dialect, String sqlName, String plugin, String valueType, String returns,
            String exportsJson) throws SQLException {
        String[] sn = sqlName(dialect, sqlName);
        String[] ex = {"init", "step", "merge", "finish"};
        boolean mergeNamed = false;
        if (exportsJson != null && !exportsJson.isBlank()) {
            JsonNode node;
            try {
                node = JSON.readTree(exportsJson);
            } catch (IOException e) {
                throw SqlStates.invalid("wasm_define_aggregate: exports must be a JSON object, e.g. "
                        + "{\"step\":\"topk_step\"}; it does not parse");
            }
            if (node == null || !node.isObject()) {
                throw SqlStates.invalid("wasm_define_aggregate: exports must be a JSON object mapping init, step, "
                        + "merge and finish to export names");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String role = it.next();
                int i = java.util.Arrays.asList(ROLES).indexOf(role);
                JsonNode v = node.get(role);
                mergeNamed |= "merge".equals(role);
                if (i < 0) {
                    throw SqlStates.invalid("wasm_define_aggregate: unknown role '" + role + "' in exports "
                            + "(the roles are init, step, merge, finish)");
                }
                if (v.isNull() && "merge".equals(role)) {
                    ex[i] = null;
                } else if (!v.isTextual()) {
                    throw SqlStates.invalid("wasm_define_aggregate: exports." + role + " must be an export name");
                } else {
                    ex[i] = v.asText();
                }
            }
        }
        for (String e : ex) {
            if (e != null && !EXPORT.matcher(e).matches()) {
                throw SqlStates.invalid("wasm_define_aggregate: '" + e + "' is not an export name (letters, digits, "
                        + "'_' or '-', starting with a letter or '_')");
            }
        }
        return new AggregateSpec(sn[0], sn[1], PluginName.check(plugin), AggregateType.parse(valueType, "value type"),
                AggregateType.parse(returns, "return type"), ex[0], ex[1], ex[2], ex[3], mergeNamed);
    }

    /**
     * {@code [schema, name]}: a plain or schema-qualified SQL identifier, folded as the database folds
     * unquoted names (PostgreSQL lower case, H2 upper case), unqualified names in public / PUBLIC.
     */
    static String[] sqlName(Dialect dialect, String sqlName) throws SQLException {
        String[] parts = sqlName == null ? new String[0] : sqlName.split("\\.", -1);
        boolean ok = parts.length == 1 || parts.length == 2;
        for (String p : parts) {
            ok &= IDENTIFIER.matcher(p).matches();
        }
        if (!ok) {
            throw new SQLException("invalid aggregate name '" + sqlName + "': use name or schema.name, each a SQL "
                    + "identifier of letters, digits and '_' starting with a letter or '_' (at most 63)", "42602");
        }
        String schema = parts.length == 2 ? parts[0] : "public";
        String name = parts[parts.length - 1];
        return dialect == Dialect.H2
                ? new String[] {schema.toUpperCase(Locale.ROOT), name.toUpperCase(Locale.ROOT)}
                : new String[] {schema.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)};
    }

    /** Reads back {@link #toJson}. */
    public static AggregateSpec fromJson(String json) throws SQLException {
        try {
            JsonNode o = JSON.readTree(json);
            String[] sn = o.get("aggregate").asText().split("\\.", 2);
            JsonNode e = o.get("exports");
            return new AggregateSpec(sn[0], sn[1], o.get("plugin").asText(),
                    AggregateType.valueOf(o.get("value").asText().toUpperCase(Locale.ROOT)),
                    AggregateType.valueOf(o.get("returns").asText().toUpperCase(Locale.ROOT)),
                    e.get("init").asText(), e.get("step").asText(), e.has("merge") ? e.get("merge").asText() : null,
                    e.get("finish").asText(), true);
        } catch (IOException | RuntimeException e) {
            throw new SQLException("not an aggregate definition (was it written by another version of wasmudf?)",
                    "XX000");
        }
    }

    /** The same aggregate without a merge export (the plug-in has no default {@code merge}). */
    public AggregateSpec withoutMerge() {
        return new AggregateSpec(schema, name, plugin, value, returns, init, step, null, finish, true);
    }

    /** Whether the define call named the merge export (or its absence) itself. */
    public boolean mergeNamed() {
        return mergeNamed;
    }

    public String toJson() {
        return json;
    }

    public String schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    /** {@code schema.name}, unquoted: the registry's {@code sql_name}. */
    public String sqlName() {
        return schema + "." + name;
    }

    /** {@code "schema"."name"}: safe in DDL (both parts are checked identifiers). */
    public String quotedName() {
        return '"' + schema + "\".\"" + name + '"';
    }

    /** How errors name it: {@code public.my_concat(text)}. */
    public String signature() {
        return sqlName() + "(" + value.pgName() + ")";
    }

    public String plugin() {
        return plugin;
    }

    public AggregateType valueType() {
        return value;
    }

    public AggregateType returnType() {
        return returns;
    }

    public String initExport() {
        return init;
    }

    public String stepExport() {
        return step;
    }

    /** The merge export, or null: the aggregate cannot combine partial states (no parallel plan). */
    public String mergeExport() {
        return merge;
    }

    public String finishExport() {
        return finish;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AggregateSpec && ((AggregateSpec) o).json.equals(json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(json);
    }
}
