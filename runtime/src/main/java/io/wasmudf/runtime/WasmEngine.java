package io.wasmudf.runtime;

import io.wasmudf.runtime.internal.IoReasons;
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
 * modules through a {@link ModuleCache} and, with {@link #withCodeCache}, keeping their compiled
 * classes between processes. Thread-safe; one engine per process is the usual setup ({@link
 * #shared()}).
 *
 * <pre>{@code
 * CompiledPlugin compiled = WasmEngine.shared().compile(Manifest.of(wasmBytes), PluginOptions.defaults());
 * try (Plugin plugin = compiled.instantiate()) {
 *     byte[] out = plugin.call("count_vowels", "Hello, World!".getBytes(UTF_8));
 * }
 * }</pre>
 *
 * <p>With a compiled-code cache, a process that sees a module again loads its classes instead of
 * compiling it:
 * <pre>{@code
 * WasmEngine engine = WasmEngine.shared().withCodeCache(DirectoryCodeCache.of(DirectoryCodeCache.defaultDirectory()));
 * }</pre>
 */
public final class WasmEngine {
    private static final ModuleFetch DEFAULT_URLS = new ModuleFetch(ModuleFetch.DEFAULT_MAX_BYTES, ModuleFetch.DEFAULT_TIMEOUT);
    private static final WasmEngine SHARED =
            new WasmEngine(new ModuleCache(256, ModuleCache.DEFAULT_MAX_BYTES), null, DEFAULT_URLS, null);

    private final ModuleCache modules;
    private final Path baseDir;
    private final ModuleFetch urls;
    private final CodeCache codeCache;

    private WasmEngine(ModuleCache modules, Path baseDir, ModuleFetch urls, CodeCache codeCache) {
        this.modules = modules;
        this.baseDir = baseDir;
        this.urls = urls;
        this.codeCache = codeCache;
    }

    /**
     * The process-wide engine: a module cache of 256 entries and {@link ModuleCache#DEFAULT_MAX_BYTES},
     * no compiled-code cache, paths resolved against the working directory.
     */
    public static WasmEngine shared() {
        return SHARED;
    }

    /** An engine with its own module cache of {@code moduleCacheEntries} and the default byte bound. */
    public static WasmEngine create(int moduleCacheEntries) {
        return new WasmEngine(new ModuleCache(moduleCacheEntries), null, DEFAULT_URLS, null);
    }

    /** An engine with its own module cache, bounded by entries and by bytes. */
    public static WasmEngine create(int moduleCacheEntries, long moduleCacheBytes) {
        return new WasmEngine(new ModuleCache(moduleCacheEntries, moduleCacheBytes), null, DEFAULT_URLS, null);
    }

    /** The same engine (same caches) resolving relative manifest paths against {@code dir}. */
    public WasmEngine withBaseDir(Path dir) {
        return new WasmEngine(modules, dir, urls, codeCache);
    }

    /**
     * The same engine reading {@code url} sources under other caps (defaults: 128 MiB, 60 s for the
     * whole download). A URL may redirect only on its own host, at most 5 times, never to plain http.
     */
    public WasmEngine withUrlLimits(long maxBytes, Duration timeout) {
        return new WasmEngine(modules, baseDir, new ModuleFetch(maxBytes, timeout), codeCache);
    }

    /**
     * The same engine (same module cache) keeping compiled classes in {@code cache} (null: none):
     * a module not yet compiled in this process has its classes loaded from there when an intact
     * entry for it and this build exists, and is compiled otherwise, the result stored there if the
     * cache is writable.
     */
    public WasmEngine withCodeCache(CodeCache cache) {
        return new WasmEngine(modules, baseDir, urls, cache);
    }

    public ModuleCache modules() {
        return modules;
    }

    /** The compiled-code cache, or null. */
    public CodeCache codeCache() {
        return codeCache;
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
            linked.add(new CompiledPlugin.Linked(names.get(i), modules.get(bytes, options.mode(), codeCache)));
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
                } catch (IOException e) {
                    throw new ManifestException("cannot read wasm file '" + p + "': " + IoReasons.file(e), e);
                } catch (SecurityException e) {
                    throw new ManifestException("cannot read wasm file '" + p + "': this process may not read files", e);
                }
            }
            default:
                return urls.fetch(src.url(), src.headers(), src.method());
        }
    }
}
