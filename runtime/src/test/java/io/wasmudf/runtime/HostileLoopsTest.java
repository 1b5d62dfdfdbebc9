package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile plug-ins that never return: every one is stopped by a time limit, a cancel or close(). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileLoopsTest {

    private static Plugin plugin(String file, ExecutionMode mode) {
        return Hostile.plugin(file, m -> { }, o -> o.mode(mode));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void anEndlessLoopStopsAtTheCallersTimeLimitAndTheInstanceStartsAfresh(ExecutionMode mode) {
        try (Plugin p = plugin("spin.wasm", mode)) {
            long t0 = System.nanoTime();
            WasmException e = assertThrows(WasmException.class, () -> p.call("spin", new byte[0], 200));
            System.out.printf("spin (%s) stopped after %d ms%n", mode, (System.nanoTime() - t0) / 1_000_000);
            assertEquals(WasmException.Kind.TIMEOUT, e.kind());
            assertEquals("timeout: spin ran longer than its time limit (200 ms)", e.getMessage());
            assertThrows(WasmException.class, () -> p.call("spin", new byte[0], 50));
            assertEquals(2, p.instantiations(), "a timed-out instance is never reused");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"start_loop.wasm", "init_loop.wasm", "ctors_loop.wasm"})
    void aLoopAtInstantiationIsInsideTheCallsTimeLimit(String file) {
        for (ExecutionMode mode : ExecutionMode.values()) {
            try (Plugin p = plugin(file, mode)) {
                long t0 = System.nanoTime();
                WasmException e = assertThrows(WasmException.class, () -> p.call("run", new byte[0], 300));
                System.out.printf("%s (%s) stopped after %d ms%n", file, mode, (System.nanoTime() - t0) / 1_000_000);
                assertEquals(WasmException.Kind.TIMEOUT, e.kind(), e.getMessage());
                assertTrue(e.getMessage().startsWith("timeout: run ran longer"), e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spin.wasm", "start_loop.wasm"})
    void cancelStopsACallWithoutATimeLimitEvenWhileInstantiating(String file) throws Exception {
        String export = file.equals("spin.wasm") ? "spin" : "run";
        try (Plugin p = plugin(file, ExecutionMode.COMPILER)) {
            CompletableFuture<WasmException> call = CompletableFuture.supplyAsync(
                    () -> assertThrows(WasmException.class, () -> p.call(export, new byte[0])));
            waitUntilRunning(p);
            Thread.sleep(100);
            long t0 = System.nanoTime();
            p.cancel();
            WasmException e = call.get(10, TimeUnit.SECONDS);
            System.out.printf("%s cancelled in %d ms%n", file, (System.nanoTime() - t0) / 1_000_000);
            assertEquals(WasmException.Kind.TIMEOUT, e.kind());
            assertEquals("cancelled: call of " + export + " was cancelled", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void closeDoesNotWaitForARunningCallAndTheCallerReleasesTheInstance(ExecutionMode mode) throws Exception {
        MemoryBudget budget = new MemoryBudget(1L << 30);
        Plugin p = Hostile.plugin("spin.wasm", m -> { }, o -> o.mode(mode).memoryBudget(budget));
        CompletableFuture<WasmException> call = CompletableFuture.supplyAsync(
                () -> assertThrows(WasmException.class, () -> p.call("spin", new byte[0])));
        while (budget.usedBytes() == 0) {
            Thread.sleep(5); // instantiated: the kernel and guest memory are charged
        }
        Thread.sleep(50);
        long t0 = System.nanoTime();
        p.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;
        WasmException e = call.get(10, TimeUnit.SECONDS);
        System.out.printf("close (%s) returned in %d ms; the call ended %d ms after close%n", mode, closeMs,
                (System.nanoTime() - t0) / 1_000_000);
        assertEquals(WasmException.Kind.TIMEOUT, e.kind());
        assertEquals("cancelled: the plug-in instance was closed while spin ran", e.getMessage());
        assertTrue(p.isClosed());
        assertFalse(p.isRunning());
        assertEquals(0, budget.usedBytes(), "the calling thread released the closed instance's memory");
        assertThrows(IllegalStateException.class, () -> p.call("spin", new byte[0]));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void anInterruptWithoutATimeLimitIsNotCalledATimeout(ExecutionMode mode) throws Exception {
        try (Plugin p = plugin("spin.wasm", mode)) {
            Thread[] caller = new Thread[1];
            CompletableFuture<WasmException> call = CompletableFuture.supplyAsync(() -> {
                caller[0] = Thread.currentThread();
                return assertThrows(WasmException.class, () -> p.call("spin", new byte[0]));
            });
            waitUntilRunning(p);
            caller[0].interrupt();
            WasmException e = call.get(10, TimeUnit.SECONDS);
            assertEquals(WasmException.Kind.TIMEOUT, e.kind());
            assertEquals("interrupted: call of spin was stopped by an interrupt of its thread", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void recursionWithoutEndIsATrap(ExecutionMode mode) {
        try (Plugin p = plugin("spin.wasm", mode)) {
            WasmException e = assertThrows(WasmException.class, () -> p.call("recurse", new byte[0]));
            assertEquals(WasmException.Kind.TRAP, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("call stack exhausted"), e.getMessage());
        }
    }

    static void waitUntilRunning(Plugin p) throws InterruptedException {
        while (!p.isRunning()) {
            Thread.sleep(5);
        }
    }
}
