package io.wasmudf.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginException;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import io.wasmudf.runtime.WasmException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's embedding example, compiled and run by the build: only the exported API package. */
class EmbeddingExampleTest {

    static String countVowels(Path plugins, String text) {
        Manifest manifest = ManifestJson.parse("{\"wasm\": [{\"path\": \"wasm/count_vowels.wasm\"}],"
                + " \"memory\": {\"max_pages\": 64}}");
        // relative paths in the manifest are read from the base directory
        CompiledPlugin compiled = WasmEngine.shared().withBaseDir(plugins).compile(manifest, PluginOptions.defaults());
        try (Plugin plugin = compiled.instantiate()) {
            return new String(plugin.call("count_vowels", text.getBytes(), 1000)); // at most 1 s, instantiation included
        } catch (PluginException e) {
            return "the plug-in failed: " + e.getMessage();
        } catch (WasmException e) {
            return "the call failed (" + e.kind() + "): " + e.getMessage();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theExampleRuns() {
        Path plugins = Path.of(System.getProperty("wasmudf.repo.root", "..")).resolve("plugins");
        assertEquals("{\"count\":3,\"total\":3,\"vowels\":\"aeiouAEIOU\"}", countVowels(plugins, "Hello, World"));
    }
}
