package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Manifest {@code url} sources against a server on the loopback interface: the module is fetched
 * with the source's method and headers, a non-2xx answer or a wrong {@code hash} is a manifest error.
 */
@Timeout(60)
class UrlSourceTest {
    private static final byte[] VOID = Corpus.wasm("void.wasm");
    private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", UrlSourceTest::serve);
        server.start();
        base = TestHttpServer.baseUrl(server);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** {@code /void.wasm} needs {@code Authorization: Bearer t0ken}; everything else is 404. */
    private static void serve(HttpExchange ex) throws IOException {
        REQUESTS.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
        byte[] body;
        int status;
        if (!ex.getRequestURI().getPath().equals("/void.wasm")) {
            status = 404;
            body = "not found".getBytes();
        } else if (!"Bearer t0ken".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            status = 403;
            body = "forbidden".getBytes();
        } else {
            status = 200;
            body = VOID;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static CompiledPlugin compile(WasmSource source) {
        return WasmEngine.create(4).compile(Manifest.builder().addWasm(source).build());
    }

    @Test
    void aModuleIsFetchedWithTheSourcesHeadersAndRuns() {
        REQUESTS.clear();
        CompiledPlugin c = compile(WasmSource.ofUrl(base + "/void.wasm", Map.of("Authorization", "Bearer t0ken"), null));
        try (Plugin p = c.instantiate()) {
            assertEquals("void export ran", p.call("hello", ""));
        }
        assertEquals(List.of("GET /void.wasm"), REQUESTS);
        assertEquals(ModuleCache.sha256(VOID), c.mainModule().sha256());
    }

    @Test
    void theSourcesMethodIsUsed() {
        REQUESTS.clear();
        assertThrows(ManifestException.class, () -> compile(WasmSource.ofUrl(base + "/void.wasm", Map.of(), "POST")));
        assertEquals(List.of("POST /void.wasm"), REQUESTS);
    }

    @Test
    void aUrlSourceFromManifestJsonCarriesItsHeaders() {
        Manifest m = ManifestJson.parse("{\"wasm\": [{\"url\": \"" + base + "/void.wasm\", \"headers\": {\"Authorization\": \"Bearer t0ken\"}, "
                + "\"hash\": \"" + ModuleCache.sha256(VOID) + "\"}]}");
        try (Plugin p = WasmEngine.create(4).compile(m).instantiate()) {
            assertEquals("void export ran", p.call("hello", ""));
        }
    }

    @Test
    void anHttpErrorIsAManifestErrorNamingTheStatus() {
        ManifestException forbidden = assertThrows(ManifestException.class,
                () -> compile(WasmSource.ofUrl(base + "/void.wasm", Map.of(), null)));
        assertEquals("fetching wasm from " + base + "/void.wasm failed: HTTP 403", forbidden.getMessage());
        ManifestException missing = assertThrows(ManifestException.class,
                () -> compile(WasmSource.ofUrl(base + "/nope.wasm", Map.of(), null)));
        assertTrue(missing.getMessage().endsWith("failed: HTTP 404"), missing.getMessage());
    }

    @Test
    void aFetchedModuleIsCheckedAgainstItsHash() {
        ManifestException e = assertThrows(ManifestException.class, () -> compile(
                WasmSource.ofUrl(base + "/void.wasm", Map.of("Authorization", "Bearer t0ken"), null).withHash("00".repeat(32))));
        assertEquals("Hash mismatch, found " + ModuleCache.sha256(VOID) + " but expected " + "00".repeat(32), e.getMessage());
    }

    @Test
    void anUnreachableServerIsAManifestError() throws IOException {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        ManifestException e = assertThrows(ManifestException.class,
                () -> compile(WasmSource.ofUrl("http://127.0.0.1:" + closedPort + "/void.wasm", Map.of(), null)));
        assertEquals("fetching wasm from http://127.0.0.1:" + closedPort + "/void.wasm failed: cannot connect", e.getMessage());
    }

    @Test
    void anUnknownHostIsSaidSoWithoutAJavaClassName() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> compile(WasmSource.ofUrl("http://no-such-host.invalid/void.wasm", Map.of(), null)));
        assertEquals("fetching wasm from http://no-such-host.invalid/void.wasm failed: unknown host", e.getMessage());
    }
}
