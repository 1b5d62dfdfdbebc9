package io.wasmudf.cli;

import io.wasmudf.h2.WasmUdf;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.util.ScriptReader;

/**
 * {@code wasmudf sql [--url JDBC_URL] [--user U] [--password P] [-c SQL | -f FILE]}: runs SQL on H2
 * with the wasm_* functions installed; with neither -c nor -f, reads statements from stdin (a
 * shell when stdin is a terminal). The default database is the file database {@code ./wasmudf-db}.
 */
final class SqlCommand {
    static final String USAGE = "usage: wasmudf sql [--url JDBC_URL] [--user USER] [--password PW] [-c SQL | -f FILE]\n"
            + "  default URL: jdbc:h2:./wasmudf-db (a file database in the current folder)\n";

    private SqlCommand() {
    }

    static int run(String[] args) {
        String url = "jdbc:h2:./wasmudf-db";
        String user = "sa";
        String password = "";
        String sql = null;
        Path file = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--url":
                        url = value(args, ++i);
                        break;
                    case "--user":
                        user = value(args, ++i);
                        break;
                    case "--password":
                        password = value(args, ++i);
                        break;
                    case "-c":
                        sql = value(args, ++i);
                        break;
                    case "-f":
                        file = Path.of(value(args, ++i));
                        break;
                    case "-h":
                    case "--help":
                        System.out.print(USAGE);
                        return 0;
                    default:
                        throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (sql != null && file != null) {
                throw new IllegalArgumentException("give -c or -f, not both");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            installIfAdmin(c);
            if (sql != null) {
                return runScript(c, new StringReader(sql), System.out, false);
            }
            if (file != null) {
                return runScript(c, Files.newBufferedReader(file, StandardCharsets.UTF_8), System.out, false);
            }
            boolean interactive = System.console() != null;
            if (interactive) {
                System.out.println("wasmudf SQL on " + url + " (end statements with ';', Ctrl-D to quit)");
            }
            return runScript(c, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out, interactive);
        } catch (SQLException e) {
            System.err.println("error: " + e.getMessage() + " [SQLState " + e.getSQLState() + "]");
            return 1;
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** Installs the extension unless the user is not an admin (then it must be installed already). */
    private static void installIfAdmin(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT IS_ADMIN FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = CURRENT_USER")) {
            if (rs.next() && rs.getBoolean(1)) {
                WasmUdf.install(c);
            }
        }
    }

    /**
     * Runs each statement, printing result sets as tables; in a script the first error stops it
     * (exit 1), in a shell it is printed and the shell goes on.
     */
    static int runScript(Connection c, Reader in, PrintStream out, boolean interactive) throws SQLException {
        ScriptReader reader = new ScriptReader(in);
        int failures = 0;
        try (Statement s = c.createStatement()) {
            if (interactive) {
                out.print("sql> ");
                out.flush();
            }
            for (String sql = reader.readStatement(); sql != null; sql = reader.readStatement()) {
                if (sql.isBlank()) {
                    continue;
                }
                try {
                    execute(s, sql.trim(), out);
                } catch (SQLException e) {
                    failures++;
                    System.err.println("error: " + e.getMessage().split("; SQL statement:")[0] + " [SQLState " + e.getSQLState() + "]");
                    if (!interactive) {
                        return 1;
                    }
                }
                if (interactive) {
                    out.print("sql> ");
                    out.flush();
                }
            }
        }
        return failures == 0 || interactive ? 0 : 1;
    }

    static void execute(Statement s, String sql, PrintStream out) throws SQLException {
        if (s.execute(sql)) {
            try (ResultSet rs = s.getResultSet()) {
                Table.print(rs, out);
            }
        } else {
            out.println("(" + s.getUpdateCount() + " rows affected)");
        }
    }

    /** Prints a result set as an aligned text table. */
    static final class Table {
        private static final int MAX_WIDTH = 80;

        private Table() {
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
}
