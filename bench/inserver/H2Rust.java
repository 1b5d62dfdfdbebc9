import java.nio.file.*;
import java.sql.*;
import java.util.*;

/**
 * H2 side of bench/inserver: Extism's Rust count_vowels (plugins/wasm/rs_udf.wasm) through wasm_call in
 * one warm H2 JVM, the same 100-byte rows as setup.sh (ROWS of them), against a bare scan and a plain
 * Java alias (the JDK's URLEncoder.encode, as in PostgreSQL). 2 rounds of 7 runs each; the second
 * is printed. usage: java -cp CP:. H2Rust REPO_ROOT ROWS (CP: see bench/BENCHMARKS.md).
 */
public class H2Rust {
    public static void main(String[] a) throws Exception {
        String repo = a[0];
        int rows = Integer.parseInt(a[1]);
        byte[] text = Files.readAllBytes(Path.of(repo, "bench/inputs/text10k.txt"));
        Connection c = DriverManager.getConnection("jdbc:h2:mem:b;DB_CLOSE_DELAY=-1");
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE posts(id INT PRIMARY KEY, body VARCHAR(200))");
            st.execute("SET OPTIMIZE_REUSE_RESULTS FALSE");
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO posts VALUES (?, ?)")) {
            for (int i = 0; i < rows; i++) {
                int off = (int) ((i * 7919L) % (text.length - 100));
                ps.setInt(1, i);
                ps.setString(2, new String(text, off, 100, java.nio.charset.StandardCharsets.US_ASCII));
                ps.addBatch();
                if (i % 5000 == 4999) ps.executeBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        io.wasmudf.h2.WasmUdf.install(c);
        try (PreparedStatement ps = c.prepareStatement("CALL wasm_register('count_vowels', ?)")) {
            ps.setBytes(1, Files.readAllBytes(Path.of(repo, "plugins/wasm/rs_udf.wasm")));
            ps.execute();
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE ALIAS java_urlencode FOR 'java.net.URLEncoder.encode(java.lang.String)'");
        }
        String[][] qs = {{"scan", "body"}, {"java_urlencode", "java_urlencode(body)"},
                {"wasm_call", "wasm_call('count_vowels.rs_count_vowels', body)"}};
        for (int round = 0; round < 2; round++) {
            for (String[] q : qs) {
                List<Double> ms = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT SUM(LENGTH(" + q[1] + ")) FROM posts")) {
                    for (int i = 0; i < 7; i++) {
                        long t = System.nanoTime();
                        try (ResultSet rs = ps.executeQuery()) { rs.next(); }
                        ms.add((System.nanoTime() - t) / 1e6);
                    }
                }
                Collections.sort(ms);
                if (round == 1) System.out.printf("%s: min %.1f ms, median %.1f ms over %d rows (%.2f us/row median)%n",
                        q[0], ms.get(0), ms.get(3), rows, ms.get(3) * 1000 / rows);
            }
        }
    }
}
