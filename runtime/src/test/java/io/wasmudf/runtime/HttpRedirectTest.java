package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every HTTP hop is checked: redirects of {@code http_request} against {@code allowed_hosts}, of a
 * module URL against its own host. libextism 1.41 follows the redirect to 127.0.0.2 and hands the
 * plug-in its body; this runtime refuses it on purpose.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpRedirectTest {
    private static RedirectServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = new RedirectServers(Corpus.wasm("count_vowels.wasm"));
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static String get(String path, List<String> allowedHosts, Long maxResponseBytes) {
        Manifest.Builder m = Manifest.builder().addWasm(WasmSource.ofData(Corpus.wasm("http.wasm")))
                .config("base_url", servers.a("")).allowedHosts(allowedHosts);
        if (maxResponseBytes != null) {
            m.maxHttpResponseBytes(maxResponseBytes);
        }
        try (Plugin p = WasmEngine.shared().compile(m.build(), PluginOptions.builder().logLevel(LogLevel.OFF).build())
                .instantiate()) {
            return p.call("http_get", path);
        }
    }

    @Test
    void redirectToAHostNotAllowedIsRefusedLikeADirectRequest() {
        WasmException viaRedirect = assertThrows(WasmException.class, () -> get("/to-b", List.of("127.0.0.1"), null));
        assertEquals(WasmException.Kind.NOT_ALLOWED, viaRedirect.kind());
        assertEquals("HTTP request to " + servers.b("/secret") + " is not allowed", viaRedirect.getMessage());
        assertFalse(viaRedirect.getMessage().contains(RedirectServers.SECRET));
    }

    @Test
    void redirectToAnAllowedHostIsFollowed() {
        assertTrue(get("/to-b", List.of("127.0.0.1", "127.0.0.2"), null).contains(RedirectServers.SECRET));
        assertTrue(get("/to-hello", List.of("127.0.0.1"), null).contains("\"body\":\"hello from test server\""));
    }

    @Test
    void redirectsStopAfterFiveHops() {
        WasmException e = assertThrows(WasmException.class, () -> get("/loop", List.of("127.0.0.1"), null));
        assertEquals(WasmException.Kind.HOST_ERROR, e.kind());
        assertTrue(e.getMessage().contains("more than 5 redirects"), e.getMessage());
    }

    @Test
    void responseCapCountsTheBodiesOfEveryHop() {
        // 600 bytes of redirect body + the 22-byte final body
        WasmException e = assertThrows(WasmException.class, () -> get("/fat-to-hello", List.of("127.0.0.1"), 610L));
        assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
        assertEquals("HTTP response exceeds the configured maximum number of bytes: 610", e.getMessage());
        assertTrue(get("/fat-to-hello", List.of("127.0.0.1"), 622L).contains("hello from test server"));
    }

    @Test
    void moduleUrlFollowsARedirectOnItsOwnHost() {
        byte[] got = WasmEngine.shared().loadSource(WasmSource.ofUrl(servers.a("/module-here"), Map.of(), null));
        assertArrayEquals(servers.module, got);
    }

    @Test
    void moduleUrlRefusesARedirectToAnotherHost() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> WasmEngine.shared().loadSource(WasmSource.ofUrl(servers.a("/module-to-b"), Map.of(), null)));
        assertTrue(e.getMessage().contains("redirects to " + servers.b("/module")), e.getMessage());
        assertTrue(e.getMessage().contains("may only redirect on its own host"), e.getMessage());
    }

    @Test
    void moduleUrlIsCappedInSize() {
        WasmEngine small = WasmEngine.create(4).withUrlLimits(1000, Duration.ofSeconds(10));
        assertTrue(servers.module.length > 1000);
        ManifestException e = assertThrows(ManifestException.class,
                () -> small.loadSource(WasmSource.ofUrl(servers.a("/module"), Map.of(), null)));
        assertTrue(e.getMessage().endsWith("the module is larger than 1000 bytes"), e.getMessage());
    }

    @Test
    void moduleUrlIsCappedInTimeWhileTheBodyStalls() {
        WasmEngine quick = WasmEngine.create(4).withUrlLimits(1 << 20, Duration.ofMillis(300));
        ManifestException e = assertThrows(ManifestException.class,
                () -> quick.loadSource(WasmSource.ofUrl(servers.a("/stall"), Map.of(), null)));
        assertTrue(e.getMessage().endsWith("no answer within 300 ms"), e.getMessage());
    }
}
