package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.runtime.WasmException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.Instruction;
import java.util.Deque;

/**
 * Chicory's interpreter plus the fixed-width SIMD instructions, in plain Java (no Vector API, so it
 * runs on Java 17). Chicory's loop runs everything it knows and hands each SIMD instruction to
 * {@link #evalDefault}. A {@code v128} is two longs on the value stack, the low 8 bytes pushed first.
 *
 * <p>In a compiled module only the functions that use {@code v128} run here ({@code interpreted}
 * set): a call from here to any other defined function goes back to the compiled code.
 */
final class SimdInterpreter extends InterpreterMachine {
    private final boolean[] interpreted;

    /** {@code interpreted} null: every function runs here. */
    SimdInterpreter(Instance instance, boolean[] interpreted) {
        super(instance);
        this.interpreted = interpreted;
    }

    @Override
    protected void evalDefault(MStack stack, Instance instance, Deque<StackFrame> callStack, Instruction ins, Operands operands)
            throws ChicoryException {
        var op = ins.opcode();
        // Each group answers false for opcodes it does not own. All 236 have an owner
        // (SimdReferenceTest); the error is for any a later Chicory might parse.
        if (!(V128Memory.run(op, stack, instance, ins)
                || IntLaneOps.run(op, stack)
                || V128Bits.run(op, stack, ins)
                || LaneMoves.run(op, stack, ins)
                || IntWidening.run(op, stack)
                || FloatLaneOps.run(op, stack))) {
            throw new ChicoryException("unsupported instruction " + op + " (opcode 0x" + Integer.toHexString(op.opcode()) + ")");
        }
    }

    private boolean runsHere(int funcId) {
        return interpreted == null || interpreted[funcId] || instance().function(funcId) == null;
    }

    @Override
    protected void CALL(Operands operands) {
        int funcId = (int) operands.get(0);
        if (runsHere(funcId)) {
            super.CALL(operands);
            return;
        }
        // A compiled function: leave the interpreter through the instance's machine.
        var instance = instance();
        var stack = stack();
        var type = instance.type(instance.functionType(funcId));
        long[] args = extractArgsForParams(stack, type.params());
        try {
            long[] results = instance.getMachine().call(funcId, args);
            if (results != null) {
                for (long r : results) {
                    stack.push(r);
                }
            }
        } catch (WasmException e) {
            THROW_REF(instance, instance.registerException(e), stack, new StackFrame(instance, funcId, args), callStack);
        }
    }

    @Override
    protected boolean useCurrentInstanceInterpreter(Instance instance, Instance refInstance, int funcId) {
        if (interpreted == null) {
            return super.useCurrentInstanceInterpreter(instance, refInstance, funcId);
        }
        return refInstance == instance && runsHere(funcId);
    }
}
