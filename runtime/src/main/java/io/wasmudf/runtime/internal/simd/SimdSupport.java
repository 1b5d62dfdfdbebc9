package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.Collections;
import java.util.Set;
import java.util.function.Function;

/**
 * How a module's code runs given its SIMD use. A module without {@code v128} keeps Chicory's own
 * machines untouched (no cost). A module with it runs its SIMD functions in {@link SimdInterpreter}
 * and, when compiled, everything else as compiled code.
 */
public final class SimdSupport {
    private final WasmModule module;
    private final Set<Integer> functions;
    private final boolean[] interpreted;

    private final boolean compilable;

    private SimdSupport(WasmModule module, Set<Integer> functions, int functionCount, boolean compilable) {
        this.module = module;
        this.compilable = compilable;
        this.functions = Collections.unmodifiableSet(functions);
        this.interpreted = new boolean[functionCount];
        for (int f : functions) {
            interpreted[f] = true;
        }
    }

    /** Scans {@code parsed}; the result's {@link #module()} is the one to instantiate. */
    public static SimdSupport of(WasmModule parsed) {
        Set<Integer> functions = SimdFunctions.of(parsed);
        WasmModule module = functions.isEmpty() ? parsed : V128LocalWrites.fix(parsed, functions);
        int count = parsed.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION)
                + parsed.functionSection().functionCount();
        return new SimdSupport(module, functions, count, !SimdFunctions.anyFunctionTypeMentionsV128(parsed));
    }

    /**
     * False when a function takes or returns a {@code v128}: Chicory's compiler gives every function,
     * interpreted ones included, a Java method signature and has none for {@code v128}, so such a
     * module runs wholly in the SIMD interpreter.
     */
    public boolean compilable() {
        return compilable;
    }

    /** The module to compile and instantiate (its SIMD functions' local writes fixed for Chicory's interpreter). */
    public WasmModule module() {
        return module;
    }

    /** True when some function uses {@code v128}. */
    public boolean usesSimd() {
        return !functions.isEmpty();
    }

    /** The functions (index space with imports first) that must be interpreted: give them to the compiler. */
    public Set<Integer> interpretedFunctions() {
        return functions;
    }

    /** Tells the compiler to leave the SIMD functions to the interpreter (it cannot translate them). */
    public MachineFactoryCompiler.Builder configure(MachineFactoryCompiler.Builder compiler) {
        if (!usesSimd()) {
            return compiler;
        }
        // A fixed set of interpreted functions requires FAIL: a function too large to compile then
        // fails compilation, and the module falls back to the interpreter as a whole.
        return compiler.withInterpretedFunctions(functions).withInterpreterFallback(InterpreterFallback.FAIL);
    }

    /** The interpreter for the whole module. */
    public Function<Instance, Machine> interpreter() {
        if (!usesSimd()) {
            return InterpreterMachine::new;
        }
        return instance -> new SimdInterpreter(instance, null);
    }

    /** Compiled code for the other functions, the SIMD interpreter for the SIMD ones. */
    public Function<Instance, Machine> mixed(Function<Instance, Machine> compiled) {
        if (!usesSimd()) {
            return compiled;
        }
        boolean[] table = interpreted;
        return instance -> new MixedMachine(compiled.apply(instance), new SimdInterpreter(instance, table), table);
    }
}
