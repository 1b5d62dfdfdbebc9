package io.wasmudf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wasmudf call} against corpus plug-ins, checked against the official runtime's recorded outputs. */
class CallCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static Path root() {
        String p = System.getProperty("wasmudf.repo.root");
        return p != null ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
    }

    private static String wasm(String name) {
        return root().resolve("plugins/wasm").resolve(name).toString();
    }

    private int run(String stdin, String... args) {
        return CallCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true));
    }

    /** The first recorded output of a corpus case, from plugins/expected/results.json. */
    private static byte[] recorded(String id) throws IOException {
        var results = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(root().resolve("plugins/expected/results.json").toFile()).get("results");
        return Base64.getDecoder().decode(results.get(id).get(0).get("output_b64").asText());
    }

    @Test
    void printsTheOutputBytesExactly() throws IOException {
        assertEquals(0, run("", wasm("count_vowels.wasm"), "count_vowels", "--input", "Hello, World!", "--wasi"), err.toString());
        assertArrayEquals(recorded("count_vowels/basic"), out.toByteArray());
    }

    @Test
    void passesConfigAndStdin() throws IOException {
        assertEquals(0, run("Grace", wasm("greet.wasm"), "greet", "--stdin", "--config", "greeting=Bonjour"), err.toString());
        assertArrayEquals(recorded("greet/config"), out.toByteArray());
    }

    @Test
    void exitsWithThePluginsCodeAndPrintsItsMessage() throws IOException {
        int rc = run("", wasm("greet.wasm"), "fail");
        assertEquals(7, rc);
        String recordedMessage = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(root().resolve("plugins/expected/results.json").toFile())
                .get("results").get("greet/fail_code7").get(0).get("error").asText();
        assertTrue(err.toString().contains(recordedMessage), err.toString());
        assertEquals(0, out.size());
    }

    @Test
    void timeoutAndMissingExportFail() {
        assertEquals(1, run("", wasm("loop.wasm"), "spin", "--timeout", "100"));
        assertTrue(err.toString().contains("timeout"), err.toString());
        err.reset();
        assertEquals(1, run("", wasm("loop.wasm"), "nope"));
        assertTrue(err.toString().contains("Function not found: nope"), err.toString());
    }

    @Test
    void readsAManifestWithPathsRelativeToIt(@TempDir Path dir) throws IOException {
        Files.copy(Path.of(wasm("raw_abi.wasm")), dir.resolve("m.wasm"));
        Path manifest = dir.resolve("plugin.json");
        Files.writeString(manifest, "{\"wasm\":[{\"path\":\"m.wasm\"}],\"config\":{\"greeting\":\"hi there\"}}");
        assertEquals(0, run("", manifest.toString(), "config", "--input", "greeting"), err.toString());
        assertEquals("hi there", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void logsGoToStderrAtTheRequestedLevel() {
        assertEquals(0, run("", wasm("raw_abi.wasm"), "logs", "--log-level", "info"), err.toString());
        String logs = err.toString();
        assertTrue(logs.contains("INFO ") && !logs.contains("DEBUG "), logs);
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, run("", "only-one-arg"));
        assertTrue(err.toString().contains("usage: wasmudf call"), err.toString());
    }
}
