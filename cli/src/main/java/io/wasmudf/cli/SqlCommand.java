package io.wasmudf.cli;

import io.wasmudf.h2.WasmUdf;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code wasmudf sql [--url JDBC_URL] [--user U] [--password P] [-c SQL | -f FILE]}: runs SQL on H2
 * with the wasm_* functions installed; with neither -c nor -f, reads statements from stdin (a
 * shell when stdin is a terminal). Without {@code --url} it uses {@link DefaultDatabase} and
 * says on stderr which file that is and whether it was just created.
 */
final class SqlCommand {
    static final String USAGE = "usage: wasmudf sql [--url JDBC_URL] [--user USER] [--password PW] [-c SQL | -f FILE]\n"
            + "  Runs SQL on H2 with the wasm_* functions installed. With neither -c nor -f it reads stdin;\n"
            + "  at a terminal that is a shell: end statements with ';', leave with quit, exit, \\q or Ctrl-D.\n"
            + "  Without --url the database is the file wasmudf-db.mv.db in the user's data folder\n"
            + "  ($WASMUDF_DATA_DIR, else $XDG_DATA_HOME/wasmudf, else ~/.local/share/wasmudf);\n"
            + "  jdbc:h2:mem: gives a database that lives only as long as the shell.\n"
            + "  -h, --help     this text\n"
            + "      --version  print the version\n";

    private SqlCommand() {
    }

    /** The parsed command line. */
    private static final class Options {
        String url;
        String user = "sa";
        String password = "";
        String sql;
        Path file;
        boolean help;
        boolean version;
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o.help || o.version) {
            out.print(o.help ? USAGE : Version.line() + "\n");
            out.flush();
            return 0;
        }
        String url = o.url != null ? o.url : defaultUrl(err);
        if (url == null) {
            return 1;
        }
        try (Connection c = DriverManager.getConnection(url, o.user, o.password)) {
            installIfAdmin(c);
            boolean interactive = o.sql == null && o.file == null && System.console() != null;
            if (interactive) {
                out.println("wasmudf SQL on " + url + " (end statements with ';'; quit, exit, \\q or Ctrl-D to leave)");
            }
            try (BufferedReader in = reader(o, stdin)) {
                return new SqlShell(out, err, interactive, SlowNotice.standard(new Progress(err))).run(c, in);
            }
        } catch (SQLException e) {
            err.println("error: " + e.getMessage() + " [SQLState " + e.getSQLState() + "]");
            return 1;
        } catch (IOException e) {
            err.println("error: " + (o.file != null ? FileError.describe(o.file.toString(), e) : e.getMessage()));
            return 1;
        }
    }

    private static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url":
                    o.url = value(args, ++i);
                    break;
                case "--user":
                    o.user = value(args, ++i);
                    break;
                case "--password":
                    o.password = value(args, ++i);
                    break;
                case "-c":
                    o.sql = value(args, ++i);
                    break;
                case "-f":
                    o.file = Path.of(value(args, ++i));
                    break;
                case "-h":
                case "--help":
                    o.help = true;
                    break;
                case "--version":
                    o.version = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (o.sql != null && o.file != null) {
            throw new IllegalArgumentException("give -c or -f, not both");
        }
        return o;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static BufferedReader reader(Options o, InputStream stdin) throws IOException {
        if (o.sql != null) {
            return new BufferedReader(new StringReader(o.sql));
        }
        if (o.file != null) {
            return Files.newBufferedReader(o.file, StandardCharsets.UTF_8);
        }
        return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    }

    /** The default database's URL, after saying on stderr where it is; null if its folder cannot be made. */
    private static String defaultUrl(PrintStream err) {
        DefaultDatabase db = DefaultDatabase.forThisUser();
        boolean exists = Files.exists(db.file());
        try {
            Files.createDirectories(db.folder());
        } catch (IOException e) {
            err.println("error: cannot create the folder for the default database: "
                    + FileError.describe(db.folder().toString(), e) + "; pass --url");
            return null;
        }
        err.println("wasmudf: " + (exists ? "using the database " : "creating the database ") + db.file()
                + " (no --url given)");
        return db.url();
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
}
