package io.wasmudf.pljava;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the scripts of {@code sql/postgres/} over JDBC the way psql would, minus psql's own
 * commands: lines starting with a backslash are skipped, and so is everything inside
 * {@code \if ... \endif} (the jar-installing block, which the tests replace by the bytea form).
 */
final class SqlScript {
    private SqlScript() {
    }

    static Path repoRoot() {
        String prop = System.getProperty("wasmudf.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "sql", "postgres"))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sql").resolve("postgres"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find sql/postgres above " + Path.of("").toAbsolutePath());
    }

    static Path file(String name) {
        return repoRoot().resolve("sql").resolve("postgres").resolve(name);
    }

    static List<String> statements(String name) {
        try {
            return split(Files.readString(file(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements(name)) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException(name + ": " + e.getMessage() + "\n  in: " + sql, e.getSQLState(), e);
                }
            }
        }
    }

    /** Splits at ';' outside quotes, dollar quotes and comments. */
    static List<String> split(String script) {
        StringBuilder sql = new StringBuilder();
        int depth = 0;
        for (String line : script.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("\\")) {
                if (t.startsWith("\\if")) {
                    depth++;
                } else if (t.startsWith("\\endif")) {
                    depth--;
                }
                continue;
            }
            if (depth == 0) {
                sql.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        String dollar = null;
        boolean quote = false;
        String s = sql.toString();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (dollar != null) {
                if (s.startsWith(dollar, i)) {
                    cur.append(dollar);
                    i += dollar.length() - 1;
                    dollar = null;
                } else {
                    cur.append(ch);
                }
            } else if (quote) {
                cur.append(ch);
                if (ch == '\'') {
                    quote = false;
                }
            } else if (ch == '-' && s.startsWith("--", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl;
                cur.append('\n');
            } else if (ch == '\'') {
                quote = true;
                cur.append(ch);
            } else if (ch == '$') {
                int end = s.indexOf('$', i + 1);
                String tag = end < 0 ? null : s.substring(i, end + 1);
                if (tag != null && tag.matches("\\$[A-Za-z_0-9]*\\$")) {
                    dollar = tag;
                    cur.append(tag);
                    i = end;
                } else {
                    cur.append(ch);
                }
            } else if (ch == ';') {
                if (!cur.toString().isBlank()) {
                    out.add(cur.toString().strip());
                }
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
