package io.wasmudf.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wasmudf.runtime.internal.JsonSyntax;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the Extism manifest JSON. Reading is strict, as Extism's own parser is: an
 * unknown field or a value of the wrong type is an error that names the field.
 */
public final class ManifestJson {
    /** Text after the manifest's object is an error, as in Extism's parser. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TOP = Set.of("wasm", "memory", "config", "allowed_hosts", "allowed_paths", "timeout_ms");
    private static final Set<String> MEMORY = Set.of("max_pages", "max_http_response_bytes", "max_var_bytes");
    private static final Set<String> SOURCE = Set.of("path", "url", "data", "name", "hash", "headers", "method");

    private ManifestJson() {
    }

    /** Parses a manifest; the message of the exception names the offending field. */
    public static Manifest parse(String json) {
        return parsePartial(json).build();
    }

    /**
     * Parses the JSON of a manifest that may leave out {@code wasm} (the caller supplies the module,
     * as {@code wasm_register(name, bytes, manifest)} does). Returns a builder so modules can be added.
     */
    public static Manifest.Builder parsePartial(String json) {
        if (json == null) {
            throw new ManifestException("manifest is null");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ManifestException("manifest is not valid JSON " + JsonSyntax.describe(e));
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException("manifest must be a JSON object");
        }
        return builder(root);
    }

    private static Manifest.Builder builder(JsonNode root) {
        checkFields(root, TOP, "");
        Manifest.Builder b = Manifest.builder();
        JsonNode wasm = root.get("wasm");
        if (wasm != null && !wasm.isNull()) {
            if (!wasm.isArray()) {
                throw new ManifestException("field 'wasm' must be an array");
            }
            int i = 0;
            for (JsonNode s : wasm) {
                b.addWasm(source(s, "wasm[" + i++ + "]"));
            }
        }
        JsonNode memory = root.get("memory");
        if (memory != null && !memory.isNull()) {
            if (!memory.isObject()) {
                throw new ManifestException("field 'memory' must be an object");
            }
            checkFields(memory, MEMORY, "memory.");
            Long pages = optionalLong(memory, "max_pages", "memory.");
            if (pages != null && pages > 65536) {
                throw new ManifestException("field 'memory.max_pages' must be at most 65536, got " + pages);
            }
            b.maxPages(pages == null ? null : pages.intValue());
            b.maxHttpResponseBytes(optionalLong(memory, "max_http_response_bytes", "memory."));
            b.maxVarBytes(optionalLong(memory, "max_var_bytes", "memory."));
        }
        JsonNode config = root.get("config");
        if (config != null && !config.isNull()) {
            b.config(stringMap(config, "config"));
        }
        JsonNode hosts = root.get("allowed_hosts");
        if (hosts != null && !hosts.isNull()) {
            if (!hosts.isArray()) {
                throw new ManifestException("field 'allowed_hosts' must be an array of strings");
            }
            b.allowedHosts(new java.util.ArrayList<>());
            for (JsonNode h : hosts) {
                if (!h.isTextual()) {
                    throw new ManifestException("field 'allowed_hosts' must be an array of strings");
                }
                b.allowHost(h.asText());
            }
        }
        JsonNode paths = root.get("allowed_paths");
        if (paths != null && !paths.isNull()) {
            b.allowedPaths(stringMap(paths, "allowed_paths"));
        }
        b.timeoutMs(optionalLong(root, "timeout_ms", ""));
        return b;
    }

