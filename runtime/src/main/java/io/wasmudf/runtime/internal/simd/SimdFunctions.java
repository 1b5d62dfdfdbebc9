package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the functions that touch {@code v128} values: they run in {@link SimdInterpreter}, because
 * Chicory's compiler cannot translate them. A function counts when its type or locals hold a
 * {@code v128}, or one of its instructions is a SIMD instruction or moves a {@code v128} (a call
 * to such a type, a block typed with one, a {@code v128} global, a typed select or drop).
 */
final class SimdFunctions {
    private final WasmModule module;
    private final List<FunctionType> functionTypes = new ArrayList<>();
    private final List<ValType> globalTypes = new ArrayList<>();

    private SimdFunctions(WasmModule module) {
        this.module = module;
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var imp = imports.getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                functionTypes.add(module.typeSection().getType(((FunctionImport) imp).typeIndex()));
            } else if (imp.importType() == ExternalType.GLOBAL) {
                globalTypes.add(((GlobalImport) imp).type());
            }
        }
        var fs = module.functionSection();
        for (int i = 0; i < fs.functionCount(); i++) {
            functionTypes.add(module.typeSection().getType(fs.getFunctionType(i)));
        }
        var gs = module.globalSection();
        for (int i = 0; i < gs.globalCount(); i++) {
            globalTypes.add(gs.getGlobal(i).valueType());
        }
    }

    /** Indices (in the function index space, imports first) of the defined functions that use v128. */
    static Set<Integer> of(WasmModule module) {
        return new SimdFunctions(module).find();
    }

    /** True when an imported or defined function has a {@code v128} parameter or result. */
    static boolean anyFunctionTypeMentionsV128(WasmModule module) {
        return new SimdFunctions(module).functionTypes.stream().anyMatch(SimdFunctions::mentionsV128);
    }

    private Set<Integer> find() {
        Set<Integer> out = new TreeSet<>();
        int imported = functionTypes.size() - module.functionSection().functionCount();
        FunctionBody[] bodies = module.codeSection().functionBodies();
        for (int i = 0; i < bodies.length; i++) {
            int funcId = imported + i;
            if (mentionsV128(functionTypes.get(funcId)) || bodies[i].localTypes().contains(ValType.V128) || usesV128(bodies[i])) {
                out.add(funcId);
            }
        }
        return out;
    }

    private boolean usesV128(FunctionBody body) {
        for (AnnotatedInstruction ins : body.instructions()) {
            if (isSimdOpcode(ins.opcode()) || movesV128(ins)) {
                return true;
            }
        }
        return false;
    }

    static boolean isSimdOpcode(OpCode op) {
        return (op.opcode() & 0xFFFFFF00) == 0xFD00;
    }

    private boolean movesV128(AnnotatedInstruction ins) {
        switch (ins.opcode()) {
            case CALL:
            case RETURN_CALL:
                return mentionsV128(functionTypes.get((int) ins.operand(0)));
            case CALL_INDIRECT:
            case RETURN_CALL_INDIRECT:
            case CALL_REF:
            case RETURN_CALL_REF:
                return typeMentionsV128(ins.operand(0));
            case BLOCK:
            case LOOP:
            case IF:
            case TRY_TABLE:
                return ins.operand(0) == ValType.V128.id() || (!ValType.isValid(ins.operand(0)) && typeMentionsV128(ins.operand(0)));
            case DROP:
            case SELECT:
            case SELECT_T:
                return ins.operandCount() > 0 && ins.operand(0) == ValType.V128.id();
            case GLOBAL_GET:
            case GLOBAL_SET:
                return ValType.V128.equals(globalTypes.get((int) ins.operand(0)));
            default:
                return false;
        }
    }

    private boolean typeMentionsV128(long typeIdx) {
        var types = module.typeSection();
        return typeIdx >= 0 && typeIdx < types.typeCount() && mentionsV128(types.getType((int) typeIdx));
    }

    private static boolean mentionsV128(FunctionType t) {
        return t.params().contains(ValType.V128) || t.returns().contains(ValType.V128);
    }
}
