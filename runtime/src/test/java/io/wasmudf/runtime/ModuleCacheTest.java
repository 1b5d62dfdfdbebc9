package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ModuleCache}: least recently used modules are evicted at the bound; a failed compile is not cached. */
@Timeout(60)
class ModuleCacheTest {
    private static final byte[] TRAP = Corpus.wasm("trap.wasm");
    private static final byte[] LOOP = Corpus.wasm("loop.wasm");
    private static final byte[] VOID = Corpus.wasm("void.wasm");

    @Test
    void theLeastRecentlyUsedModuleIsEvictedAtTheBound() {
        ModuleCache cache = new ModuleCache(2);
        CompiledModule trap = cache.get(TRAP, ExecutionMode.INTERPRETER);
        cache.get(LOOP, ExecutionMode.INTERPRETER);
        assertSame(trap, cache.get(TRAP, ExecutionMode.INTERPRETER), "a hit; trap is now the most recent");
        cache.get(VOID, ExecutionMode.INTERPRETER);          // evicts loop, the least recently used
        assertEquals(2, cache.size());
        assertEquals(3, cache.misses());
        assertSame(trap, cache.get(TRAP, ExecutionMode.INTERPRETER), "trap stayed");
        assertEquals(2, cache.hits());
        cache.get(LOOP, ExecutionMode.INTERPRETER);
        assertEquals(4, cache.misses(), "loop was evicted: compiled again");
    }

    @Test
    void eachExecutionModeIsItsOwnEntry() {
        ModuleCache cache = new ModuleCache(4);
        CompiledModule interpreted = cache.get(TRAP, ExecutionMode.INTERPRETER);
        CompiledModule compiled = cache.get(TRAP, ExecutionMode.COMPILER);
        assertNotSame(interpreted, compiled);
        assertEquals(ExecutionMode.INTERPRETER, interpreted.mode());
        assertEquals(ExecutionMode.COMPILER, compiled.mode());
        assertEquals(2, cache.size());
    }

    @Test
    void aModuleThatFailsToCompileIsNotCachedAndFailsAgainTheSameWay() {
        ModuleCache cache = new ModuleCache(4);
        byte[] truncated = Arrays.copyOf(TRAP, TRAP.length - 5);
        WasmException first = assertThrows(WasmException.class, () -> cache.get(truncated, ExecutionMode.COMPILER));
        assertEquals(WasmException.Kind.INVALID_MODULE, first.kind());
        assertEquals(0, cache.size(), "the failure left no entry");
        WasmException second = assertThrows(WasmException.class, () -> cache.get(truncated, ExecutionMode.COMPILER));
        assertEquals(first.getMessage(), second.getMessage());
        assertEquals(2, cache.misses(), "tried again, not answered from a cached failure");
        assertEquals(0, cache.hits());
        cache.get(TRAP, ExecutionMode.COMPILER);
        assertEquals(1, cache.size(), "the cache still works after failures");
    }

    @Test
    void notWasmAtAllIsRefusedBeforeParsing() {
        WasmException e = assertThrows(WasmException.class,
                () -> new ModuleCache(1).get("\0asX not a module".getBytes(java.nio.charset.StandardCharsets.UTF_8), ExecutionMode.INTERPRETER));
        assertEquals(WasmException.Kind.INVALID_MODULE, e.kind());
        assertEquals("not a WebAssembly module: the bytes do not start with the Wasm magic number \\0asm", e.getMessage());
    }
}
