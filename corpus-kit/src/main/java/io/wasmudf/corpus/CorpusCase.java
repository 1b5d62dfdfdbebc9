package io.wasmudf.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One case of {@code plugins/cases.json} (format in plugins/FORMAT.md) with the outcomes the
 * official runtime recorded for it, one per call. {@link #raw()} keeps the case's JSON, so a
 * field this class does not know yet still reaches a test that does.
 */
public record CorpusCase(String id, List<Module> modules, String export, byte[] input, boolean wasi,
                         String hostFunctions, boolean large, int calls, JsonNode raw,
                         List<RecordedOutcome> recorded) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MEMORY_LIMITS = List.of("max_pages", "max_var_bytes", "max_http_response_bytes");

    /** A module of the manifest's {@code wasm} list: a file of {@code plugins/wasm/}, optional name and hash. */
    public record Module(String file, String name, String hash) {
        public byte[] bytes() {
            return CorpusFiles.wasm(file);
        }
    }

    static CorpusCase parse(JsonNode c, JsonNode results) {
        String id = c.get("id").asText();
        List<Module> modules = new ArrayList<>();
        for (JsonNode w : c.get("wasm")) {
            modules.add(w.isTextual() ? new Module(w.asText(), null, null)
                    : new Module(w.get("file").asText(), text(w, "name"), text(w, "hash")));
        }
        byte[] input = c.has("input_b64") ? Base64.getDecoder().decode(c.get("input_b64").asText())
                : c.path("input").asText("").getBytes(StandardCharsets.UTF_8);
        JsonNode rec = results.get(id);
        if (rec == null) {
            throw new IllegalStateException("no recorded result for case " + id + ": run python3 plugins/record_expected.py --only " + id);
        }
        List<RecordedOutcome> recorded = new ArrayList<>();
        rec.forEach(e -> recorded.add(RecordedOutcome.parse(e)));
        int calls = c.path("calls").asInt(1);
        if (recorded.size() != calls) {
            throw new IllegalStateException(id + ": " + calls + " calls but " + recorded.size() + " recorded outcomes: re-record it");
        }
        return new CorpusCase(id, List.copyOf(modules), c.get("export").asText(), input, c.path("wasi").asBoolean(false),
                text(c, "host_functions"), c.path("large").asBoolean(false), calls, c, List.copyOf(recorded));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    /** True for a case of one unnamed, unhashed module given by its bytes alone (what wasm_register takes). */
    public boolean singlePlainModule() {
        return modules.size() == 1 && modules.get(0).name() == null && modules.get(0).hash() == null;
    }

    public boolean uses(String field) {
        return raw.has(field);
    }

    /**
     * The case's Extism manifest without {@code wasm}: config (with {@code ${BASE_URL}} replaced),
     * allowed_hosts, allowed_paths (host paths made absolute under {@code plugins/}), timeout_ms and
     * the memory limits.
     */
    public ObjectNode manifestSettings(String baseUrl) {
        return manifestSettings(baseUrl, UnaryOperator.identity());
    }

    /** As {@link #manifestSettings(String)}, with {@code hostPath} rewriting each allowed path (a fixture's tree). */
    public ObjectNode manifestSettings(String baseUrl, UnaryOperator<String> hostPath) {
        ObjectNode m = JSON.createObjectNode();
        if (raw.hasNonNull("config")) {
            ObjectNode config = m.putObject("config");
            raw.get("config").fields().forEachRemaining(e ->
                    config.put(e.getKey(), baseUrl == null ? e.getValue().asText() : e.getValue().asText().replace("${BASE_URL}", baseUrl)));
        }
        if (raw.hasNonNull("allowed_hosts")) {
            m.set("allowed_hosts", raw.get("allowed_hosts"));
        }
        if (raw.hasNonNull("allowed_paths")) {
            Path plugins = CorpusFiles.plugins();
            ObjectNode paths = m.putObject("allowed_paths");
            raw.get("allowed_paths").fields().forEachRemaining(e -> {
                String host = e.getKey();
                String prefix = host.startsWith("ro:") ? "ro:" : "";
                paths.put(prefix + plugins.resolve(hostPath.apply(host.substring(prefix.length()))).toAbsolutePath(), e.getValue().asText());
            });
        }
        if (raw.hasNonNull("timeout_ms")) {
            m.set("timeout_ms", raw.get("timeout_ms"));
        }
        ObjectNode memory = JSON.createObjectNode();
        for (String k : MEMORY_LIMITS) {
            if (raw.hasNonNull(k)) {
                memory.set(k, raw.get(k));
            }
        }
        if (memory.size() > 0) {
            m.set("memory", memory);
        }
        return m;
    }

    @Override
    public String toString() {
        return id;
    }
}
