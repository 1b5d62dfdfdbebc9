package io.wasmudf.cli;

import io.wasmudf.h2.WasmUdf;
import io.wasmudf.runtime.DirectoryCodeCache;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wasmudf demo}: an in-memory H2 database, the extension installed, plug-ins from the corpus
 * registered, a table of sample rows, and a few queries over it printed as tables.
 */
final class DemoCommand {
    private static final String[] POSTS = {
        "Hello, World!",
        "WebAssembly plug-ins run inside the database",
        "Extism makes the same plug-in work in many hosts",
        "H2 calls Java; Java calls Wasm",
        "¿Qué tal? Ünïcode passes through as UTF-8",
    };

    private DemoCommand() {
    }

    static final String USAGE = "usage: wasmudf demo [--code-cache DIR | --no-code-cache]\n"
            + "  Creates an in-memory H2 database, installs the wasm_* functions, registers four plug-ins\n"
            + "  from plugins/wasm/ (Go, Rust, AssemblyScript) and runs queries over a table of rows.\n"
            + "  Results go to stdout; progress (compiling each module) to stderr. The database is not\n"
            + "  kept; the compiled code is, in the same folder as `wasmudf call` uses, so the next run\n"
            + "  loads it instead of compiling.\n"
            + "  -h, --help             this text\n"
            + "      --code-cache DIR   keep compiled code in this folder (default ~/.cache/wasmudf)\n"
            + "      --no-code-cache    neither read nor write compiled code\n"
            + "      --version          print the version\n";

