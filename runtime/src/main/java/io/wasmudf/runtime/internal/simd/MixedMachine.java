package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;

/**
 * The instance's machine when a compiled module has SIMD functions: those go to the SIMD
 * interpreter, everything else to Chicory's compiled code. Compiled code reaches the SIMD
 * functions through here too (its stubs for interpreted functions call the instance's machine).
 */
final class MixedMachine implements Machine {
    private final Machine compiled;
    private final SimdInterpreter interpreter;
    private final boolean[] interpreted;

    MixedMachine(Machine compiled, SimdInterpreter interpreter, boolean[] interpreted) {
        this.compiled = compiled;
        this.interpreter = interpreter;
        this.interpreted = interpreted;
    }

    @Override
    public long[] call(int funcId, long[] args) throws ChicoryException {
        if (funcId >= 0 && funcId < interpreted.length && interpreted[funcId]) {
            return interpreter.call(funcId, args);
        }
        return compiled.call(funcId, args);
    }
}
