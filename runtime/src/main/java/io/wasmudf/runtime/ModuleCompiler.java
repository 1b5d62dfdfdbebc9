package io.wasmudf.runtime;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.wasmudf.runtime.internal.simd.SimdSupport;
import java.io.ByteArrayInputStream;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Turns module bytes into a {@link CompiledModule}: parses them, then gets JVM code for them —
 * loaded from a {@link CodeCache} when it holds an intact entry for this module and build, else
 * compiled by Chicory (and then stored when the cache may be written), else, when the compiler is
 * not available, the interpreter. Counts what it did. Thread-safe.
 */
final class ModuleCompiler {
    private static final System.Logger LOG = System.getLogger(ModuleCompiler.class.getName());

    private final AtomicLong loaded = new AtomicLong();
    private final AtomicLong compiled = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();

    CompiledModule compile(String sha, byte[] wasm, ExecutionMode mode, CodeCache cache) {
        if (mode != ExecutionMode.COMPILER) {
            SimdSupport simd = SimdSupport.of(ModuleCache.parse(wasm));
            return CompiledModule.interpreted(sha, wasm.length, simd.module(), simd.interpreter());
        }
        CodeKey probe = CodeKey.of(sha, mode, Set.of());
        CodeEntry.Opened found = find(probe, cache);
        if (found != null && found.keyText.equals(probe.text())) {
            try {
                CompiledModule loaded = loadWithoutBodies(wasm, probe, found.payload, cache);
                if (loaded != null) {
                    return loaded;
                }
            } catch (ChicoryException | LinkageError e) {
                // Intact but refused by the JVM (another JVM's class format, or bytes damaged before
                // they were sealed): compile afresh, validating the module as for a new one.
                reject(probe, "cannot be loaded: " + e);
                found = null;
            }
        }
        // An intact entry for these bytes and this Chicory was written after they passed Chicory's
        // validation, whose outcome for the same bytes cannot differ: skip it (about half the parse).
        SimdSupport simd = SimdSupport.of(found != null ? parseUnvalidated(wasm) : ModuleCache.parse(wasm));
        WasmModule module = simd.module();
        if (!simd.compilable()) {
            // v128 in a function signature: Chicory's compiler has no Java type for it.
            return CompiledModule.interpreted(sha, wasm.length, module, simd.interpreter());
        }
        CodeKey key = CodeKey.of(sha, mode, simd.interpretedFunctions());
        byte[] stored = null;
        if (found != null && (found.keyText.equals(key.text()) || found.keyText.equals(key.withSilentFallback().text()))) {
            stored = found.payload;
            key = found.keyText.equals(key.text()) ? key : key.withSilentFallback();
        } else if (found != null) {
            reject(key, "written for other compiler options");
        }
        try {
            return machineCode(module, wasm.length, key, stored, cache, simd);
        } catch (SecurityException | LinkageError | ChicoryException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "module {0}: compiler unavailable ({1}); using the interpreter", sha, e.toString());
        }
        return CompiledModule.interpreted(sha, wasm.length, module, simd.interpreter());
    }

    /**
     * The stored classes of a module that uses no v128 and whose every function Chicory compiled
     * (the key says so), on a {@link ModuleSkeleton}: the classes are all that ever runs, so the
     * function bodies — most of the parse — are not decoded. Null when that cannot be done here
     * (the caller then parses the module whole and goes the usual way).
     *
     * @throws ChicoryException or LinkageError if the JVM refuses the stored classes
     */
    private CompiledModule loadWithoutBodies(byte[] wasm, CodeKey key, byte[] payload, CodeCache cache) {
        WasmModule skeleton = ModuleSkeleton.parse(wasm);
        if (skeleton == null) {
            return null;
        }
        Function<Instance, Machine> factory;
        try {
            factory = StoredClasses.load(payload).machineFactory();
        } catch (SecurityException e) {
            return null;   // no class loader may be made here: the usual way ends on the interpreter
        }
        loaded.incrementAndGet();
        CompiledModule m = CompiledModule.loadedWithoutBodies(key, wasm.length, skeleton, factory, factory, payload);
        m.markStoredIn(cache);
        return m;
    }

    private static WasmModule parseUnvalidated(byte[] wasm) {
        try {
            return Parser.builder().withValidation(false).build().parse(() -> new ByteArrayInputStream(wasm));
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return ModuleCache.parse(wasm);   // reports the error as for any module
        }
    }

    /** The cache's intact entry for this module and build (any interpreted functions), or null. */
    private CodeEntry.Opened find(CodeKey probe, CodeCache cache) {
        byte[] entry = cache == null ? null : cache.read(probe.id());
        if (entry == null) {
            return null;
        }
        try {
            return CodeEntry.openFor(entry, probe);
        } catch (CodeEntry.Rejected e) {
            reject(probe, e.getMessage());
            return null;
        }
    }

    /** Where Chicory's compiler is driven on a whole module (loading stored classes or compiling). */
    private CompiledModule machineCode(WasmModule module, int size, CodeKey key, byte[] stored, CodeCache cache,
            SimdSupport simd) {
        Capture capture = new Capture(stored);
        Function<Instance, Machine> factory;
        try {
            factory = compiler(module, key).withCache(capture).compile();
        } catch (ChicoryException | LinkageError | IllegalArgumentException e) {
            // (Chicory's loader reports unreadable stored class bytes as ASM's IllegalArgumentException.)
            boolean mayFallBack = key.interpretedFunctions().isEmpty() && !key.silentFallback();
            if (stored == null && !mayFallBack) {
                throw e;
            }
            if (stored != null) {
                // Intact but unusable here (another JVM's class format, a damaged jar): compile afresh.
                reject(key, "cannot be loaded: " + e);
            } else {
                // A function Chicory cannot compile (too large for a JVM method): it interprets it, the key says so.
                key = key.withSilentFallback();
            }
            capture = new Capture(null);
            factory = compiler(module, key).withCache(capture).compile();
        }
        boolean fromCache = capture.served && capture.compiledPayload == null;
        (fromCache ? loaded : compiled).incrementAndGet();
        byte[] payload = fromCache ? stored : capture.compiledPayload;
        CompiledModule m = CompiledModule.compiled(key, size, module, withFallback(simd.mixed(factory), simd.interpreter()),
                withFallback(simd.mixed(forAnyModule(factory)), simd.interpreter()), fromCache ? CompiledModule.CodeOrigin.LOADED : CompiledModule.CodeOrigin.COMPILED, payload);
        if (fromCache) {
            m.markStoredIn(cache);
        } else {
            JitSizeLimit.warnIfInterpreted(m.sha256(), m.oversizedMethods());
            if (payload != null && cache != null && cache.writable()) {
                write(m, cache, payload);
            }
        }
        return m;
    }

    /**
     * The compiler for {@code module}; the key's interpreted functions (those using v128) are left
     * to the interpreter. FAIL unless the key says otherwise: a function too large to compile then
     * fails the compile, so that a key without {@link CodeKey#withSilentFallback} means every other
     * function is compiled (with a fixed interpreted set, the module is then interpreted as a whole).
     */
    private static MachineFactoryCompiler.Builder compiler(WasmModule module, CodeKey key) {
        return MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(key.silentFallback() ? InterpreterFallback.SILENT : InterpreterFallback.FAIL)
                .withInterpretedFunctions(key.interpretedFunctions());
    }

    /**
     * Makes sure a writable {@code cache} holds {@code m}'s code (a module already compiled in this
     * process being registered in another database, or over a corrupt entry): the registration
     * path pays, calls never do since their caches are read-only.
     */
    void ensureStored(CompiledModule m, byte[] wasm, CodeCache cache) {
        if (cache == null || !cache.writable() || m.key() == null || m.isStoredIn(cache)) {
            return;
        }
        if (load(m.key(), cache) != null) {
            m.markStoredIn(cache);
            return;
        }
        byte[] payload = m.payload();
        if (payload == null) {
            Capture capture = new Capture(null);
            WasmModule whole = m.hasBodies() ? m.module() : parseUnvalidated(wasm);
            compiler(whole, m.key()).withCache(capture).compile();
            compiled.incrementAndGet();
            payload = capture.compiledPayload;
        }
        if (payload != null) {
            write(m, cache, payload);
        }
    }

    /** The verified payload of the cache's entry for {@code key}, or null (absent or refused). */
    private byte[] load(CodeKey key, CodeCache cache) {
        if (cache == null) {
            return null;
        }
        byte[] entry = cache.read(key.id());
        if (entry == null) {
            return null;
        }
        try {
            return CodeEntry.open(entry, key);
        } catch (CodeEntry.Rejected e) {
            reject(key, e.getMessage());
            return null;
        }
    }

    private void reject(CodeKey key, String why) {
        rejected.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "compiled code of module {0} ignored, compiling again: {1}", key.moduleSha256(), why);
    }

    private void write(CompiledModule m, CodeCache cache, byte[] payload) {
        cache.write(m.key().id(), m.sha256(), CodeEntry.seal(m.key(), payload));
        stored.incrementAndGet();
        m.markStoredIn(cache);
    }

    /**
     * The compiled code without Chicory's check that an instance is of the very module object it was
     * compiled from: an instance restored from a snapshot is built from a copy of the module that
     * differs only in its active data segments ({@link ModuleImage#restoreModule()}).
     */
    private static Function<Instance, Machine> forAnyModule(Function<Instance, Machine> factory) {
        return factory instanceof com.dylibso.chicory.runtime.CompiledModule
                ? ((com.dylibso.chicory.runtime.CompiledModule) factory).machineFactory() : factory;
    }

    /** Falls back to the interpreter when the compiled classes cannot be used at instantiation. */
    private static Function<Instance, Machine> withFallback(Function<Instance, Machine> compiled,
            Function<Instance, Machine> interpreter) {
        return instance -> {
            try {
                return compiled.apply(instance);
            } catch (SecurityException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "compiled code unavailable ({0}); using the interpreter", e.toString());
                return interpreter.apply(instance);
            }
        };
    }

    long loaded() {
        return loaded.get();
    }

    long compiled() {
        return compiled.get();
    }

    long rejected() {
        return rejected.get();
    }

    long stored() {
        return stored.get();
    }

    /**
     * Chicory's view of one compilation's cache: it serves the payload already read and verified
     * (Chicory's own key, the module digest, is not enough: it leaves out versions and options) and
     * catches what Chicory produces when it compiles.
     */
    private static final class Capture implements Cache {
        private final byte[] payload;
        boolean served;
        byte[] compiledPayload;

        Capture(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public byte[] get(String chicoryKey) {
            served = payload != null;
            return payload;
        }

        @Override
        public void putIfAbsent(String chicoryKey, byte[] bytes) {
            compiledPayload = bytes;
        }
    }
}
