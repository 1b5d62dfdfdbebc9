package io.wasmudf.pljava;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wasmudf.sql.ResultColumns.Column;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Table rows as PL/Java can return them: JSON text, one row each, which the SQL wrappers in
 * install.sql unpack (composite rows would need PL/Java's API). The columns are jdbc-core's, the
 * same H2 builds its result sets from.
 */
final class PgJsonRows {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PgJsonRows() {
    }

    /** One JSON object per row, keyed by column name. */
    static <T> Iterator<String> objects(List<Column<T>> columns, List<T> rows) {
        List<String> out = new ArrayList<>(rows.size());
        for (T row : rows) {
            ObjectNode o = NODES.objectNode();
            for (Column<T> c : columns) {
                o.set(c.name, node(c.value(row)));
            }
            out.add(o.toString());
        }
        return out.iterator();
    }

    /** One JSON array per row, the values in column order. */
    static <T> Iterator<String> arrays(List<Column<T>> columns, List<T> rows) {
        List<String> out = new ArrayList<>(rows.size());
        for (T row : rows) {
            ArrayNode a = NODES.arrayNode(columns.size());
            for (Column<T> c : columns) {
                a.add(node(c.value(row)));
            }
            out.add(a.toString());
        }
        return out.iterator();
    }

    private static JsonNode node(Object v) {
        if (v == null) {
            return NODES.nullNode();
        } else if (v instanceof Integer) {
            return NODES.numberNode((Integer) v);
        } else if (v instanceof Long) {
            return NODES.numberNode((Long) v);
        } else if (v instanceof Double) {
            return NODES.numberNode((Double) v);
        }
        return NODES.textNode(v.toString());
    }
}
