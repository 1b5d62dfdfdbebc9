package io.wasmudf.runtime.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import io.wasmudf.runtime.Corpus;
import io.wasmudf.runtime.ModuleCache;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which functions go to the SIMD interpreter, and that modules without SIMD keep Chicory's own machines. */
class SimdSupportTest {

    private static WasmModule parse(String corpusName) {
        return ModuleCache.parse(Corpus.wasm(corpusName));
    }

    @Test
    void aModuleWithoutSimdIsLeftAlone() {
        WasmModule parsed = parse("simd_c_scalar.wasm");
        SimdSupport simd = SimdSupport.of(parsed);
        assertFalse(simd.usesSimd());
        assertSame(parsed, simd.module());
        Function<Instance, Machine> compiled = instance -> null;
        assertSame(compiled, simd.mixed(compiled));
        assertEquals(InterpreterMachine.class, simd.interpreter().apply(null).getClass());
        assertTrue(simd.compilable());
    }

    @Test
    void onlyFunctionsThatUseV128AreInterpreted() {
        WasmModule parsed = parse("simd_c.wasm");
        SimdSupport simd = SimdSupport.of(parsed);
        assertTrue(simd.usesSimd());
        assertTrue(simd.compilable());
        int imported = parsed.importSection().count(ExternalType.FUNCTION);
        FunctionBody[] bodies = parsed.codeSection().functionBodies();
        int plain = 0;
        for (int i = 0; i < bodies.length; i++) {
            boolean simdOps = bodies[i].instructions().stream().map(AnnotatedInstruction::opcode).anyMatch(SimdFunctions::isSimdOpcode);
            boolean interpreted = simd.interpretedFunctions().contains(imported + i);
            if (simdOps) {
                assertTrue(interpreted, "function " + (imported + i) + " has SIMD instructions but would be compiled");
            } else if (!interpreted) {
                plain++;
            }
        }
        assertTrue(plain > 10, "malloc, memcpy, printf and friends stay compiled: " + plain);
        assertTrue(simd.interpretedFunctions().size() < bodies.length / 2, "interpreted: " + simd.interpretedFunctions());
    }

    @Test
    void v128ParametersMakeAModuleInterpretedWhole() throws IOException {
        byte[] wasm = Files.readAllBytes(Corpus.plugins().resolve("simd/reference/simd_signatures.wasm"));
        assertFalse(SimdSupport.of(ModuleCache.parse(wasm)).compilable());
    }
}
