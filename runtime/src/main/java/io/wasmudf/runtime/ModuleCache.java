package io.wasmudf.runtime;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parses and compiles each module once per (SHA-256, mode) and shares the result. Bounded by
 * entries and by bytes ({@link CompiledModule#footprint()}: parsed module plus compiled classes):
 * the least recently used entries are dropped past either bound (instances already made keep
 * working; a later request compiles again, or loads the code from a {@link CodeCache}). An entry
 * larger than the byte bound on its own is still returned, just not kept. Concurrent requests for
 * the same module wait for one compilation.
 */
public final class ModuleCache {
    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};
    /** The default byte bound: room for about eight 2.3 MB Go modules (58 MB each). */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, CompletableFuture<CompiledModule>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final ModuleCompiler compiler = new ModuleCompiler();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();

    /** A cache of {@code maxEntries} modules and {@link #DEFAULT_MAX_BYTES}. */
    public ModuleCache(int maxEntries) {
        this(maxEntries, DEFAULT_MAX_BYTES);
    }

    public ModuleCache(int maxEntries, long maxBytes) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Returns the compiled form of {@code wasm}, compiling it on first use. */
    public CompiledModule get(byte[] wasm, ExecutionMode mode) {
        return get(wasm, mode, null);
    }

    /**
     * Returns the compiled form of {@code wasm}; on first use its code is loaded from {@code
     * codeCache} (null: none) or compiled and, if the code cache is writable, stored there. A
     * writable code cache is also filled when the module is already compiled in this process.
     */
    CompiledModule get(byte[] wasm, ExecutionMode mode, CodeCache codeCache) {
        String sha = sha256(wasm);
        String key = sha + "/" + mode;
        CompletableFuture<CompiledModule> mine = null;
        CompletableFuture<CompiledModule> f;
        synchronized (entries) {
            f = entries.get(key);
            if (f == null) {
                mine = new CompletableFuture<>();
                entries.put(key, mine);
                f = mine;
            }
        }
        if (mine == null) {
            hits.incrementAndGet();
            CompiledModule m = join(f);
            compiler.ensureStored(m, wasm, codeCache);
            return m;
        }
        misses.incrementAndGet();
        try {
            mine.complete(compiler.compile(sha, wasm, mode, codeCache));
        } catch (RuntimeException | Error e) {
            synchronized (entries) {
                entries.remove(key, mine);
            }
            mine.completeExceptionally(e);
        }
        synchronized (entries) {
            trim();
        }
        return join(mine);
    }

    /** Drops least recently used entries past either bound; compilations in flight count 0 bytes. */
    private void trim() {
        long bytes = bytes();
        var it = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            CompletableFuture<CompiledModule> f = it.next().getValue();
            if (!f.isDone() && entries.size() <= maxEntries) {
                continue;
            }
            bytes -= footprint(f);
            it.remove();
            evictions.incrementAndGet();
        }
    }

    private long bytes() {
        long total = 0;
        for (CompletableFuture<CompiledModule> f : entries.values()) {
            total += footprint(f);
        }
        return total;
    }

    private static long footprint(CompletableFuture<CompiledModule> f) {
        return f.isDone() && !f.isCompletedExceptionally() ? f.join().footprint() : 0;
    }

    private static CompiledModule join(CompletableFuture<CompiledModule> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WasmException(WasmException.Kind.TIMEOUT, "interrupted while waiting for a module to compile");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw (Error) c;
        }
    }

    /** Parses and validates without caching: for checking a module before storing it. */
    public static WasmModule parse(byte[] wasm) {
        if (wasm == null || wasm.length < 8 || wasm[0] != MAGIC[0] || wasm[1] != MAGIC[1] || wasm[2] != MAGIC[2] || wasm[3] != MAGIC[3]) {
            throw new WasmException(WasmException.Kind.INVALID_MODULE,
                    "not a WebAssembly module: the bytes do not start with the Wasm magic number \\0asm");
        }
        try {
            return Parser.parse(wasm);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new WasmException(WasmException.Kind.INVALID_MODULE, "invalid WebAssembly module: " + e.getMessage(), e);
        }
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Counters and bounds, for monitoring: see {@link Stats}. */
    public Stats stats() {
        synchronized (entries) {
            return new Stats(entries.size(), bytes(), maxEntries, maxBytes, hits.get(), misses.get(), evictions.get(),
                    compiler.compiled(), compiler.loaded(), compiler.rejected(), compiler.stored());
        }
    }

    /** Lowercase hex SHA-256. */
    public static String sha256(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            StringBuilder sb = new StringBuilder(64);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A snapshot of a module cache: its size and bounds, lookups, and what happened to code on
     * misses — {@code compiled} by Chicory, {@code loaded} from a code cache, code cache entries
     * {@code rejected} (corrupt, foreign or unloadable: compiled instead) and {@code stored}.
     */
    public record Stats(int entries, long bytes, int maxEntries, long maxBytes, long hits, long misses, long evictions,
            long compiled, long loaded, long rejected, long stored) {
    }
}
