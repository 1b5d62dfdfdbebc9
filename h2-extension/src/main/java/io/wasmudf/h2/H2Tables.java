package io.wasmudf.h2;

import io.wasmudf.sql.ResultColumns;
import io.wasmudf.sql.ResultColumns.Column;
import java.util.List;
import java.util.Locale;
import org.h2.tools.SimpleResultSet;

/** H2 result sets of the SQL functions' tables, from the columns both databases share. */
final class H2Tables {
    private H2Tables() {
    }

    /** A result set of {@code columns} holding {@code rows} (none: only the column list). */
    static <T> SimpleResultSet of(List<Column<T>> columns, List<T> rows) {
        SimpleResultSet rs = new SimpleResultSet();
        for (Column<T> c : columns) {
            rs.addColumn(c.name.toUpperCase(Locale.ROOT), c.jdbcType, c.precision, c.scale);
        }
        for (T row : rows) {
            rs.addRow(ResultColumns.values(columns, row));
        }
        return rs;
    }
}