    static int run(String[] args, PrintStream out, PrintStream err) {
        int answered = InfoFlags.answer(args, USAGE, out);
        if (answered >= 0) {
            return answered;
        }
        DirectoryCodeCache codeCache;
        try {
            codeCache = codeCache(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Path root = repoRoot();
        if (root == null) {
            err.println("error: cannot find the wasmudf checkout (plugins/wasm/) above "
                    + Path.of("").toAbsolutePath() + "; run from the checkout or set -Dwasmudf.repo.root");
            return 1;
        }
        WasmUdf.useLocalCodeCache(codeCache);
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:wasmudf-demo", "sa", "")) {
            step(out, "Install the extension", "WasmUdf.install(connection)  -- runs sql/h2/install.sql");
            WasmUdf.install(c);
            registerPlugins(c, root, out, new Progress(err), codeCache);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE posts(id INT PRIMARY KEY, body VARCHAR)");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO posts VALUES (?, ?)")) {
                    for (int i = 0; i < POSTS.length; i++) {
                        ps.setInt(1, i + 1);
                        ps.setString(2, POSTS[i]);
                        ps.executeUpdate();
                    }
                }
                query(s, out, "The plug-in store", "SELECT NAME, SIZE, VERSION, EXPORTS FROM wasm_plugins()");
                query(s, out, "Sample rows", "SELECT * FROM posts");
                query(s, out, "Scalar UDF (Go PDK): count_vowels over every row; the running total lives in the"
                        + " connection's warm instance", "SELECT id, wasm_call('count_vowels', body) AS count_vowels FROM posts");
                query(s, out, "Row UDFs, plugin.export form (Go PDK): normalise text, checksum bytes",
                        "SELECT id, wasm_call('udfs.normalize', body) AS normalized, "
                                + "LEFT(wasm_call('udfs.checksum', body), 16) AS sha256_prefix FROM posts");
                query(s, out, "Polyglot: the same rows through Rust (extism-pdk) and AssemblyScript (as-pdk) plug-ins",
                        "SELECT id, wasm_call('rs_udf', 'rs_uppercase', body) AS rust_upper, "
                                + "wasm_call('as_udf', 'as_reverse_words', body) AS as_reversed FROM posts WHERE id <= 3");
                query(s, out, "JSON in, JSON out: extract a field, returned as H2 JSON",
                        "SELECT wasm_call_json('udfs.json_extract', '{\"doc\": {\"user\": {\"name\": \"Ada\", \"langs\": [\"go\", \"rust\"]}},"
                                + " \"path\": \"user.langs\"}') AS langs");
                query(s, out, "Table function: a tokenizer's JSON array as rows",
                        "SELECT ORDINAL, \"VALUE\" AS token FROM wasm_rows('udfs.tokenize', (SELECT body FROM posts WHERE id = 3))");
                query(s, out, "Per-connection instance cache", "SELECT PLUGIN, INSTANCES, CALLS, ERRORS, HITS, MISSES, EVICTIONS, "
                        + "ROUND(WASM_MS, 3) AS WASM_MS, MEMORY_BYTES FROM wasm_cache_stats()");
                step(out, "Errors are SQLExceptions with a SQLState", "SELECT wasm_call('nope', 'x')");
                try {
                    s.executeQuery("SELECT wasm_call('nope', 'x')");
                } catch (SQLException e) {
                    out.println("SQLState " + e.getSQLState() + ": " + e.getMessage().split("; SQL statement:")[0].trim());
                }
            }
            WasmUdf.closeCaches();
            return 0;
        } catch (SQLException | IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } finally {
            WasmUdf.useLocalCodeCache(null);
        }
    }

    /** The folder of {@code --code-cache DIR} (else the default one), or null with {@code --no-code-cache}. */
    private static DirectoryCodeCache codeCache(String[] args) {
        Path dir = DirectoryCodeCache.defaultDirectory();
        boolean none = false;
        boolean named = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--no-code-cache")) {
                none = true;
            } else if (a.equals("--code-cache") && i + 1 < args.length) {
                dir = Path.of(args[++i]);
                named = true;
            } else if (a.startsWith("--code-cache=")) {
                dir = Path.of(a.substring("--code-cache=".length()));
                named = true;
            } else {
                throw new IllegalArgumentException(a.equals("--code-cache") ? "option '--code-cache' needs a folder"
                        : "unknown " + (a.startsWith("-") ? "option '" : "argument '") + a + "'");
            }
        }
        if (none && named) {
            throw new IllegalArgumentException("--code-cache and --no-code-cache are exclusive");
        }
        return none ? null : DirectoryCodeCache.of(dir);
    }

    /** The corpus plug-ins the demo uses, by the name they are registered under. */
    private static final String[][] PLUGINS = {
        {"count_vowels", "count_vowels.wasm"},
        {"udfs", "udfs.wasm"},
        {"rs_udf", "rs_udf.wasm"},
        {"as_udf", "as_udf.wasm"},
    };

    private static List<String> registerPlugins(Connection c, Path root, PrintStream out, Progress progress,
            DirectoryCodeCache codeCache) throws SQLException, IOException {
        String how = codeCache == null ? "validating and compiling"
                : "compiling (or loading the compiled code kept in " + codeCache.directory() + ")";
        List<String> names = new ArrayList<>();
        for (String[] p : PLUGINS) {
            Path wasm = root.resolve("plugins/wasm").resolve(p[1]);
            if (!Files.exists(wasm)) {
                throw new IOException("missing " + wasm + " (rebuild with plugins/build.sh)");
            }
            names.add(register(c, out, progress, p[0], wasm, how));
        }
        return names;
    }

    private static String register(Connection c, PrintStream out, Progress progress, String name, Path wasm, String how)
            throws SQLException, IOException {
        String sql = "SELECT wasm_register('" + name + "', ?) AS sha256";
        long size = Files.size(wasm);
        step(out, "Register " + root(wasm), sql.replace("?", "<" + size + " bytes of " + wasm.getFileName() + ">"));
        out.flush();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBytes(1, Files.readAllBytes(wasm));
            Progress.Step compiling = progress.start("registering " + name + " (" + root(wasm) + ", "
                    + Progress.size(size) + "): " + how);
            try (ResultSet rs = ps.executeQuery()) {
                compiling.done();
                ResultTable.print(rs, out);
            } catch (SQLException e) {
                compiling.failed();
                throw e;
            }
        }
        return name;
    }

    /** {@code plugins/wasm/NAME.wasm}: where the file is in the checkout. */
    private static String root(Path p) {
        return "plugins/wasm/" + p.getFileName();
    }

    private static void query(Statement s, PrintStream out, String title, String sql) throws SQLException {
        step(out, title, sql);
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultTable.print(rs, out);
        }
    }

    private static void step(PrintStream out, String title, String sql) {
        out.println();
        out.println("== " + title);
        out.println("   " + sql);
    }

    /** {@code wasmudf.repo.root} (set by bin/wasmudf), else the first parent with plugins/ or pljava-bridge/. */
    static Path repoRoot() {
        String prop = System.getProperty("wasmudf.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("plugins/wasm"))) {
                return p;
            }
        }
        return null;
    }
}
