package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A parsed and (where possible) compiled Wasm module, shared by every instance made from it.
 * Obtained from a {@link ModuleCache}; immutable and thread-safe.
 */
public final class CompiledModule {
    private final String sha256;
    private final int size;
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final ExecutionMode mode;
    private final List<String> exports;

    CompiledModule(String sha256, int size, WasmModule module, Function<Instance, Machine> machineFactory, ExecutionMode mode) {
        this.sha256 = sha256;
        this.size = size;
        this.module = module;
        this.machineFactory = machineFactory;
        this.mode = mode;
        this.exports = Collections.unmodifiableList(callableExports(module));
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

    /** The type of an exported function, or null. */
    FunctionType exportType(String name) {
        FunctionType t = exportTypes.get(name);
        if (t != null) {
            return t == NO_TYPE ? null : t;
        }
        t = findExportType(name);
        exportTypes.putIfAbsent(name, t == null ? NO_TYPE : t);
        return t;
    }

    private static final FunctionType NO_TYPE = FunctionType.of(List.of(ValType.F64, ValType.F64, ValType.F64), List.of(ValType.F64));
    private final java.util.concurrent.ConcurrentHashMap<String, FunctionType> exportTypes = new java.util.concurrent.ConcurrentHashMap<>();

    private FunctionType findExportType(String name) {
        var es = module.exportSection();
        for (int i = 0; i < es.exportCount(); i++) {
            Export e = es.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION && e.name().equals(name)) {
                return functionType(module, e.index());
            }
        }
        return null;
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

    private static List<String> callableExports(WasmModule m) {
        List<String> out = new ArrayList<>();
        var es = m.exportSection();
        for (int i = 0; i < es.exportCount(); i++) {
            Export e = es.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION && isCallable(functionType(m, e.index()))) {
                out.add(e.name());
            }
        }
        return out;
    }

    static Function<Instance, Machine> interpreter() {
        return InterpreterMachine::new;
    }
}
