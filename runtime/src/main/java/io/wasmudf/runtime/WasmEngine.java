package io.wasmudf.runtime;

import io.wasmudf.runtime.internal.ModuleFetch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The entry point: turns manifests into {@link CompiledPlugin}s, sharing parsed and compiled
 * modules through a {@link ModuleCache}. Thread-safe; one engine per process is the usual setup
 * ({@link #shared()}).
 *
 * <pre>{@code
 * CompiledPlugin compiled = WasmEngine.shared().compile(Manifest.of(wasmBytes), PluginOptions.defaults());
 * try (Plugin plugin = compiled.instantiate()) {
 *     byte[] out = plugin.call("count_vowels", "Hello, World!".getBytes(UTF_8));
 * }
 * }</pre>
 */
public final class WasmEngine {
    private static final ModuleFetch DEFAULT_URLS = new ModuleFetch(ModuleFetch.DEFAULT_MAX_BYTES, ModuleFetch.DEFAULT_TIMEOUT);
    private static final WasmEngine SHARED = new WasmEngine(new ModuleCache(256), null, DEFAULT_URLS);

    private final ModuleCache modules;
    private final Path baseDir;
    private final ModuleFetch urls;

    private WasmEngine(ModuleCache modules, Path baseDir, ModuleFetch urls) {
        this.modules = modules;
        this.baseDir = baseDir;
        this.urls = urls;
    }

    /** The process-wide engine: a module cache of 256 entries, paths resolved against the working directory. */
    public static WasmEngine shared() {
        return SHARED;
    }

    /** An engine with its own cache. */
    public static WasmEngine create(int moduleCacheEntries) {
        return new WasmEngine(new ModuleCache(moduleCacheEntries), null, DEFAULT_URLS);
    }

    /** The same engine (same cache) resolving relative manifest paths against {@code dir}. */
    public WasmEngine withBaseDir(Path dir) {
        return new WasmEngine(modules, dir, urls);
    }

    /**
     * The same engine reading {@code url} sources under other caps (defaults: 128 MiB, 60 s for the
     * whole download). A URL may redirect only on its own host, at most 5 times, never to plain http.
     */
    public WasmEngine withUrlLimits(long maxBytes, Duration timeout) {
        return new WasmEngine(modules, baseDir, new ModuleFetch(maxBytes, timeout));
    }

    public ModuleCache modules() {
        return modules;
    }

    public CompiledPlugin compile(Manifest manifest) {
        return compile(manifest, PluginOptions.defaults());
    }

    /**
     * Loads every module of the manifest (verifying hashes), compiles them through the cache and
     * checks that every import can be satisfied, so link errors surface here rather than on a call.
     */
    public CompiledPlugin compile(Manifest manifest, PluginOptions options) {
        List<String> names = moduleNames(manifest);
        List<CompiledPlugin.Linked> linked = new ArrayList<>();
        for (int i = 0; i < manifest.wasm().size(); i++) {
            byte[] bytes = loadSource(manifest.wasm().get(i));
            linked.add(new CompiledPlugin.Linked(names.get(i), modules.get(bytes, options.mode())));
        }
        return new CompiledPlugin(manifest, options, linked, baseDir);
    }

    /** Extism's naming: one module is "main"; else unnamed ones are "main" and, if none is, the last. */
    static List<String> moduleNames(Manifest m) {
        List<String> names = new ArrayList<>();
        if (m.wasm().size() == 1) {
            names.add(CompiledPlugin.MAIN);
            return names;
        }
        for (WasmSource s : m.wasm()) {
            names.add(s.name() == null ? CompiledPlugin.MAIN : s.name());
        }
        if (!names.contains(CompiledPlugin.MAIN)) {
            names.set(names.size() - 1, CompiledPlugin.MAIN);
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new ManifestException("Duplicate module name found in Extism manifest: " + n);
            }
        }
        return names;
    }

    /**
     * The bytes of one manifest source: inline data, a file (relative to this engine's base
     * directory) or a URL (see {@link #withUrlLimits}), checked against the source's {@code hash} when it has one.
     *
     * @throws ManifestException if the bytes cannot be had or do not match the hash
     */
    public byte[] loadSource(WasmSource src) {
        byte[] bytes = read(src);
        if (src.hash() != null) {
            String found = ModuleCache.sha256(bytes);
            if (!found.equals(src.hash())) {
                throw new ManifestException("Hash mismatch, found " + found + " but expected " + src.hash());
            }
        }
        return bytes;
    }

    private byte[] read(WasmSource src) {
        switch (src.type()) {
            case DATA:
                return src.dataUnsafe();
            case PATH: {
                Path p = baseDir == null ? Path.of(src.path()) : baseDir.resolve(src.path());
                try {
                    return Files.readAllBytes(p);
                } catch (IOException | SecurityException e) {
                    throw new ManifestException("cannot read wasm file '" + p + "': " + e, e);
                }
            }
            default:
                return urls.fetch(src.url(), src.headers(), src.method());
        }
    }
}
