package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {

    @Test
    void readsEveryField() {
        Manifest m = ManifestJson.parse("{\"wasm\":[{\"path\":\"a.wasm\",\"name\":\"lib\"},"
                + "{\"data\":\"AGFzbQEAAAA=\",\"hash\":\"93A44BBB96C751218E4C00D479E4C14358122A389ACCA16205B1E4D0DC5F9476\"},"
                + "{\"url\":\"https://example.com/x.wasm\",\"headers\":{\"a\":\"b\"},\"method\":\"POST\"}],"
                + "\"memory\":{\"max_pages\":4,\"max_http_response_bytes\":100,\"max_var_bytes\":0},"
                + "\"config\":{\"k\":\"v\"},\"allowed_hosts\":[\"*.example.com\"],"
                + "\"allowed_paths\":{\"ro:/tmp\":\"/data\"},\"timeout_ms\":250}");
        assertEquals(3, m.wasm().size());
        assertEquals(WasmSource.Type.PATH, m.wasm().get(0).type());
        assertEquals("lib", m.wasm().get(0).name());
        assertArrayEquals(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, m.wasm().get(1).data());
        assertEquals("93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476", m.wasm().get(1).hash());
        assertEquals("POST", m.wasm().get(2).method());
        assertEquals(Map.of("a", "b"), m.wasm().get(2).headers());
        assertEquals(4, m.maxPages());
        assertEquals(100L, m.effectiveMaxHttpResponseBytes());
        assertEquals(0L, m.effectiveMaxVarBytes());
        assertEquals(Map.of("k", "v"), m.config());
        assertEquals(List.of("*.example.com"), m.allowedHosts());
        assertEquals(Map.of("ro:/tmp", "/data"), m.allowedPaths());
        assertEquals(250L, m.timeoutMs());
    }

    @Test
    void defaultsAreExtisms() {
        Manifest m = ManifestJson.parse("{\"wasm\":[{\"path\":\"a.wasm\"}]}");
        assertNull(m.maxPages());
        assertNull(m.allowedHosts());
        assertNull(m.timeoutMs());
        assertEquals(50L * 1024 * 1024, m.effectiveMaxHttpResponseBytes());
        assertEquals(1024L * 1024, m.effectiveMaxVarBytes());
    }

    @Test
    void writesWhatItReads() {
        String json = "{\"wasm\":[{\"data\":\"AGFzbQEAAAA=\",\"name\":\"main\"}],\"memory\":{\"max_pages\":2},"
                + "\"config\":{\"a\":\"1\"},\"allowed_hosts\":[],\"allowed_paths\":{\"/x\":\"/y\"},\"timeout_ms\":5}";
        Manifest m = ManifestJson.parse(json);
        assertEquals(m, ManifestJson.parse(ManifestJson.toJson(m, true)));
        assertEquals(json, ManifestJson.toJson(m, true));
    }

    @Test
    void unknownFieldsAreNamed() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> ManifestJson.parse("{\"wasm\":[{\"path\":\"a\"}],\"timeout\":5}"));
        assertTrue(e.getMessage().contains("'timeout'"), e.getMessage());
        e = assertThrows(ManifestException.class,
                () -> ManifestJson.parse("{\"wasm\":[{\"path\":\"a\"}],\"memory\":{\"max_page\":5}}"));
        assertTrue(e.getMessage().contains("'memory.max_page'"), e.getMessage());
        e = assertThrows(ManifestException.class, () -> ManifestJson.parse("{\"wasm\":[{\"file\":\"a\"}]}"));
        assertTrue(e.getMessage().contains("'wasm[0].file'"), e.getMessage());
    }

    @Test
    void badValuesAreErrors() {
        assertThrows(ManifestException.class, () -> ManifestJson.parse("not json"));
        assertThrows(ManifestException.class, () -> ManifestJson.parse("{\"wasm\":[]}"));
        assertThrows(ManifestException.class, () -> ManifestJson.parse("{\"wasm\":[{\"path\":\"a\",\"url\":\"b\"}]}"));
        assertThrows(ManifestException.class, () -> ManifestJson.parse("{\"wasm\":[{\"path\":\"a\",\"hash\":\"xyz\"}]}"));
        assertThrows(ManifestException.class, () -> ManifestJson.parse("{\"wasm\":[{\"path\":\"a\"}],\"timeout_ms\":-1}"));
        assertThrows(ManifestException.class, () -> ManifestJson.parse("{\"wasm\":[{\"path\":\"a\"}],\"config\":{\"a\":1}}"));
        assertThrows(ManifestException.class, () -> ManifestJson.parse("{\"wasm\":[{\"data\":\"!!\"}]}"));
        ManifestException e = assertThrows(ManifestException.class,
                () -> ManifestJson.parse("{\"wasm\":[{\"path\":\"a\"}],\"memory\":{\"max_pages\":\"4\"}}"));
        assertTrue(e.getMessage().contains("memory.max_pages"), e.getMessage());
    }

    @Test
    void partialManifestTakesItsModulesLater() {
        Manifest m = ManifestJson.parsePartial("{\"config\":{\"vowels\":\"aeiouy\"}}")
                .addWasm(WasmSource.ofData(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0})).build();
        assertEquals("aeiouy", m.config().get("vowels"));
        assertEquals("{\"config\":{\"vowels\":\"aeiouy\"}}", ManifestJson.settingsToJson(m));
    }

    @Test
    void moduleNamingFollowsExtism() {
        WasmSource a = WasmSource.ofPath("a");
        assertEquals(List.of("main"), WasmEngine.moduleNames(Manifest.builder().addWasm(a.withName("x")).build()));
        assertEquals(List.of("x", "main"), WasmEngine.moduleNames(Manifest.builder().addWasm(a.withName("x")).addWasm(a.withName("y")).build()));
        assertEquals(List.of("main", "y"), WasmEngine.moduleNames(Manifest.builder().addWasm(a).addWasm(a.withName("y")).build()));
        assertThrows(ManifestException.class, () -> WasmEngine.moduleNames(Manifest.builder().addWasm(a.withName("y")).addWasm(a.withName("y")).addWasm(a).build()));
    }

    @Test
    void jsonSyntaxErrorsSayWhereAndWhatWithoutTheParsersWording() {
        Map<String, String> said = Map.of(
                "{\"wasm\": [}", "manifest is not valid JSON at line 1, column 11: unexpected '}'",
                "{\"config\": {\"a\": \"b\",}}",
                "manifest is not valid JSON at line 1, column 22: unexpected '}' (field names need double quotes, and no "
                        + "comma may come before a closing '}')",
                "{\"wasm\": [{\"data\": \"AAA\"}]", "manifest is not valid JSON at line 1, column 27: the text ends early "
                        + "(a closing '}', ']' or '\"' is missing)",
                "{\"timeout_ms\": tru}", "manifest is not valid JSON at line 1, column 19: unexpected word 'tru' (text needs "
                        + "double quotes; the words JSON knows are true, false and null)",
                "{\"timeout_ms\": 1}\n{}", "manifest is not valid JSON at line 2, column 1: more text after the end of the "
                        + "JSON value");
        said.forEach((json, message) -> assertEquals(message,
                assertThrows(ManifestException.class, () -> ManifestJson.parse(json)).getMessage(), json));
        assertEquals("manifest is null", assertThrows(ManifestException.class, () -> ManifestJson.parse(null)).getMessage());
    }
}
