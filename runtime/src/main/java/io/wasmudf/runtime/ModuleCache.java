package io.wasmudf.runtime;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.wasmudf.runtime.internal.simd.SimdSupport;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Parses and compiles each module once per (SHA-256, mode) and shares the result. Bounded: the
 * least recently used entries are dropped past {@code maxEntries} (instances already made keep
 * working; a later request compiles again). Concurrent requests for the same module wait for one
 * compilation.
 */
public final class ModuleCache {
    private static final System.Logger LOG = System.getLogger(ModuleCache.class.getName());
    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

    private final int maxEntries;
    private final LinkedHashMap<String, CompletableFuture<CompiledModule>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public ModuleCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    /** Returns the compiled form of {@code wasm}, compiling it on first use. */
    public CompiledModule get(byte[] wasm, ExecutionMode mode) {
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
                trim();
            }
        }
        if (mine == null) {
            hits.incrementAndGet();
            return join(f);
        }
        misses.incrementAndGet();
        try {
            mine.complete(compile(sha, wasm, mode));
        } catch (RuntimeException | Error e) {
            synchronized (entries) {
                entries.remove(key, mine);
            }
            mine.completeExceptionally(e);
        }
        return join(mine);
    }

    private void trim() {
        var it = entries.entrySet().iterator();
        while (entries.size() > maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
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

    private static CompiledModule compile(String sha, byte[] wasm, ExecutionMode mode) {
        SimdSupport simd = SimdSupport.of(parse(wasm));
        WasmModule module = simd.module();
        Function<Instance, Machine> factory = simd.interpreter();
        ExecutionMode actual = ExecutionMode.INTERPRETER;
        if (mode == ExecutionMode.COMPILER && simd.compilable()) {
            try {
                Function<Instance, Machine> compiled = simd.configure(MachineFactoryCompiler.builder(module)
                        .withInterpreterFallback(InterpreterFallback.SILENT))
                        .compile();
                factory = withFallback(simd.mixed(compiled), simd.interpreter());
                actual = ExecutionMode.COMPILER;
            } catch (SecurityException | LinkageError | ChicoryException | UnsupportedOperationException e) {
                LOG.log(System.Logger.Level.WARNING, "module {0}: compiler unavailable ({1}); using the interpreter", sha, e.toString());
            }
        }
        return new CompiledModule(sha, wasm.length, module, factory, actual);
    }

    /** Falls back to the interpreter when the compiled classes cannot be loaded at instantiation. */
    private static Function<Instance, Machine> withFallback(Function<Instance, Machine> compiled, Function<Instance, Machine> interpreter) {
        return instance -> {
            try {
                return compiled.apply(instance);
            } catch (SecurityException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "compiled code unavailable ({0}); using the interpreter", e.toString());
                return interpreter.apply(instance);
            }
        };
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

}
