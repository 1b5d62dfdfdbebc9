package io.wasmudf.runtime.internal.simd;

import io.wasmudf.runtime.internal.ModuleCopy;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.CatchOpCode;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Works around Chicory 1.7.5's interpreter storing the two halves of a {@code v128} in the opposite
 * order on {@code local.set}/{@code local.tee} from the one {@code local.get} (and parameter
 * passing) reads them, which swaps the halves of every vector that goes through a local. Each such
 * write in a SIMD function gets a half-swap before it ({@code local.tee}: and after it), and every
 * branch target is renumbered to the new instruction positions. Other functions are untouched.
 */
final class V128LocalWrites {
    /** The swap is a {@code v128.not} carrying one operand; the real {@code v128.not} has none. */
    static final OpCode SWAP_CARRIER = OpCode.V128_NOT;

    private V128LocalWrites() {}

    static boolean isSwap(Instruction ins) {
        return ins.operandCount() == 1;
    }

    /** The module with the v128 local writes of {@code functions} fixed (the same module when there are none). */
    static WasmModule fix(WasmModule module, Set<Integer> functions) {
        int imported = module.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
        FunctionBody[] bodies = module.codeSection().functionBodies();
        var code = CodeSection.builder().setRequiresDataCount(module.codeSection().isRequiresDataCount());
        boolean changed = false;
        for (int i = 0; i < bodies.length; i++) {
            FunctionBody body = bodies[i];
            if (functions.contains(imported + i)) {
                FunctionType type = module.typeSection().getType(module.functionSection().getFunctionType(i));
                FunctionBody fixed = fix(body, type);
                changed |= fixed != body;
                body = fixed;
            }
            code.addFunctionBody(body);
        }
        return changed ? ModuleCopy.with(module, code.build(), module.elementSection(), module.dataSection()) : module;
    }

    private static FunctionBody fix(FunctionBody body, FunctionType type) {
        List<AnnotatedInstruction> code = body.instructions();
        int[] newIndex = new int[code.size() + 1];
        int n = 0;
        for (int i = 0; i < code.size(); i++) {
            newIndex[i] = n;
            n += 1 + swapsAround(code.get(i), body, type);
        }
        newIndex[code.size()] = n;
        if (n == code.size()) {
            return body;
        }
        List<AnnotatedInstruction> out = new ArrayList<>(n);
        for (AnnotatedInstruction ins : code) {
            int swaps = swapsAround(ins, body, type);
            if (swaps > 0) {
                out.add(swap(ins));
            }
            out.add(renumbered(ins, newIndex));
            if (swaps > 1) {
                out.add(swap(ins));
            }
        }
        return new FunctionBody(body.localTypes(), out);
    }

    /** 1 for a v128 local.set (swap before), 2 for a v128 local.tee (swap before and after), else 0. */
    private static int swapsAround(AnnotatedInstruction ins, FunctionBody body, FunctionType type) {
        if (ins.opcode() != OpCode.LOCAL_SET && ins.opcode() != OpCode.LOCAL_TEE) {
            return 0;
        }
        int idx = (int) ins.operand(0);
        int params = type.params().size();
        ValType t = idx < params ? type.params().get(idx) : body.localTypes().get(idx - params);
        if (!ValType.V128.equals(t)) {
            return 0;
        }
        return ins.opcode() == OpCode.LOCAL_SET ? 1 : 2;
    }

    private static AnnotatedInstruction swap(Instruction at) {
        return AnnotatedInstruction.builder().from(new Instruction(at.address(), SWAP_CARRIER, new long[] {0})).build();
    }

    private static AnnotatedInstruction renumbered(AnnotatedInstruction ins, int[] newIndex) {
        var b = AnnotatedInstruction.builder().from(ins).withDepth(ins.depth());
        if (ins.labelTrue() != AnnotatedInstruction.UNDEFINED_LABEL) {
            b.withLabelTrue(newIndex[ins.labelTrue()]);
        }
        if (ins.labelFalse() != AnnotatedInstruction.UNDEFINED_LABEL) {
            b.withLabelFalse(newIndex[ins.labelFalse()]);
        }
        if (!ins.labelTable().isEmpty()) {
            List<Integer> table = new ArrayList<>(ins.labelTable().size());
            for (int l : ins.labelTable()) {
                table.add(newIndex[l]);
            }
            b.withLabelTable(table);
        }
        if (ins.catches() != null) {
            List<CatchOpCode.Catch> catches = CatchOpCode.decode(ins.operands());
            for (int c = 0; c < catches.size(); c++) {
                catches.get(c).resolvedLabel(newIndex[ins.catches().get(c).resolvedLabel()]);
            }
            b.withCatches(catches);
        }
        if (ins.scope() != null) {
            b.withScope(ins.scope());
        }
        return b.build();
    }
}
