package io.wasmudf.cli;

import io.wasmudf.h2.WasmUdf;
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
import java.util.stream.Stream;

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

    static int run(String[] args) {
        PrintStream out = System.out;
        Path root = repoRoot();
        if (root == null) {
            System.err.println("error: cannot find the wasmudf checkout (plugins/ or pljava-bridge/) above "
                    + Path.of("").toAbsolutePath() + "; run from the checkout or set -Dwasmudf.repo.root");
            return 1;
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:wasmudf-demo", "sa", "")) {
            step(out, "Install the extension", "WasmUdf.install(connection)  -- runs sql/h2/install.sql");
            WasmUdf.install(c);
            List<String> registered = registerPlugins(c, root, out);
            if (registered.isEmpty()) {
                System.err.println("error: no plug-ins found under " + root.resolve("plugins/wasm"));
                return 1;
            }
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
                if (registered.contains("count_vowels")) {
                    query(s, out, "Scalar UDF: count_vowels over every row (a warm instance per connection; its running total persists)",
                            "SELECT id, wasm_call('count_vowels', body) AS count_vowels FROM posts");
                    query(s, out, "JSON: the same output as H2 JSON",
                            "SELECT id, wasm_call_json('count_vowels', body) IS JSON OBJECT AS is_object, "
                                    + "wasm_call_json('count_vowels', body) AS result FROM posts WHERE id <= 2");
                }
                if (registered.contains("text")) {
                    query(s, out, "Scalar UDF, plugin.export form: upper-case each body",
                            "SELECT id, wasm_call('text.upper', body) AS upper_body FROM posts");
                    query(s, out, "Bytes in, bytes out", "SELECT wasm_call('text', 'echo', X'cafe00babe') AS echoed");
                }
                String rowsCall = tokenizerCall(registered);
                query(s, out, "Table function: one row per element of a JSON-array output",
                        "SELECT ORDINAL, \"VALUE\" FROM " + rowsCall);
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
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** Registers what the corpus has, and the kernel-ABI fixture as {@code text} (echo, upper, ...). */
    private static List<String> registerPlugins(Connection c, Path root, PrintStream out) throws SQLException, IOException {
        List<String> names = new ArrayList<>();
        Path corpus = root.resolve("plugins/wasm");
        Path countVowels = corpus.resolve("count_vowels.wasm");
        if (Files.exists(countVowels)) {
            names.add(register(c, out, "count_vowels", countVowels));
        }
        Path tokenizer = find(corpus, "token");
        if (tokenizer != null) {
            names.add(register(c, out, "tokenizer", tokenizer));
        }
        Path fixture = root.resolve("pljava-bridge/src/test/resources/fixtures/fixture-v1.wasm");
        if (Files.exists(fixture)) {
            names.add(register(c, out, "text", fixture));
        }
        return names;
    }

    private static String register(Connection c, PrintStream out, String name, Path wasm) throws SQLException, IOException {
        String sql = "SELECT wasm_register('" + name + "', ?) AS sha256";
        step(out, "Register " + root(wasm), sql.replace("?", "<" + Files.size(wasm) + " bytes of " + wasm.getFileName() + ">"));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBytes(1, Files.readAllBytes(wasm));
            try (ResultSet rs = ps.executeQuery()) {
                SqlCommand.Table.print(rs, out);
            }
        }
        return name;
    }

    private static String root(Path p) {
        return p.getParent().getFileName() + "/" + p.getFileName();
    }

    private static String tokenizerCall(List<String> registered) {
        if (registered.contains("tokenizer")) {
            return "wasm_rows('tokenizer', (SELECT body FROM posts WHERE id = 2))";
        }
        return "wasm_rows('text.echo', '[\"wasm\", \"in\", \"h2\", 42, {\"json\": true}]')";
    }

    private static Path find(Path dir, String part) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(part) && p.toString().endsWith(".wasm"))
                    .sorted().findFirst().orElse(null);
        }
    }

    private static void query(Statement s, PrintStream out, String title, String sql) throws SQLException {
        step(out, title, sql);
        try (ResultSet rs = s.executeQuery(sql)) {
            SqlCommand.Table.print(rs, out);
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
            if (Files.isDirectory(p.resolve("plugins/wasm")) || Files.isDirectory(p.resolve("pljava-bridge"))) {
                return p;
            }
        }
        return null;
    }
}
