package io.wasmudf.cli;

import static io.wasmudf.cli.Recorded.wasm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wasmudf call} against corpus plug-ins. Outputs and runtime errors are the official
 * runtime's recorded answers; the command-line shape (newline after the output, "Error: " lines,
 * exit status 1 for every failure, pflag's usage wording) is what extism's call.go and cobra do.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return CallCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static byte[] line(byte[] output) {
        byte[] b = java.util.Arrays.copyOf(output, output.length + 1);
        b[output.length] = '\n';
        return b;
    }

    @Test
    void printsTheOutputFollowedByANewlineAsExtismDoes() {
        assertEquals(0, run("", wasm("count_vowels.wasm"), "count_vowels", "--input", "Hello, World!", "--wasi"), stderr());
        assertArrayEquals(line(Recorded.output("count_vowels/basic", 0)), out.toByteArray());
        assertEquals("", stderr());
    }

    @Test
    void loopCallsOneInstanceAndPutsABlankLineAfterEachOutput() throws IOException {
        assertEquals(0, run("", "--wasi", "--loop", "3", wasm("count_vowels.wasm"), "count_vowels", "-i", "Hello, World!"), stderr());
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            want.write(line(Recorded.output("count_vowels/basic", i)));
            want.write('\n');
        }
        assertArrayEquals(want.toByteArray(), out.toByteArray());
    }

    @Test
    void withoutWasiAModuleImportingWasiFailsToLoadWithTheOfficialMessage() {
        assertEquals(1, run("", wasm("count_vowels.wasm"), "count_vowels", "--input", "with wasi"));
        assertEquals("Error: " + Recorded.error("count_vowels/wasi_disabled", 0) + "\n", stderr());
        assertEquals(0, out.size());
    }

    @Test
    void passesConfigAndStdin() {
        assertEquals(0, run("Grace", wasm("greet.wasm"), "greet", "--stdin", "--config", "greeting=Bonjour", "--wasi"), stderr());
        assertArrayEquals(line(Recorded.output("greet/config", 0)), out.toByteArray());
    }

    @Test
    void setConfigTakesJsonAndConfigFlagsWinOverIt() {
        assertEquals(0, run("Grace", wasm("greet.wasm"), "greet", "--stdin", "--wasi",
                "--set-config", "{\"greeting\":\"Hi\"}", "--config=greeting=Bonjour"), stderr());
        assertArrayEquals(line(Recorded.output("greet/config", 0)), out.toByteArray());
        out.reset();
        assertEquals(1, run("", wasm("greet.wasm"), "greet", "--wasi", "--set-config", "[1"));
        assertTrue(stderr().startsWith("Error: invalid value for --set-config flag\n"), stderr());
    }

    @Test
    void aPluginErrorExitsWithOneAndNamesTheExportsCode() {
        assertEquals(1, run("", wasm("greet.wasm"), "fail", "--wasi"));
        assertEquals("Error: " + Recorded.error("greet/fail_code7", 0) + "\nreturned non-zero exit code: 7\n", stderr());
        assertEquals(0, out.size());
    }

    @Test
    void aBareNonZeroReturnIsWordedAsTheGoSdkWordsIt() {
        assertEquals(1, run("", wasm("nonzero.wasm"), "rc3"));
        assertEquals("Error: encountered an unknown error in call to Extism plugin function rc3\n"
                + "returned non-zero exit code: 3\n", stderr());
    }

    @Test
    void timeoutAndMissingExportFailWithOne() {
        assertEquals(1, run("", wasm("loop.wasm"), "spin", "--timeout", "100"));
        assertEquals("Error: timeout\n", stderr());
        err.reset();
        assertEquals(1, run("", wasm("loop.wasm"), "nope"));
        assertTrue(stderr().contains("Function not found: nope"), stderr());
        assertTrue(stderr().endsWith("\nreturned non-zero exit code: 1\n"), stderr());
    }

    @Test
    void aMissingFileIsNamedWithTheReason() {
        assertEquals(1, run("", "nonexist.wasm", "f"));
        assertEquals("Error: open nonexist.wasm: no such file or directory\n", stderr());
    }

    @Test
    void aFolderIsNamedWithTheReason(@TempDir Path dir) {
        assertEquals(1, run("", dir.toString(), "f"));
        assertEquals("Error: read " + dir + ": is a directory\n", stderr());
    }

    @Test
    void aMissingManifestAndAMissingModuleInsideOneAreNamed(@TempDir Path dir) throws IOException {
        assertEquals(1, run("", "-m", dir.resolve("none.json").toString(), "f"));
        assertEquals("Error: open " + dir.resolve("none.json") + ": no such file or directory\n", stderr());
        err.reset();
        Path manifest = dir.resolve("plugin.json");
        Files.writeString(manifest, "{\"wasm\":[{\"path\":\"gone.wasm\"}]}");
        assertEquals(1, run("", "-m", manifest.toString(), "f"));
        assertEquals("Error: open gone.wasm: no such file or directory\n", stderr());
    }

    @Test
    void aPluginThatCannotBeSetUpFailsWithoutAnExitCodeLine(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-folder");
        assertEquals(1, run("", wasm("count_vowels.wasm"), "count_vowels", "--wasi", "--allow-path", missing.toString()));
        assertTrue(stderr().startsWith("Error: ") && stderr().contains(missing.toString()), stderr());
        assertFalse(stderr().contains("returned non-zero exit code"), stderr());
    }

    @Test
    void aManifestNeedsMAndItsPathsAreRelativeToTheWorkingDirectory(@TempDir Path dir) throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        String relative = cwd.relativize(Path.of(wasm("raw_abi.wasm")).toAbsolutePath()).toString();
        Path manifest = dir.resolve("plugin.json");
        Files.writeString(manifest, "{\"wasm\":[{\"path\":\"" + relative + "\"}],\"config\":{\"greeting\":\"hi there\"}}");
        assertEquals(0, run("", "--manifest", manifest.toString(), "config", "--input", "greeting"), stderr());
        assertEquals("hi there\n", out.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, run("", manifest.toString(), "config"));
        assertTrue(stderr().startsWith("Error: ") && stderr().contains("pass -m"), stderr());
    }

    @Test
    void linkAddsNamedModulesBeforeTheMainOne() {
        assertEquals(0, run("", "--link", "lib=" + wasm("lib.wasm"), wasm("linked_main.wasm"), "compute", "-iabcd"), stderr());
        assertArrayEquals(line(Recorded.output("linked/compute", 0)), out.toByteArray());
        out.reset();
        assertEquals(0, run("", "--link", wasm("lib.wasm"), wasm("linked_main.wasm"), "compute", "-i=abcd"), stderr());
        assertArrayEquals(line(Recorded.output("linked/compute", 0)), out.toByteArray());
    }

    @Test
    void logsGoToStderrInGoLogShapeAtErrorByDefault() {
        assertEquals(0, run("", wasm("raw_abi.wasm"), "logs"), stderr());
        String stamp = "\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d ";
        assertTrue(stderr().matches(stamp + "error message\n"), stderr());
        err.reset();
        assertEquals(0, run("", wasm("raw_abi.wasm"), "logs", "--log-level", "info"), stderr());
        assertTrue(stderr().matches("(" + stamp + "(info|warn|error) message\n){3}"), stderr());
    }

    @Test
    void verboseProgressGoesToStderrAndLeavesStdoutClean() {
        assertEquals(0, run("", "-v", wasm("raw_abi.wasm"), "config", "--config", "greeting=hello", "-i", "greeting"), stderr());
        assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(stderr().contains("Creating plugin: compiling (") && stderr().contains("Compiled in "), stderr());
    }

    @Test
    void helpAndVersionAnswerOnStdout() {
        assertEquals(0, run("", "--help"));
        assertTrue(out.toString().contains("Usage:\n  wasmudf call [flags] wasm_file function"), out.toString());
        assertTrue(out.toString().contains("--wasi"), out.toString());
        out.reset();
        assertEquals(0, run("", "-h", "whatever.wasm"));
        assertTrue(out.toString().startsWith("Call a plugin function"), out.toString());
        out.reset();
        assertEquals(0, run("", wasm("raw_abi.wasm"), "echo_u8", "-i", "-h"), "-h as the value of -i is input, as pflag takes it");
        assertEquals("-h\n", out.toString());
        out.reset();
        assertEquals(0, run("", "--version"));
        assertEquals(Version.line() + "\n", out.toString());
        assertTrue(Version.number().matches("\\d+\\.\\d+\\.\\d+.*"), Version.number());
        assertEquals("", stderr());
    }

    @Test
    void usageErrorsAreWordedAsPflagAndExitWithOneAsExtismDoes() {
        assertEquals(1, run("", "only-one-arg"));
        assertTrue(stderr().startsWith("Error: accepts 2 arg(s), received 1\n"), stderr());
        err.reset();
        assertEquals(1, run("", "--nope", "a", "b"));
        assertTrue(stderr().startsWith("Error: unknown flag: --nope\n"), stderr());
        err.reset();
        assertEquals(1, run("", "a", "b", "--timeout"));
        assertTrue(stderr().startsWith("Error: flag needs an argument: --timeout\n"), stderr());
        err.reset();
        assertEquals(1, run("", "a", "b", "--timeout", "soon"));
        assertTrue(stderr().startsWith("Error: invalid argument \"soon\" for \"--timeout\" flag"), stderr());
        err.reset();
        assertEquals(1, run("", "a", "b", "-i", "x", "--stdin"));
        assertTrue(stderr().contains("[input stdin] were all set"), stderr());
        assertEquals(0, out.size());
    }
}
