package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.lang.ref.SoftReference;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A parsed and (where possible) compiled Wasm module, shared by every instance made from it.
 * Obtained from a {@link ModuleCache}; immutable and thread-safe (apart from the note of which
 * code caches are known to hold its code).
 */
public final class CompiledModule {
    /**
     * Estimated heap bytes of a parsed module per byte of its Wasm: measured 24.5 for the Go-PDK
     * count_vowels (2.3 MB of Wasm, 57 MB parsed) and 29.6 for the Rust PDK one.
     */
    static final int PARSED_BYTES_PER_WASM_BYTE = 25;

    /** Where a module's JVM code came from. */
    public enum CodeOrigin {
        /** Compiled by Chicory in this process. */
        COMPILED,
        /** Loaded from a {@link CodeCache} entry: no compile. */
        LOADED,
        /** No JVM code: Chicory's interpreter runs the module. */
        INTERPRETED
    }

    private final String sha256;
    private final int size;
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final Function<Instance, Machine> restoreMachineFactory;
    private final ExecutionMode mode;
    /** The callable ones, in the module's order. */
    private final List<String> exports;
    private final Map<String, FunctionType> exportTypes;
    private final CodeOrigin origin;
    private final CodeKey key;
    private final int codeBytes;
    /**
     * Code compiled here, kept softly so a later registration can store it without compiling again.
     * Never code loaded from a cache: one cache's entry is not copied into another (a database's
     * admin must not be able to place code in another database or in a user's directory).
     */
    private final SoftReference<byte[]> payload;
    /** False for a {@link ModuleSkeleton}: the module's function bodies were not decoded. */
    private final boolean bodies;
    private final int oversizedMethods;
    private final Set<CodeCache> storedIn = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private CompiledModule(String sha256, int size, WasmModule module, Function<Instance, Machine> machineFactory,
            Function<Instance, Machine> restoreMachineFactory, ExecutionMode mode, CodeOrigin origin, CodeKey key,
            byte[] payload, boolean bodies) {
        this.sha256 = sha256;
        this.size = size;
        this.module = module;
        this.machineFactory = machineFactory;
        this.restoreMachineFactory = restoreMachineFactory;
        this.mode = mode;
        Map<String, FunctionType> types = exportTypes(module);
        this.exportTypes = Map.copyOf(types);
        this.exports = types.entrySet().stream().filter(e -> isCallable(e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableList());
        this.origin = origin;
        this.key = key;
        this.codeBytes = payload == null ? 0 : payload.length;
        this.bodies = bodies;
        this.payload = payload == null || origin != CodeOrigin.COMPILED ? null : new SoftReference<>(payload);
        // Counted where the code is compiled (seconds already), not on the load path a new process takes.
        this.oversizedMethods = payload != null && origin == CodeOrigin.COMPILED ? JitSizeLimit.oversizedMethods(payload) : -1;
    }

    /** Interpreted by {@code interpreter} (Chicory's, or the SIMD-capable one for modules using v128). */
    static CompiledModule interpreted(String sha256, int size, WasmModule module, Function<Instance, Machine> interpreter) {
        return new CompiledModule(sha256, size, module, interpreter, interpreter, ExecutionMode.INTERPRETER,
                CodeOrigin.INTERPRETED, null, null, true);
    }

    /** @param restoreFactory the same code for instances restored from a snapshot (a copy of the module) */
    static CompiledModule compiled(CodeKey key, int size, WasmModule module, Function<Instance, Machine> factory,
            Function<Instance, Machine> restoreFactory, CodeOrigin origin, byte[] payload) {
        return new CompiledModule(key.moduleSha256(), size, module, factory, restoreFactory, ExecutionMode.COMPILER,
                origin, key, payload, true);
    }

    /** Loaded from a cache onto a {@link ModuleSkeleton}: only the loaded classes may run it. */
    static CompiledModule loadedWithoutBodies(CodeKey key, int size, WasmModule skeleton, Function<Instance, Machine> factory,
            Function<Instance, Machine> restoreFactory, byte[] payload) {
        return new CompiledModule(key.moduleSha256(), size, skeleton, factory, restoreFactory, ExecutionMode.COMPILER,
                CodeOrigin.LOADED, key, payload, false);
    }

    /** Whether {@link #module()} has its function bodies (false: never compile or interpret it). */
    boolean hasBodies() {
        return bodies;
    }

    /** Lowercase hex SHA-256 of the module bytes. */
    public String sha256() {
        return sha256;
    }

    /** Size of the module bytes. */
    public int size() {
        return size;
    }

    /** How this module's code runs: {@link ExecutionMode#COMPILER} unless compiling failed or was not asked for. */
    public ExecutionMode mode() {
        return mode;
    }

    /** Whether this module's code was compiled here, loaded from a code cache, or is interpreted. */
    public CodeOrigin codeOrigin() {
        return origin;
    }

    /** Size of the compiled classes as Chicory serializes them (0 when interpreted or unknown). */
    public int codeBytes() {
        return codeBytes;
    }

    /**
     * How many of the compiled JVM methods (one per Wasm function) are too large for the JVM's JIT
     * ({@value JitSizeLimit#HUGE_METHOD_BYTES} bytes of bytecode): unless the JVM runs with {@code
     * -XX:-DontCompileHugeMethods} they stay interpreted. Counted when the module is compiled in
     * this process; -1 when its code was loaded from a code cache, or it is interpreted.
     */
    public int oversizedMethods() {
        return oversizedMethods;
    }

    /**
     * What this module is counted as in byte-bounded caches: its parsed form (estimated as {@value
     * #PARSED_BYTES_PER_WASM_BYTE} bytes per byte of Wasm) plus its compiled classes.
     */
    public long footprint() {
        return (long) size * PARSED_BYTES_PER_WASM_BYTE + codeBytes;
    }

    CodeKey key() {
        return key;
    }

    byte[] payload() {
        return payload == null ? null : payload.get();
    }

    boolean isStoredIn(CodeCache cache) {
        return storedIn.contains(cache);
    }

    void markStoredIn(CodeCache cache) {
        if (cache != null) {
            storedIn.add(cache);
        }
    }

    /** Exported functions an Extism host can call: no parameters, no result or one i32. */
    public List<String> exports() {
        return exports;
    }

    WasmModule module() {
        return module;
    }

    Function<Instance, Machine> machineFactory() {
        return machineFactory;
    }

    /** The same code for an instance built from a copy of {@link #module()} (a snapshot's restore module). */
    Function<Instance, Machine> restoreMachineFactory() {
        return restoreMachineFactory;
    }

    /** The type of an exported function, or null. */
    FunctionType exportType(String name) {
        return exportTypes.get(name);
    }

    /** Every exported function by name, with its type (Wasm forbids two exports of one name). */
    private static Map<String, FunctionType> exportTypes(WasmModule m) {
        Map<String, FunctionType> out = new LinkedHashMap<>();
        var es = m.exportSection();
        for (int i = 0; i < es.exportCount(); i++) {
            Export e = es.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION) {
                out.put(e.name(), functionType(m, e.index()));
            }
        }
        return out;
    }

    static boolean isCallable(FunctionType t) {
        return t.params().isEmpty() && (t.returns().isEmpty() || (t.returns().size() == 1 && t.returns().get(0).equals(ValType.I32)));
    }

    static FunctionType functionType(WasmModule m, int funcIndex) {
        int imported = m.importSection().count(ExternalType.FUNCTION);
        int typeIdx;
        if (funcIndex < imported) {
            int seen = 0;
            typeIdx = -1;
            for (int i = 0; i < m.importSection().importCount(); i++) {
                var imp = m.importSection().getImport(i);
                if (imp.importType() == ExternalType.FUNCTION) {
                    if (seen++ == funcIndex) {
                        typeIdx = ((com.dylibso.chicory.wasm.types.FunctionImport) imp).typeIndex();
                        break;
                    }
                }
            }
        } else {
            typeIdx = m.functionSection().getFunctionType(funcIndex - imported);
        }
        return m.typeSection().getType(typeIdx);
    }
}
