package io.wasmudf.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs SQL read line by line: statements end with {@code ;}; between statements {@code quit},
 * {@code exit} and {@code \q} end it, as does the end of input (Ctrl-D). Result sets print as
 * tables on stdout, errors on stderr; in a script the first error stops it (exit 1), at a
 * terminal it is printed and the shell goes on.
 */
final class SqlShell {
    static final Set<String> QUIT_WORDS = Set.of("quit", "exit", "\\q");
    private static final Pattern HEX_LITERAL = Pattern.compile("X'([0-9a-fA-F\\s]*)'");
    private static final Pattern REGISTER = Pattern.compile("(?i)\\bwasm_register\\s*\\(\\s*'([^']*)'");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private final SlowNotice slow;

    SqlShell(PrintStream out, PrintStream err, boolean interactive, SlowNotice slow) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.slow = slow;
    }

    static boolean isQuitWord(String line) {
        String w = line.trim();
        w = w.endsWith(";") ? w.substring(0, w.length() - 1).trim() : w;
        return QUIT_WORDS.contains(w.toLowerCase(Locale.ROOT));
    }

    /** Reads until a quit word or the end of input; 0, or 1 if a script statement failed. */
    int run(Connection connection, BufferedReader in) throws IOException, SQLException {
        StatementSplitter splitter = new StatementSplitter();
        try (Statement s = connection.createStatement()) {
            prompt(splitter);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (splitter.isBetweenStatements() && isQuitWord(line)) {
                    return 0;
                }
                for (String sql : splitter.feed(line)) {
                    if (!executeReporting(s, sql) && !interactive) {
                        return 1;
                    }
                }
                prompt(splitter);
            }
            String last = splitter.rest();
            if (interactive) {
                out.println();
            }
            return last == null || executeReporting(s, last) || interactive ? 0 : 1;
        }
    }

    /** Runs one statement, printing its result or its error; false if it failed. */
    boolean executeReporting(Statement s, String sql) {
        Progress.Step step = registering(sql);
        SlowNotice.Watch watch = step == null ? slow.watch() : null;
        try {
            boolean hasRows = s.execute(sql);
            // before the result, so a progress line is not cut by the table
            if (step != null) {
                step.done();
            } else {
                watch.finished(true);
            }
            printResult(s, hasRows);
            return true;
        } catch (SQLException e) {
            if (step != null) {
                step.failed();
            } else {
                watch.finished(false);
            }
            err.println("error: " + e.getMessage().split("; SQL statement:")[0] + " [SQLState " + e.getSQLState() + "]");
            return false;
        }
    }

    /** Registering parses, validates and compiles the module: say so, with its size when the SQL shows it. */
    private Progress.Step registering(String sql) {
        Matcher m = REGISTER.matcher(sql);
        if (!m.find()) {
            return null;
        }
        Matcher hex = HEX_LITERAL.matcher(sql);
        String size = hex.find() ? " (" + Progress.size(hex.group(1).replaceAll("\\s", "").length() / 2) + ")" : "";
        return new Progress(err).start("registering " + m.group(1) + size + ": validating and compiling");
    }

    private void printResult(Statement s, boolean hasRows) throws SQLException {
        if (hasRows) {
            try (ResultSet rs = s.getResultSet()) {
                ResultTable.print(rs, out);
            }
        } else {
            out.println("(" + s.getUpdateCount() + " rows affected)");
        }
    }

    private void prompt(StatementSplitter splitter) {
        if (interactive) {
            out.print(splitter.isBetweenStatements() ? "sql> " : "  -> ");
            out.flush();
        }
    }
}
