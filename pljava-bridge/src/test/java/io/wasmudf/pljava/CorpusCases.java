package io.wasmudf.pljava;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The cases of the plug-in corpus ({@code plugins/cases.json}) that a database can run as they are
 * (one module, no host functions, hosts or paths; WASI is given to modules that import it), each with the outcomes recorded with the
 * official Extism runtime ({@code plugins/expected/results.json}).
 */
final class CorpusCases {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded call: the output bytes, or the error kind (plugin, trap, timeout, oom, other). */
    record Outcome(byte[] output, String errorKind) {
    }

    record Case(String id, String wasmFile, byte[] wasm, String export, byte[] input, String manifest,
                List<Outcome> outcomes) {
        /** The SQLStates acceptable for an error kind; null for "other" (any error will do). */
        static Set<String> states(String kind) {
            switch (kind) {
                case "plugin": return Set.of("38000");
                case "trap": return Set.of("38001");
                case "timeout": return Set.of("57014");
                case "oom": return Set.of("53200", "54000");
                default: return null;
            }
        }
    }

    private CorpusCases() {
    }

    static Path plugins() {
        return SqlScript.repoRoot().resolve("plugins");
    }

    static boolean present() {
        return Files.isRegularFile(plugins().resolve("cases.json"))
                && Files.isRegularFile(plugins().resolve("expected").resolve("results.json"));
    }

    static List<Case> load() {
        try {
            JsonNode cases = JSON.readTree(plugins().resolve("cases.json").toFile());
            JsonNode results = JSON.readTree(plugins().resolve("expected").resolve("results.json").toFile()).get("results");
            List<Case> out = new ArrayList<>();
            for (JsonNode c : cases) {
                JsonNode wasm = c.get("wasm");
                if (wasm.size() != 1 || !wasm.get(0).isTextual() || c.has("host_functions")
                        || c.has("allowed_hosts") || c.has("allowed_paths") || c.path("large").asBoolean()
                        || !results.has(c.get("id").asText())) {
                    continue;
                }
                Path file = plugins().resolve("wasm").resolve(wasm.get(0).asText());
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                ObjectNode m = JSON.createObjectNode();
                if (c.has("config")) {
                    m.set("config", c.get("config"));
                }
                if (c.has("timeout_ms")) {
                    m.set("timeout_ms", c.get("timeout_ms"));
                }
                ObjectNode mem = JSON.createObjectNode();
                for (String k : List.of("max_pages", "max_var_bytes", "max_http_response_bytes")) {
                    if (c.has(k)) {
                        mem.set(k, c.get(k));
                    }
                }
                if (mem.size() > 0) {
                    m.set("memory", mem);
                }
                byte[] input = c.has("input_b64") ? Base64.getDecoder().decode(c.get("input_b64").asText())
                        : c.path("input").asText("").getBytes(StandardCharsets.UTF_8);
                List<Outcome> outcomes = new ArrayList<>();
                for (JsonNode r : results.get(c.get("id").asText())) {
                    JsonNode o = r.get("output_b64");
                    outcomes.add(o == null || o.isNull() ? new Outcome(null, r.path("error_kind").asText("other"))
                            : new Outcome(Base64.getDecoder().decode(o.asText()), null));
                }
                out.add(new Case(c.get("id").asText(), wasm.get(0).asText(), Files.readAllBytes(file),
                        c.get("export").asText(), input, m.size() == 0 ? null : m.toString(), outcomes));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The case on the runtime directly: "out BASE64", "error SQLSTATE" per call, or "registration SQLSTATE". */
    static List<String> direct(CorpusCases.Case k) {
        List<String> out = new ArrayList<>();
        io.wasmudf.runtime.Plugin p;
        try {
            io.wasmudf.runtime.Manifest m = io.wasmudf.runtime.ManifestJson.parsePartial(k.manifest() == null ? "{}" : k.manifest())
                    .addWasm(io.wasmudf.runtime.WasmSource.ofData(k.wasm())).build();
            p = io.wasmudf.runtime.WasmEngine.shared().compile(m, io.wasmudf.runtime.PluginOptions.defaults()).instantiate();
        } catch (io.wasmudf.runtime.WasmException e) {
            out.add("registration " + (e.kind() == io.wasmudf.runtime.WasmException.Kind.NOT_ALLOWED ? "42501" : "22023"));
            return out;
        }
        try (p) {
            for (int i = 0; i < k.outcomes().size(); i++) {
                try {
                    out.add("out " + java.util.Base64.getEncoder().encodeToString(p.call(k.export(), k.input())));
                } catch (io.wasmudf.runtime.WasmException e) {
                    out.add("error " + io.wasmudf.sql.SqlStates.of(e));
                }
            }
        }
        return out;
    }

    static List<String> recorded(CorpusCases.Case k) {
        List<String> out = new ArrayList<>();
        for (CorpusCases.Outcome o : k.outcomes()) {
            out.add(o.output() != null ? "out " + java.util.Base64.getEncoder().encodeToString(o.output()) : "error");
        }
        return out;
    }
}
