package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A defined function is an alias onto a class that exists only once wasmudf's class factory makes
 * it: a new JVM whose first statement on a reopened database calls the defined function (no
 * other wasmudf class loaded yet) must still find it. Runs the call in a child JVM ({@link #main}).
 */
class DefinedInNewJvmTest {
    @Test
    @Timeout(300)
    void aNewJvmsFirstStatementFindsTheDefinedFunction(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:" + dir.resolve("db").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            WasmUdf.install(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT wasm_register('rt', ?)")) {
                ps.setBytes(1, TestModules.corpus("rs_typed.wasm"));
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT wasm_define('rt_words', 'rt.words', 'body text', "
                    + "'table(word text, pos bigint)'), wasm_define('rt_wc', 'rt.word_count', 'body text', 'integer')")) {
                ps.execute();
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // surefire puts the module under test on the module path: the child runs everything from the class path
        String cp = System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("jdk.module.path", "");
        Process p = new ProcessBuilder(java.toString(), "-cp", cp,
                DefinedInNewJvmTest.class.getName(), url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("rt_wc: 3"), out);
        assertTrue(out.contains("rt_words: WORLD"), out);
    }

    /** The child: args[0] is the database URL; its first statement calls the defined function. */
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], "sa", "")) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT rt_wc('a b c')")) {
                rs.next();
                System.out.println("rt_wc: " + rs.getInt(1));
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT word FROM rt_words('Hello big WORLD') WHERE pos = 3")) {
                rs.next();
                System.out.println("rt_words: " + rs.getString(1));
            }
        }
    }
}
