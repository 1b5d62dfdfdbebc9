package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Four connections each run a memory.grow bomb (no max_pages: the host's 4096-page default cap,
 * 256 MiB each) at once in a JVM with -Xmx600m: each must fail with 53200 (the JVM's memory budget
 * refuses the growth), never with the JVM's OutOfMemoryError, and the database must stay open for
 * a fifth connection. Runs in a child JVM ({@link #main}) so the small heap is real.
 */
class MemoryBombsChildJvmTest {
    @Test
    @Timeout(300)
    void fourBombsEachGet53200AndTheDatabaseStaysOpen() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // surefire puts the module under test on the module path: run everything from the class path
        String cp = System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("jdk.module.path", "");
        Process p = new ProcessBuilder(java.toString(), "-Xmx600m", "-cp", cp,
                MemoryBombsChildJvmTest.class.getName(), TestModules.root().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(240, TimeUnit.SECONDS));
        System.out.println("child JVM (-Xmx600m):\n" + out);
        List<String> bombs = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("bomb ")) {
                bombs.add(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        boolean heapRanOut = out.contains("90108") || out.contains("90098") || out.contains("OutOfMemoryError")
                || out.contains("Java heap space");
        assertFalse(heapRanOut, "the JVM's heap ran out: the memory budget did not hold\n" + out);
        assertEquals(List.of("53200", "53200", "53200", "53200"), bombs, out);
        assertEquals(true, out.contains("fifth connection: 42"), out);
    }

    /** The child: args[0] is the repository root. Prints "bomb N: SQLSTATE" and "fifth connection: 42". */
    public static void main(String[] args) throws Exception {
        System.setProperty("wasmudf.repo.root", args[0]);
        String url = "jdbc:h2:mem:bombs;DB_CLOSE_DELAY=-1";
        try (Connection admin = DriverManager.getConnection(url, "sa", "")) {
            WasmUdf.install(admin);
            try (PreparedStatement ps = admin.prepareStatement("SELECT wasm_register('bomb', ?, ?)")) {
                ps.setBytes(1, TestModules.hostile("spin.wasm"));
                ps.setString(2, "{\"timeout_ms\": 120000}");
                ps.execute();
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> bomb(url)));
            }
            for (int i = 0; i < 4; i++) {
                System.out.println("bomb " + (i + 1) + ": " + results.get(i).get(200, TimeUnit.SECONDS));
            }
            pool.shutdown();
            try (Connection fifth = DriverManager.getConnection(url, "sa", "");
                    PreparedStatement ps = fifth.prepareStatement("SELECT 41 + 1");
                    java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                System.out.println("fifth connection: " + rs.getInt(1));
            } catch (SQLException e) {
                System.out.println("fifth connection: " + e.getSQLState() + " " + e.getMessage());
            }
        } catch (Throwable t) {
            System.out.println("child failed: " + t);
        }
        System.out.flush();
        System.exit(0);
    }

    private static String bomb(String url) {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                PreparedStatement ps = c.prepareStatement("SELECT wasm_call('bomb', 'grow_forever', X'')")) {
            ps.executeQuery();
            return "no error";
        } catch (SQLException e) {
            return e.getSQLState() + (e.getSQLState().equals("53200") ? "" : " " + e.getMessage());
        } catch (Throwable t) {
            return t.toString();
        }
    }

}
