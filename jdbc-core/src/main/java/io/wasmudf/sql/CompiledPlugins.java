package io.wasmudf.sql;

import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import io.wasmudf.runtime.WasmSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process-wide cache of compiled plug-ins keyed by (name, module sha256, settings JSON), so every
 * connection instantiates from the same compiled code and a module is compiled once per process.
 */
public final class CompiledPlugins {
    private static final CompiledPlugins SHARED = new CompiledPlugins(WasmEngine.shared(), PluginOptions.defaults(), 128);

    private final WasmEngine engine;
    private final PluginOptions options;
    private final int maxEntries;
    private final Map<String, CompiledPlugin> cache;

    public CompiledPlugins(WasmEngine engine, PluginOptions options, int maxEntries) {
        this.engine = engine;
        this.options = options;
        this.maxEntries = maxEntries;
        this.cache = new LinkedHashMap<>(16, 0.75f, true);
    }

    public static CompiledPlugins shared() {
        return SHARED;
    }

    /** Compiles a manifest whose single module is given inline (validation at registration). */
    public CompiledPlugin compile(String name, Manifest manifest) {
        return engine.compile(manifest, options.toBuilder().name(name).build());
    }

    /** The compiled plug-in for a stored row; {@code module} is only read on a cache miss. */
    public CompiledPlugin get(String name, String sha256, String settingsJson, ModuleLoader module) throws java.sql.SQLException {
        String key = name + '\u0000' + sha256 + '\u0000' + settingsJson;
        synchronized (cache) {
            CompiledPlugin c = cache.get(key);
            if (c != null) {
                return c;
            }
        }
        // Compiled outside the lock; a duplicate compile in a race is harmless (the module cache dedups).
        Manifest m = ManifestJson.parsePartial(settingsJson).addWasm(WasmSource.ofData(module.load())).build();
        CompiledPlugin c = compile(name, m);
        synchronized (cache) {
            cache.put(key, c);
            while (cache.size() > maxEntries) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return c;
    }

    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** Reads a module's bytes from the store when needed. */
    @FunctionalInterface
    public interface ModuleLoader {
        byte[] load() throws java.sql.SQLException;
    }
}
