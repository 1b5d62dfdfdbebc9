package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the host grants beyond the sandbox's defaults, and only when asked: response headers to
 * {@code http_headers} ({@link PluginOptions.Builder#httpResponseHeaders}) and a real clock to WASI
 * ({@link PluginOptions.Builder#wasiClock}).
 */
@Timeout(60)
class HostGrantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    private static String baseUrl;

    @BeforeAll
    static void startServer() throws IOException {
        server = TestHttpServer.start();
        baseUrl = TestHttpServer.baseUrl(server);
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    /** http.wasm's http_post (Go PDK) POSTs its input to ${base_url}/echo and reports the response and its headers. */
    private static JsonNode post(boolean headers) throws IOException {
        Manifest m = Manifest.builder().addWasm(WasmSource.ofData(Corpus.wasm("http.wasm")))
                .config("base_url", baseUrl).allowedHosts(java.util.List.of("127.0.0.1")).build();
        // The interpreter: this 3 MB Go module would take the compiler longer than the test itself.
        PluginOptions o = PluginOptions.builder().mode(ExecutionMode.INTERPRETER).wasi(PluginOptions.Wasi.ON)
                .httpResponseHeaders(headers).build();
        try (Plugin p = WasmEngine.shared().compile(m, o).instantiate()) {
            return JSON.readTree(p.call("http_post", "posted"));
        }
    }

    @Test
    void responseHeadersReachThePlugInOnlyWhenGranted() throws IOException {
        JsonNode off = post(false);
        assertEquals("posted", off.get("body").asText());
        assertEquals(0, off.get("header_count").asInt(), "by default http_headers gives nothing, as Extism's default");
        assertEquals("", off.get("x_test").asText());

        JsonNode on = post(true);
        assertEquals("posted", on.get("body").asText());
        assertEquals("yes", on.get("x_test").asText(), "the test server's x-test header");
        assertTrue(on.get("header_count").asInt() >= 2, "x-test and the server's own headers: " + on);
    }

    /** clock_probe.wasm outputs WASI's realtime clock in nanoseconds since the epoch (u64, little-endian). */
    private static long wasiNow(PluginOptions.Builder options) {
        CompiledPlugin c = WasmEngine.shared().compile(Manifest.of(Corpus.wasm("clock_probe.wasm")),
                options.wasi(PluginOptions.Wasi.ON).build());
        try (Plugin p = c.instantiate()) {
            byte[] out = p.call("now", new byte[0]);
            assertEquals(8, out.length);
            return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }

    @Test
    void theWasiClockIsTheRealOneUnlessReplaced() {
        long start = ChronoUnit.NANOS.between(Instant.EPOCH, Instant.now());
        long real = wasiNow(PluginOptions.builder());
        long end = ChronoUnit.NANOS.between(Instant.EPOCH, Instant.now());
        assertTrue(start <= real && real <= end, "the real wall clock by default, as the official runtime gives");
        assertEquals(0L, wasiNow(PluginOptions.builder().wasiClock(PluginOptions.EPOCH_CLOCK)), "frozen at the epoch on request");
        Instant fixed = Instant.parse("2026-01-02T03:04:05.123456789Z");
        assertEquals(ChronoUnit.NANOS.between(Instant.EPOCH, fixed),
                wasiNow(PluginOptions.builder().wasiClock(Clock.fixed(fixed, ZoneOffset.UTC))), "the granted clock");
        long before = ChronoUnit.NANOS.between(Instant.EPOCH, Instant.now());
        long now = wasiNow(PluginOptions.builder().wasiClock(Clock.systemUTC()));
        long after = ChronoUnit.NANOS.between(Instant.EPOCH, Instant.now());
        assertTrue(before <= now && now <= after, "the system clock, read during the call");
    }
}
