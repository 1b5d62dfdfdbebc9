package io.wasmudf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code wasmudf sql}: quit words, help and version, the default database, file errors, progress. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqlCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private static int databases;

    private int run(String stdin, String... args) {
        return SqlCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true));
    }

    private static String memUrl() {
        return "jdbc:h2:mem:sqltest" + (++databases);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quit", "exit", "\\q", "QUIT;", "  exit  "})
    void aQuitWordBetweenStatementsEndsTheShell(String word) {
        assertEquals(0, run("SELECT 11 AS first;\n" + word + "\nSELECT 22 AS second;\n", "--url", memUrl()), err.toString());
        assertTrue(stdout().contains("11"), stdout());
        assertFalse(stdout().contains("22"), stdout());
    }

    @Test
    void aQuitWordInsideAStatementIsSql() {
        assertEquals(0, run("SELECT 33 AS\nexit\n;\n", "--url", memUrl()), err.toString());
        assertTrue(stdout().startsWith("EXIT\n"), stdout());
        assertTrue(stdout().contains("33"), stdout());
    }

    @Test
    void theEndOfInputEndsTheShellAndRunsAnUnterminatedLastStatement() {
        assertEquals(0, run("SELECT 44 AS a;\nSELECT 'semi;colon' AS b", "--url", memUrl()), err.toString());
        assertTrue(stdout().contains("44") && stdout().contains("semi;colon"), stdout());
    }

    @Test
    void aFailingScriptStatementStopsWithOne() {
        assertEquals(1, run("SELECT wasm_call('nope', 'x');\nSELECT 55;\n", "--url", memUrl()));
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains("[SQLState 42704]"), err.toString());
        assertFalse(stdout().contains("55"), stdout());
    }

    @Test
    void helpAndVersionDoNotOpenADatabase() {
        assertEquals(0, run("", "--help"));
        assertTrue(stdout().startsWith("usage: wasmudf sql"), stdout());
        assertTrue(stdout().contains("quit, exit, \\q or Ctrl-D"), stdout());
        out.reset();
        assertEquals(0, run("", "--url", memUrl(), "-c", "SELECT '--help' AS h"), "an option's value is not a flag");
        assertTrue(stdout().contains("--help") && !stdout().contains("usage:"), stdout());
        out.reset();
        assertEquals(0, run("", "--version"));
        assertEquals(Version.line() + "\n", stdout());
        assertEquals("", err.toString());
    }

    @Test
    void anUnknownOptionExitsWithTwo() {
        assertEquals(2, run("", "--nope"));
        assertTrue(err.toString().startsWith("error: unknown option '--nope'\n"), err.toString());
    }

    @Test
    void aMissingScriptFileIsNamedWithTheReason() {
        assertEquals(1, run("", "--url", memUrl(), "-f", "no-such-script.sql"));
        assertEquals("error: open no-such-script.sql: no such file or directory\n", err.toString());
    }

    @Test
    void withoutUrlItSaysWhereItCreatesTheDatabaseThenThatItUsesIt(@TempDir Path dir) {
        String before = System.getProperty("wasmudf.data.dir");
        System.setProperty("wasmudf.data.dir", dir.resolve("data").toString());
        try {
            Path file = dir.resolve("data").resolve("wasmudf-db.mv.db");
            assertEquals(0, run("", "-c", "CREATE TABLE t(x INT)"), err.toString());
            assertEquals("wasmudf: creating the database " + file + " (no --url given)\n", err.toString());
            assertTrue(Files.exists(file));
            err.reset();
            assertEquals(0, run("", "-c", "SELECT COUNT(*) AS n FROM t"), err.toString());
            assertEquals("wasmudf: using the database " + file + " (no --url given)\n", err.toString());
        } finally {
            if (before == null) {
                System.clearProperty("wasmudf.data.dir");
            } else {
                System.setProperty("wasmudf.data.dir", before);
            }
        }
    }

    @Test
    void registeringShowsProgressWithTheSizeOnStderrOnly() throws IOException {
        byte[] wasm = Files.readAllBytes(Path.of(Recorded.wasm("raw_abi.wasm")));
        String sql = "SELECT wasm_register('raw', X'" + HexFormat.of().formatHex(wasm) + "') IS NOT NULL AS ok";
        assertEquals(0, run("", "--url", memUrl(), "-c", sql), err.toString());
        assertTrue(err.toString().matches("wasmudf: registering raw \\(" + java.util.regex.Pattern.quote(Progress.size(wasm.length))
                + "\\): validating and compiling\\.\\.\\. done in \\d+ ms\n"), err.toString());
        assertTrue(stdout().startsWith("OK\n") && stdout().contains("TRUE"), stdout());
        assertFalse(stdout().contains("wasmudf:"), stdout());
    }
}
