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
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The top level and {@code demo}: help, version, unknown words; the demo's progress lines. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true), new PrintStream(err, true));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void topLevelHelpAndVersion() {
        for (String flag : new String[] {"--help", "-h", "help"}) {
            out.reset();
            assertEquals(0, run(flag), flag);
            assertTrue(stdout().startsWith("usage: wasmudf <command>"), stdout());
        }
        out.reset();
        assertEquals(0, run("--version"));
        assertEquals(Version.line() + "\n", stdout());
        out.reset();
        assertEquals(0, run("help", "call"));
        assertTrue(stdout().contains("wasmudf call [flags] wasm_file function"), stdout());
        assertEquals("", err.toString());
    }

    @Test
    void unknownCommandsAndOptionsExitWithTwo() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString().startsWith("unknown command 'frobnicate'\nusage:"), err.toString());
        err.reset();
        assertEquals(2, run("--frobnicate"));
        assertTrue(err.toString().startsWith("unknown option '--frobnicate'\n"), err.toString());
        err.reset();
        assertEquals(2, run());
        assertEquals(0, out.size());
        err.reset();
        assertEquals(2, run("demo", "--no-code-cache", "--code-cache", "x"));
        assertTrue(err.toString().startsWith("error: --code-cache and --no-code-cache are exclusive\n"), err.toString());
        err.reset();
        assertEquals(2, run("demo", "--code-cache"));
        assertTrue(err.toString().startsWith("error: option '--code-cache' needs a folder\n"), err.toString());
    }

    @Test
    void demoHelpPrintsUsageAndDoesNotRunTheDemo() {
        assertEquals(0, run("demo", "--help"));
        assertTrue(stdout().startsWith("usage: wasmudf demo [--code-cache DIR | --no-code-cache]\n"), stdout());
        assertFalse(stdout().contains("=="), stdout());
        assertEquals("", err.toString());
        out.reset();
        assertEquals(0, run("demo", "--version"));
        assertEquals(Version.line() + "\n", stdout());
        out.reset();
        assertEquals(2, run("demo", "--fast"));
        assertTrue(err.toString().startsWith("error: unknown option '--fast'\nusage: wasmudf demo"), err.toString());
        assertEquals(0, out.size());
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void demoShowsCompileProgressOnStderrAndResultsOnStdoutAndKeepsTheCompiledCode(@TempDir Path cache) throws IOException {
        assertEquals(0, run("demo", "--code-cache", cache.toString()), err.toString());
        String progress = err.toString(StandardCharsets.UTF_8);
        for (String name : new String[] {"count_vowels", "udfs", "rs_udf", "as_udf"}) {
            assertTrue(progress.matches("(?s).*wasmudf: registering " + name + " \\(plugins/wasm/" + name
                    + "\\.wasm, [0-9.]+ (bytes|KiB|MiB)\\): compiling \\(or loading the compiled code kept in "
                    + Pattern.quote(cache.toAbsolutePath().toString()) + "\\)\\.\\.\\. done in \\d+ ms\n.*"), progress);
        }
        assertFalse(stdout().contains("wasmudf:"), stdout());
        assertTrue(stdout().contains("== Scalar UDF"), stdout());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(4, files.filter(f -> f.getFileName().toString().endsWith(".code")).count(), "one entry per module");
        }
    }
}