    private static WasmSource source(JsonNode s, String where) {
        if (!s.isObject()) {
            throw new ManifestException("field '" + where + "' must be an object with 'path', 'url' or 'data'");
        }
        checkFields(s, SOURCE, where + ".");
        int kinds = (s.has("path") ? 1 : 0) + (s.has("url") ? 1 : 0) + (s.has("data") ? 1 : 0);
        if (kinds != 1) {
            throw new ManifestException("field '" + where + "' must have exactly one of 'path', 'url' or 'data'");
        }
        if (!s.has("url") && (s.has("headers") || s.has("method"))) {
            throw new ManifestException("field '" + where + "': 'headers' and 'method' apply to a 'url' source only");
        }
        WasmSource src;
        if (s.has("path")) {
            src = WasmSource.ofPath(text(s, "path", where));
        } else if (s.has("url")) {
            JsonNode h = s.get("headers");
            Map<String, String> headers = h == null || h.isNull() ? Map.of() : stringMap(h, where + ".headers");
            JsonNode m = s.get("method");
            String method = m == null || m.isNull() ? null : text(s, "method", where);
            src = WasmSource.ofUrl(text(s, "url", where), headers, method);
        } else {
            JsonNode d = s.get("data");
            if (d.isObject()) {
                throw new ManifestException("field '" + where + ".data': a {ptr, len} source only exists inside a native host; give base64 text");
            }
            if (!d.isTextual()) {
                throw new ManifestException("field '" + where + ".data' must be base64 text");
            }
            try {
                src = WasmSource.ofData(Base64.getDecoder().decode(d.asText()));
            } catch (IllegalArgumentException e) {
                throw new ManifestException("field '" + where + ".data' is not valid base64: " + e.getMessage());
            }
        }
        if (s.has("name") && !s.get("name").isNull()) {
            src = src.withName(text(s, "name", where));
        }
        if (s.has("hash") && !s.get("hash").isNull()) {
            String hash = text(s, "hash", where);
            if (!hash.matches("[0-9a-fA-F]{64}")) {
                throw new ManifestException("field '" + where + ".hash' must be a SHA-256 in hex (64 digits), got '" + hash + "'");
            }
            src = src.withHash(hash);
        }
        return src;
    }

    private static void checkFields(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new ManifestException("unknown field '" + prefix + f + "' in manifest; expected one of "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    private static String text(JsonNode obj, String field, String where) {
        JsonNode v = obj.get(field);
        if (v == null || !v.isTextual()) {
            throw new ManifestException("field '" + where + "." + field + "' must be a string");
        }
        return v.asText();
    }

    private static Long optionalLong(JsonNode obj, String field, String prefix) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || v.asLong() < 0 || !v.canConvertToLong()) {
            throw new ManifestException("field '" + prefix + field + "' must be a non-negative integer, got " + v);
        }
        return v.asLong();
    }

    private static Map<String, String> stringMap(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new ManifestException("field '" + field + "' must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new ManifestException("field '" + field + "." + e.getKey() + "' must be a string, got " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /**
     * Writes a manifest as Extism JSON.
     *
     * @param includeData whether inline module bytes are written as base64 (false writes their
     *     size as a placeholder, for messages and logs)
     */
    public static String toJson(Manifest m, boolean includeData) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode wasm = root.putArray("wasm");
        for (WasmSource s : m.wasm()) {
            ObjectNode o = wasm.addObject();
            switch (s.type()) {
                case DATA:
                    if (includeData) {
                        o.put("data", Base64.getEncoder().encodeToString(s.dataUnsafe()));
                    } else {
                        o.put("data", "<" + s.dataUnsafe().length + " bytes>");
                    }
                    break;
                case PATH:
                    o.put("path", s.path());
                    break;
                default:
                    o.put("url", s.url());
                    if (!s.headers().isEmpty()) {
                        ObjectNode h = o.putObject("headers");
                        s.headers().forEach(h::put);
                    }
                    if (s.method() != null) {
                        o.put("method", s.method());
                    }
            }
            if (s.name() != null) {
                o.put("name", s.name());
            }
            if (s.hash() != null) {
                o.put("hash", s.hash());
            }
        }
        if (m.maxPages() != null || m.maxHttpResponseBytes() != null || m.maxVarBytes() != null) {
            ObjectNode mem = root.putObject("memory");
            if (m.maxPages() != null) {
                mem.put("max_pages", m.maxPages());
            }
            if (m.maxHttpResponseBytes() != null) {
                mem.put("max_http_response_bytes", m.maxHttpResponseBytes());
            }
            if (m.maxVarBytes() != null) {
                mem.put("max_var_bytes", m.maxVarBytes());
            }
        }
        if (!m.config().isEmpty()) {
            ObjectNode c = root.putObject("config");
            m.config().forEach(c::put);
        }
        if (m.allowedHosts() != null) {
            ArrayNode h = root.putArray("allowed_hosts");
            m.allowedHosts().forEach(h::add);
        }
        if (m.allowedPaths() != null) {
            ObjectNode p = root.putObject("allowed_paths");
            m.allowedPaths().forEach(p::put);
        }
        if (m.timeoutMs() != null) {
            root.put("timeout_ms", m.timeoutMs());
        }
        return root.toString();
    }

    /** Writes everything but the modules: the grants and limits, as stored beside module bytes. */
    public static String settingsToJson(Manifest m) {
        ObjectNode root = (ObjectNode) readUnchecked(toJson(m, false));
        root.remove("wasm");
        return root.toString();
    }

    private static JsonNode readUnchecked(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
