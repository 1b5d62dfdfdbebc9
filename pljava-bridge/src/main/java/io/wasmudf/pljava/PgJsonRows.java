package io.wasmudf.pljava;

import io.wasmudf.sql.ResultColumns.Column;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Table rows as PL/Java can return them: JSON text, one row each, which the SQL wrappers in
 * install.sql unpack (composite rows would need PL/Java's API). The columns are jdbc-core's, the
 * same H2 builds its result sets from.
 *
 * <p>Written by hand, not with Jackson: {@code wasm_cache_stats()} is often a backend's first
 * call, and Jackson's tree and writer are some 400 classes that PL/Java loads one SPI query
 * each. The values are numbers, text and null only.
 */
final class PgJsonRows {
    private PgJsonRows() {
    }

    /** One JSON object per row, keyed by column name. */
    static <T> Iterator<String> objects(List<Column<T>> columns, List<T> rows) {
        return rows(columns, rows, true);
    }

    /** One JSON array per row, the values in column order. */
    static <T> Iterator<String> arrays(List<Column<T>> columns, List<T> rows) {
        return rows(columns, rows, false);
    }

    private static <T> Iterator<String> rows(List<Column<T>> columns, List<T> rows, boolean keyed) {
        List<String> out = new ArrayList<>(rows.size());
        for (T row : rows) {
            StringBuilder b = new StringBuilder(keyed ? "{" : "[");
            for (Column<T> c : columns) {
                if (b.length() > 1) {
                    b.append(',');
                }
                if (keyed) {
                    string(b, c.name).append(':');
                }
                value(b, c.value(row));
            }
            out.add(b.append(keyed ? '}' : ']').toString());
        }
        return out.iterator();
    }

    /** A number as a JSON number (a non-finite double as its text), null as null, anything else as text. */
    static StringBuilder value(StringBuilder b, Object v) {
        if (v == null) {
            return b.append("null");
        } else if (v instanceof Integer || v instanceof Long) {
            return b.append(v);
        } else if (v instanceof Double && Double.isFinite((Double) v)) {
            return b.append((double) (Double) v);
        }
        return string(b, v.toString());
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
            }
        }
        return b.append('"');
    }
}
