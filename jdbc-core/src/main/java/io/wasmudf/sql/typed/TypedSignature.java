package io.wasmudf.sql.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wasmudf.sql.PluginName;
import io.wasmudf.sql.SqlStates;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@code wasm_define(sql_name, 'plugin.export', arguments, returns)} says, checked: the SQL
 * name (schema-qualified, folded to the database's case), the export, the arguments
 * ({@code 'a text, n integer'}) and the result ({@code 'integer'}, or
 * {@code 'table(word text, n integer)'} for a set of rows, optionally followed by
 * {@code from FIELD} when the output is an object holding the result in a field). Immutable.
 */
public final class TypedSignature {
    /** SQL identifiers accepted in names (quoted in every generated statement). */
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern TABLE = Pattern.compile("(?is)\\s*table\\s*\\((.*)\\)\\s*(?:from\\s+(\\S+)\\s*)?");
    private static final Pattern SCALAR = Pattern.compile("(?is)\\s*([a-z][a-z0-9 ]*?)\\s*(?:\\s+from\\s+(\\S+)\\s*)?");
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String NAME_STATE = "42602";

    /** An argument or a result column: its name (a JSON key, as written) and its type. */
    public static final class Column {
        public final String name;
        public final SqlType type;

        Column(String name, SqlType type) {
            this.name = name;
            this.type = type;
        }
    }

    /** How a database folds unquoted identifiers, so that defined names can be used unquoted. */
    public enum Case { UPPER, LOWER }

    private final String schema;
    private final String name;
    private final String plugin;
    private final String export;
    private final String argumentsText;
    private final String returnsText;
    private final List<Column> args;
    private final SqlType returns;
    private final List<Column> columns;
    private final String returnField;

    private TypedSignature(String schema, String name, String plugin, String export, String argumentsText,
            String returnsText, List<Column> args, SqlType returns, List<Column> columns, String returnField) {
        this.schema = schema;
        this.name = name;
        this.plugin = plugin;
        this.export = export;
        this.argumentsText = argumentsText;
        this.returnsText = returnsText;
        this.args = Collections.unmodifiableList(args);
        this.returns = returns;
        this.columns = columns == null ? null : Collections.unmodifiableList(columns);
        this.returnField = returnField;
    }

    /**
     * @param sqlName {@code name} or {@code schema.name}; unqualified names go to {@code defaultSchema}
     * @param function {@code plugin.export} (or {@code plugin}: the export of the same name)
     */
    public static TypedSignature parse(String sqlName, String function, String arguments, String returns,
            String defaultSchema, Case folding) throws SQLException {
        if (sqlName == null) {
            throw new SQLException("the SQL name must not be NULL", NAME_STATE);
        }
        String[] parts = sqlName.trim().split("\\.", -1);
        if (parts.length > 2) {
            throw badName(sqlName);
        }
        String schema = fold(parts.length == 2 ? parts[0] : defaultSchema, sqlName, folding);
        String name = fold(parts[parts.length - 1], sqlName, folding);
        String[] pe = PluginName.split(function);
        PluginName.check(pe[0]);
        String label = name.toLowerCase(Locale.ROOT);
        List<Column> args = columns(arguments == null ? "" : arguments, label, "argument");
        if (returns == null) {
            throw SqlStates.invalid(label + ": the result type must not be NULL");
        }
        Matcher t = TABLE.matcher(returns);
        if (t.matches()) {
            List<Column> cols = columns(t.group(1), label, "column");
            if (cols.isEmpty()) {
                throw SqlStates.invalid(label + ": table(...) needs at least one column");
            }
            String f = field(t.group(2), label);
            return new TypedSignature(schema, name, pe[0], pe[1], list(args), "table(" + list(cols) + ")"
                    + (f == null ? "" : " from " + f), args, null, cols, f);
        }
        Matcher s = SCALAR.matcher(returns);
        SqlType type = s.matches() ? SqlType.of(s.group(1)) : null;
        if (type == null) {
            throw SqlStates.invalid(label + ": unknown result type '" + returns + "'; use text, bytes, json, integer, "
                    + "bigint, double, boolean or table(name type, ...)");
        }
        String f = field(s.group(2), label);
        return new TypedSignature(schema, name, pe[0], pe[1], list(args), type.word() + (f == null ? "" : " from " + f),
                args, type, null, f);
    }

    /** The canonical text of a column list: {@code name type, ...} with this class's type words. */
    private static String list(List<Column> cols) {
        return cols.stream().map(c -> c.name + " " + c.type.word()).collect(Collectors.joining(", "));
    }

    /** A name as {@link #sqlName()} has it: {@code schema.name}, folded, the default schema if none. */
    public static String qualify(String sqlName, String defaultSchema, Case folding) throws SQLException {
        if (sqlName == null) {
            throw new SQLException("the SQL name must not be NULL", NAME_STATE);
        }
        String[] parts = sqlName.trim().split("\\.", -1);
        if (parts.length > 2) {
            throw badName(sqlName);
        }
        return fold(parts.length == 2 ? parts[0] : defaultSchema, sqlName, folding) + "."
                + fold(parts[parts.length - 1], sqlName, folding);
    }

    private static String field(String f, String label) throws SQLException {
        if (f != null && !IDENT.matcher(f).matches()) {
            throw SqlStates.invalid(label + ": invalid result field '" + f + "'");
        }
        return f;
    }

    private static String fold(String ident, String whole, Case folding) throws SQLException {
        String i = ident.trim();
        if (!IDENT.matcher(i).matches()) {
            throw badName(whole);
        }
        return folding == Case.UPPER ? i.toUpperCase(Locale.ROOT) : i.toLowerCase(Locale.ROOT);
    }

    private static SQLException badName(String n) {
        return new SQLException("invalid SQL name '" + n + "': use name or schema.name, each 1 to 63 letters, digits or '_', "
                + "starting with a letter or '_'", NAME_STATE);
    }

    /** {@code 'a text, n integer'}: names as written (they are the JSON keys), types by any usual name. */
    private static List<Column> columns(String list, String label, String what) throws SQLException {
        List<Column> out = new ArrayList<>();
        if (list.isBlank()) {
            return out;
        }
        for (String item : list.split(",")) {
            String[] words = item.trim().split("\\s+", 2);
            if (words.length < 2 || !IDENT.matcher(words[0]).matches()) {
                throw SqlStates.invalid(label + ": invalid " + what + " '" + item.trim() + "'; write 'name type', "
                        + "the name 1 to 63 letters, digits or '_'");
            }
            SqlType type = SqlType.of(words[1]);
            if (type == null) {
                throw SqlStates.invalid(label + ": " + what + " '" + words[0] + "' has unknown type '" + words[1]
                        + "'; use text, bytes, json, integer, bigint, double or boolean");
            }
            for (Column c : out) {
                if (c.name.equalsIgnoreCase(words[0])) {
                    throw SqlStates.invalid(label + ": " + what + " '" + words[0] + "' is named twice");
                }
            }
            out.add(new Column(words[0], type));
        }
        return out;
    }

    // ---- the registry's spec (the define call's own terms) ----------------------------------------

    public String specJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("sql_name", sqlName());
        o.put("function", plugin + "." + export);
        o.put("arguments", argumentsText);
        o.put("returns", returnsText);
        return o.toString();
    }

    public static TypedSignature fromSpec(String specJson, Case folding) throws SQLException {
        JsonNode o;
        try {
            o = JSON.readTree(specJson);
        } catch (IOException e) {
            throw SqlStates.invalid("unreadable definition spec: " + e.getMessage());
        }
        return parse(o.path("sql_name").asText(), o.path("function").asText(), o.path("arguments").asText(),
                o.path("returns").asText(), null, folding);
    }

    // ---- reading ----------------------------------------------------------------------------------

    public String schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    /** {@code schema.name} as created (the registry's key). */
    public String sqlName() {
        return schema + "." + name;
    }

    public String plugin() {
        return plugin;
    }

    public String export() {
        return export;
    }

    /** The arguments in canonical form ({@code 'a text, n integer'}); only checked words, safe in a literal. */
    public String argumentsText() {
        return argumentsText;
    }

    /** The result in canonical form ({@code 'integer'}, {@code 'table(w text) from rows'}). */
    public String returnsText() {
        return returnsText;
    }

    public List<Column> args() {
        return args;
    }

    /** The scalar result type, or null for a set of rows. */
    public SqlType returns() {
        return returns;
    }

    public boolean returnsTable() {
        return columns != null;
    }

    /** The result columns of a set of rows, or null. */
    public List<Column> columns() {
        return columns;
    }

    /** The output field holding the result, or null when the output is the result. */
    public String returnField() {
        return returnField;
    }

    /** One text or bytes argument goes to the plug-in raw, as wasm_call passes it; anything else as a JSON object. */
    public boolean packed() {
        return !(args.size() == 1 && (args.get(0).type == SqlType.TEXT || args.get(0).type == SqlType.BYTES));
    }

    /** How errors name the function: {@code count_vowels(text)}. */
    public String label() {
        return name.toLowerCase(Locale.ROOT) + "(" + args.stream().map(a -> a.type.word()).collect(Collectors.joining(", ")) + ")";
    }
}
