package io.wasmudf.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Prints a result set as an aligned text table. */
final class ResultTable {
    private static final int MAX_WIDTH = 80;

    private ResultTable() {
    }

    static void print(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] head = new String[n];
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            head[i] = md.getColumnLabel(i + 1);
            width[i] = head[i].length();
        }
        while (rs.next()) {
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                row[i] = cell(isBinary(md.getColumnType(i + 1)) ? rs.getBytes(i + 1) : rs.getString(i + 1));
                width[i] = Math.max(width[i], row[i].length());
            }
            rows.add(row);
        }
        line(out, head, width);
        StringBuilder sep = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sep.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(sep);
        for (String[] r : rows) {
            line(out, r, width);
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    /** JSON arrives as bytes through JDBC's getObject; only real binary columns print as X'..'. */
    private static boolean isBinary(int sqlType) {
        return sqlType == java.sql.Types.BINARY || sqlType == java.sql.Types.VARBINARY
                || sqlType == java.sql.Types.LONGVARBINARY || sqlType == java.sql.Types.BLOB;
    }

    private static String cell(Object o) {
        String s;
        if (o == null) {
            s = "NULL";
        } else if (o instanceof byte[]) {
            StringBuilder sb = new StringBuilder("X'");
            for (byte b : (byte[]) o) {
                sb.append(String.format("%02x", b & 0xff));
            }
            s = sb.append('\'').toString();
        } else {
            s = o.toString();
        }
        s = s.replace('\n', ' ');
        return s.length() > MAX_WIDTH ? s.substring(0, MAX_WIDTH - 3) + "..." : s;
    }

    private static void line(PrintStream out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", cells[i]));
        }
        out.println(sb.toString().stripTrailing());
    }
}
