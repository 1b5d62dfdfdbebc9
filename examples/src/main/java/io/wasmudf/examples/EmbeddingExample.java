package io.wasmudf.examples;

import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.HostFunction;
import io.wasmudf.runtime.LogLevel;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginException;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import io.wasmudf.runtime.WasmException;
import io.wasmudf.runtime.WasmSource;
import io.wasmudf.runtime.WasmType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Extism plug-ins in a plain Java program, through the runtime's public API only (no database):
 * a manifest with config and limits, a plug-in calling back into Java through host functions,
 * and the two kinds of failure a caller handles.
 *
 * <pre>java -cp ... io.wasmudf.examples.EmbeddingExample [plugins/wasm]</pre>
 */
public final class EmbeddingExample {
    private final WasmEngine engine;

    /** Manifest paths resolve against {@code pluginDir}; the engine shares its module cache process-wide. */
    public EmbeddingExample(Path pluginDir) {
        this.engine = WasmEngine.shared().withBaseDir(pluginDir);
    }

    public static void main(String[] args) {
        EmbeddingExample example = new EmbeddingExample(Path.of(args.length > 0 ? args[0] : "plugins/wasm"));
        example.countVowels(List.of("Hello, World! yyy", "Hello, World! yyy")).forEach(System.out::println);
        example.countWithHostStore(List.of("Counting vowels", "Counting vowels")).forEach(System.out::println);
        System.out.println(example.describeFailure("count_consonants"));
    }

    /**
     * The Go PDK's count_vowels with its {@code vowels} config, a time limit and a memory cap.
     * One instance serves every call, so its running total carries from call to call.
     */
    public List<String> countVowels(List<String> inputs) {
        Manifest manifest = ManifestJson.parse("{\"wasm\": [{\"path\": \"count_vowels.wasm\"}],"
                + " \"config\": {\"vowels\": \"oy\"}, \"timeout_ms\": 5000, \"memory\": {\"max_pages\": 256}}");
        CompiledPlugin compiled = engine.compile(manifest, PluginOptions.builder().name("count_vowels")
                .logLevel(LogLevel.WARN).build());        // parsed and compiled once per module SHA-256
        try (Plugin plugin = compiled.instantiate()) {     // cheap; keep it for as many calls as you like
            return inputs.stream().map(in -> plugin.call("count_vowels", in)).toList();
        }
    }

    /**
     * A Rust (extism-pdk) plug-in that imports {@code kv_read}/{@code kv_write} from
     * {@code extism:host/user}: here they read and write a Java map.
     */
    public List<String> countWithHostStore(List<String> inputs) {
        Map<String, byte[]> store = new ConcurrentHashMap<>();
        HostFunction read = HostFunction.of("kv_read", List.of(WasmType.I64), List.of(WasmType.I64),
                (plugin, args) -> new long[] {plugin.writeBytes(store.getOrDefault(plugin.readString(args[0]), new byte[4]))});
        HostFunction write = HostFunction.of("kv_write", List.of(WasmType.I64, WasmType.I64), List.of(),
                (plugin, args) -> {
                    store.put(plugin.readString(args[0]), plugin.readBytes(args[1]));
                    return null;
                });
        Manifest manifest = Manifest.builder().addWasm(WasmSource.ofPath("rs_kv.wasm")).build();
        PluginOptions options = PluginOptions.builder().name("rs_kv").hostFunction(read).hostFunction(write).build();
        try (Plugin plugin = engine.compile(manifest, options).instantiate()) {
            return inputs.stream().map(in -> plugin.call("rs_kv_count", in)).toList();
        }
    }

    /** What a caller sees when a call fails: the plug-in's own error, or the runtime's kind of failure. */
    public String describeFailure(String export) {
        Manifest manifest = Manifest.builder().addWasm(WasmSource.ofPath("count_vowels.wasm")).build();
        try (Plugin plugin = engine.compile(manifest).instantiate()) {
            plugin.call(export, "x");
            return "no failure";
        } catch (PluginException e) {
            return "plug-in error " + e.code() + ": " + e.getMessage();
        } catch (WasmException e) {
            return e.kind() + ": " + e.getMessage();
        }
    }
}
