package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of the plug-in corpus ({@code plugins/cases.json}) through this runtime and
 * compares with what the official Extism runtime answered ({@code plugins/expected/results.json}):
 * outputs byte for byte, plug-in error messages exactly, other failures by kind. Runs under both
 * execution modes.
 */
class CorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    private static String baseUrl;

    @BeforeAll
    static void startServer() throws IOException {
        server = TestHttpServer.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @TestFactory
    Stream<DynamicTest> compiler() throws IOException {
        return cases(ExecutionMode.COMPILER);
    }

    @TestFactory
    Stream<DynamicTest> interpreter() throws IOException {
        return cases(ExecutionMode.INTERPRETER);
    }

    private Stream<DynamicTest> cases(ExecutionMode mode) throws IOException {
        Path plugins = Corpus.plugins();
        Path casesFile = plugins.resolve("cases.json");
        Path resultsFile = plugins.resolve("expected/results.json");
        assumeTrue(Files.exists(casesFile) && Files.exists(resultsFile), "corpus not recorded yet");
        JsonNode cases = JSON.readTree(casesFile.toFile());
        JsonNode results = JSON.readTree(resultsFile.toFile()).get("results");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases.isArray() ? cases : cases.get("cases")) {
            String id = c.get("id").asText();
            JsonNode expected = results.get(id);
            if (mode == ExecutionMode.INTERPRETER && c.path("large").asBoolean()) {
                continue; // megabytes through the interpreter only slow the suite; the compiler run covers it
            }
            tests.add(DynamicTest.dynamicTest(id, () -> {
                assertNotNull(expected, "no recorded result for case " + id + ": run plugins/record_expected.py");
                run(c, expected, mode, plugins);
            }));
        }
        return tests.stream();
    }

    private void run(JsonNode c, JsonNode expected, ExecutionMode mode, Path plugins) throws IOException {
        try (CaseFixture fixture = CaseFixture.forCase(c, plugins)) {
            run(c, expected, mode, plugins, fixture);
        }
    }

    private void run(JsonNode c, JsonNode expected, ExecutionMode mode, Path plugins, CaseFixture fixture) throws IOException {
        String id = c.get("id").asText();
        String export = c.get("export").asText();
        Manifest manifest = manifest(c, plugins, fixture);
        PluginOptions.Builder ob = PluginOptions.builder().name(id).mode(mode).logLevel(LogLevel.OFF);
        JsonNode wasi = c.get("wasi");
        // The official SDK links WASI only when asked; our AUTO default is not what a case measures.
        ob.wasi(wasi != null && wasi.asBoolean() ? PluginOptions.Wasi.ON : PluginOptions.Wasi.OFF);
        JsonNode hf = c.get("host_functions");
        if (hf != null && "kv".equals(hf.asText())) {
            ob.hostFunctions(KvHostFunctions.create());
        }
        byte[] input = c.has("input_b64") ? Base64.getDecoder().decode(c.get("input_b64").asText())
                : c.path("input").asText("").getBytes(StandardCharsets.UTF_8);
        int calls = c.path("calls").asInt(1);
        List<JsonNode> outcomes = new ArrayList<>();
        expected.forEach(outcomes::add);
        assertEquals(calls, outcomes.size(), id + ": recorded calls");

        CompiledPlugin compiled;
        try {
            compiled = WasmEngine.shared().withBaseDir(plugins).compile(manifest, ob.build());
        } catch (WasmException e) {
            // the official runtime must have failed to load it as well
            JsonNode first = outcomes.get(0);
            if (first.path("error").isNull() || first.path("error").isMissingNode()) {
                fail(id + ": official runtime loaded the plug-in, we did not: " + e.getMessage(), e);
            }
            return;
        }
        try (Plugin p = compiled.instantiate()) {
            for (int i = 0; i < calls; i++) {
                JsonNode want = outcomes.get(i);
                String where = id + " (" + export + ", call " + (i + 1) + ")";
                byte[] got = null;
                WasmException error = null;
                try {
                    got = p.call(export, input);
                } catch (WasmException e) {
                    error = e;
                }
                if (want.hasNonNull("output_sha256")) {
                    if (error != null) {
                        fail(where + ": expected output, got " + error.kind() + ": " + error.getMessage(), error);
                    }
                    assertEquals(want.get("output_length").asLong(), got.length, where + ": output length");
                    assertEquals(want.get("output_sha256").asText(), ModuleCache.sha256(got), where + ": output SHA-256");
                } else if (want.hasNonNull("output_b64")) {
                    if (error != null) {
                        fail(where + ": expected output, got " + error.kind() + ": " + error.getMessage(), error);
                    }
                    assertEquals(want.get("output_b64").asText(), Base64.getEncoder().encodeToString(got),
                            where + ": output differs; ours as text: " + new String(got, StandardCharsets.UTF_8));
                } else {
                    if (error == null) {
                        fail(where + ": expected error '" + want.path("error").asText() + "', got output "
                                + new String(got, StandardCharsets.UTF_8));
                    }
                    checkError(where, want, error);
                }
            }
        }
    }

    private static void checkError(String where, JsonNode want, WasmException error) {
        String kind = want.path("error_kind").asText("other");
        String message = want.path("error").asText();
        switch (kind) {
            case "plugin": {
                // The Python SDK words a bare non-zero return as "Error code: N"; the Rust API as ours does.
                java.util.regex.Matcher bare = java.util.regex.Pattern.compile("Error code: (-?\\d+)").matcher(message);
                if (bare.matches()) {
                    PluginException pe = assertInstanceOf(PluginException.class, error, where);
                    assertEquals(Integer.parseInt(bare.group(1)), pe.code(), where + ": exit code");
                    assertNull(pe.pluginMessage(), where + ": no plug-in message expected");
                    assertEquals("Returned non-zero exit code: " + bare.group(1), error.getMessage(), where);
                } else {
                    assertEquals(message, error.getMessage(), where + ": plug-in error message");
                }
                break;
            }
            case "exit": {
                PluginException pe = assertInstanceOf(PluginException.class, error, where);
                assertEquals(want.get("exit_code").asInt(), pe.code(), where + ": exit code");
                break;
            }
            case "timeout":
                assertEquals(WasmException.Kind.TIMEOUT, error.kind(), where + ": " + error.getMessage());
                break;
            case "oom":
                assertEquals(WasmException.Kind.OUT_OF_MEMORY, error.kind(), where + ": " + error.getMessage());
                break;
            case "trap":
                assertEquals(WasmException.Kind.TRAP, error.kind(), where + ": " + error.getMessage());
                break;
            default:
                // the official runtime failed in a way it does not classify; any failure of ours agrees
                break;
        }
    }

    private Manifest manifest(JsonNode c, Path plugins, CaseFixture fixture) throws IOException {
        Manifest.Builder b = Manifest.builder();
        for (JsonNode w : c.get("wasm")) {
            if (w.isTextual()) {
                b.addWasm(WasmSource.ofData(Corpus.wasm(w.asText())));
            } else {
                WasmSource s = WasmSource.ofData(Corpus.wasm(w.get("file").asText()));
                if (w.hasNonNull("name")) {
                    s = s.withName(w.get("name").asText());
                }
                if (w.hasNonNull("hash")) {
                    s = s.withHash(w.get("hash").asText());
                }
                b.addWasm(s);
            }
        }
        if (c.hasNonNull("config")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = c.get("config").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                b.config(e.getKey(), e.getValue().asText().replace("${BASE_URL}", baseUrl));
            }
        }
        if (c.hasNonNull("allowed_hosts")) {
            List<String> hosts = new ArrayList<>();
            c.get("allowed_hosts").forEach(h -> hosts.add(h.asText()));
            b.allowedHosts(hosts);
        }
        if (c.hasNonNull("allowed_paths")) {
            Map<String, String> paths = new HashMap<>();
            c.get("allowed_paths").fields().forEachRemaining(e -> {
                String host = e.getKey();
                String prefix = host.startsWith("ro:") ? "ro:" : "";
                String rel = fixture.substitute(host.substring(prefix.length()));
                paths.put(prefix + plugins.resolve(rel).toAbsolutePath(), e.getValue().asText());
            });
            b.allowedPaths(paths);
        }
        if (c.hasNonNull("timeout_ms")) {
            b.timeoutMs(c.get("timeout_ms").asLong());
        }
        if (c.hasNonNull("max_pages")) {
            b.maxPages(c.get("max_pages").asInt());
        }
        if (c.hasNonNull("max_var_bytes")) {
            b.maxVarBytes(c.get("max_var_bytes").asLong());
        }
        if (c.hasNonNull("max_http_response_bytes")) {
            b.maxHttpResponseBytes(c.get("max_http_response_bytes").asLong());
        }
        return b.build();
    }
}
