package io.wasmudf.sql;

import io.wasmudf.runtime.CodeCache;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.ModuleCache;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import io.wasmudf.runtime.WasmSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process-wide cache of compiled plug-ins keyed by (name, module sha256, settings JSON), so every
 * connection instantiates from the same compiled code and a module is compiled once per process.
 * Bounded by entries and by bytes (the main module's {@link
 * io.wasmudf.runtime.CompiledModule#footprint()}, counted once per entry even where two names share
 * a module): least recently used entries go first.
 */
public final class CompiledPlugins {
    /** Default bounds of the shared cache: 128 plug-ins, 512 MiB. */
    public static final int DEFAULT_MAX_ENTRIES = 128;
    public static final long DEFAULT_MAX_BYTES = ModuleCache.DEFAULT_MAX_BYTES;

    private static final CompiledPlugins SHARED =
            new CompiledPlugins(WasmEngine.shared(), PluginOptions.defaults(), DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);

    private final WasmEngine engine;
    private final PluginOptions options;
    private final int maxEntries;
    private final long maxBytes;
    private final Map<String, CompiledPlugin> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;
    private long evictions;

    public CompiledPlugins(WasmEngine engine, PluginOptions options, int maxEntries) {
        this(engine, options, maxEntries, DEFAULT_MAX_BYTES);
    }

    public CompiledPlugins(WasmEngine engine, PluginOptions options, int maxEntries, long maxBytes) {
        if (maxEntries < 1 || maxBytes < 0) {
            throw new IllegalArgumentException("maxEntries must be positive and maxBytes not negative");
        }
        this.engine = engine;
        this.options = options;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    public static CompiledPlugins shared() {
        return SHARED;
    }

    /** The engine this cache compiles with (the store reads path and URL sources through it too). */
    WasmEngine engine() {
        return engine;
    }

    /** Compiles a manifest whose single module is given inline, with no compiled-code store. */
    public CompiledPlugin compile(String name, Manifest manifest) {
        return engine.compile(manifest, options.toBuilder().name(name).build());
    }

    /** Compiles a manifest, loading or storing its classes in {@code code} (null: none). */
    CompiledPlugin compile(String name, Manifest manifest, CodeCache code) throws SQLException {
        try {
            return engine.withCodeCache(code).compile(manifest, options.toBuilder().name(name).build());
        } catch (StoredCode.Failure f) {
            throw f.sqlException();
        }
    }

    /** The compiled plug-in for a stored row; {@code module} is only read on a cache miss. */
    public CompiledPlugin get(String name, String sha256, String settingsJson, ModuleLoader module) throws SQLException {
        return get(name, sha256, settingsJson, module, null);
    }

    /**
     * The compiled plug-in for a stored row; on a miss {@code module} is read and its classes come
     * from {@code code} when it holds them for this build.
     */
    CompiledPlugin get(String name, String sha256, String settingsJson, ModuleLoader module, CodeCache code) throws SQLException {
        String key = name + '\u0000' + sha256 + '\u0000' + settingsJson;
        synchronized (cache) {
            CompiledPlugin c = cache.get(key);
            if (c != null) {
                hits++;
                return c;
            }
            misses++;
        }
        // Compiled outside the lock; a duplicate compile in a race is harmless (the module cache dedups).
        Manifest m = settings(settingsJson).addWasm(WasmSource.ofData(module.load())).build();
        CompiledPlugin c = compile(name, m, code);
        synchronized (cache) {
            CompiledPlugin old = cache.put(key, c);
            bytes += footprint(c) - (old == null ? 0 : footprint(old));
            trim();
        }
        return c;
    }

    /**
     * A stored row's settings: most rows have none ({@code {}}), and parsing them would load
     * Jackson's databind (some 400 classes: hundreds of ms in a new PostgreSQL backend, where
     * PL/Java loads each class through SPI).
     */
    private static Manifest.Builder settings(String settingsJson) {
        return "{}".equals(settingsJson) ? Manifest.builder() : ManifestJson.parsePartial(settingsJson);
    }

    private void trim() {
        var it = cache.values().iterator();
        while ((cache.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            bytes -= footprint(it.next());
            it.remove();
            evictions++;
        }
    }

    private static long footprint(CompiledPlugin c) {
        return c.mainModule().footprint();
    }

    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** Counters and bounds, for monitoring. */
    public Stats stats() {
        synchronized (cache) {
            return new Stats(cache.size(), bytes, maxEntries, maxBytes, hits, misses, evictions);
        }
    }

    /** A snapshot of this cache: size, bounds and lookups. */
    public record Stats(int entries, long bytes, int maxEntries, long maxBytes, long hits, long misses, long evictions) {
    }

    /** Reads a module's bytes from the store when needed. */
    @FunctionalInterface
    public interface ModuleLoader {
        byte[] load() throws SQLException;
    }
}
