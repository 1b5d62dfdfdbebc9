package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.internal.Watchdog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JVM-wide memory budget: growth, allocation and output past it fail the call, never the JVM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MemoryBudgetTest {

    private static Plugin plugin(String file, MemoryBudget budget) {
        return Hostile.plugin(file, m -> { }, o -> o.memoryBudget(budget));
    }

    @Test
    void fourMemoryBombsAtOnceEachFailAsOutOfMemoryAndTheBudgetIsReturned() throws Exception {
        MemoryBudget budget = new MemoryBudget(64L << 20);
        List<CompletableFuture<WasmException>> bombs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            bombs.add(CompletableFuture.supplyAsync(() -> {
                try (Plugin p = plugin("spin.wasm", budget)) {
                    return assertThrows(WasmException.class, () -> p.call("grow_forever", new byte[0]));
                }
            }));
        }
        for (CompletableFuture<WasmException> f : bombs) {
            WasmException e = f.get(60, TimeUnit.SECONDS);
            assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("memory budget"), e.getMessage());
        }
        System.out.printf("4 memory bombs under a 64 MiB budget: %d ms, %d refusals%n",
                (System.nanoTime() - t0) / 1_000_000, budget.refusals());
        assertEquals(0, budget.usedBytes());
        try (Plugin fifth = plugin("hostile.wasm", budget)) {
            assertEquals("a=0 len_a=0 b=77 len_b=16", fifth.call("alloc_max", ""));
        }
    }

    @Test
    void idleInstancesAreReclaimedBeforeARunningCallIsRefused() {
        MemoryBudget budget = new MemoryBudget(24L << 20);
        Plugin idle = plugin("hostile.wasm", budget);
        idle.call("output_huge", "8"); // its kernel memory keeps 8 MiB (and more: the array doubles)
        long held = budget.usedBytes();
        assertTrue(held >= 8 << 20, "held " + held);
        AtomicLong asked = new AtomicLong();
        budget.addReclaimer(wanted -> {
            asked.addAndGet(wanted);
            idle.close();
            return held;
        });
        try (Plugin busy = plugin("hostile.wasm", budget)) {
            assertEquals(8 << 20, busy.call("output_huge", "8".getBytes()).length);
        }
        assertTrue(asked.get() > 0, "the reclaimer was asked");
        assertTrue(idle.isClosed());
        assertEquals(0, budget.usedBytes());
    }

    @Test
    void anOutputPastTheBudgetFailsTheCall() {
        MemoryBudget budget = new MemoryBudget(40L << 20);
        try (Plugin p = plugin("hostile.wasm", budget)) {
            WasmException e = assertThrows(WasmException.class, () -> p.call("output_huge", "24".getBytes()));
            assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
            assertTrue(e.getMessage().contains("memory budget"), e.getMessage());
            assertEquals(4 << 20, p.call("output_huge", "4".getBytes()).length, "the next call fits");
        }
        assertEquals(0, budget.usedBytes());
    }

    @Test
    void varsAreChargedAndReturned() {
        MemoryBudget budget = new MemoryBudget(1L << 30);
        // Two instances' heap are compared: both started up the same way (a snapshot-started one grows
        // its memory in one step, with other spare room), so that only the vars differ.
        Plugin p = Hostile.plugin("hostile.wasm", m -> m.maxVarBytes(64L << 20),
                o -> o.memoryBudget(budget).snapshots(PluginOptions.Snapshots.OFF));
        p.call("var_flood", "1000");
        long withVars = budget.usedBytes();
        p.reset();
        assertEquals(0, budget.usedBytes());
        p.call("alloc_max", "");
        assertTrue(withVars > budget.usedBytes() + 1000 * 48, withVars + " vs " + budget.usedBytes());
        p.close();
        assertEquals(0, budget.usedBytes());
    }

    @Test
    void theJvmsOwnOutOfMemoryIsNotCalledThePluginsLimit() {
        try (Watchdog.Guard g = Watchdog.watch(0)) {
            WasmException e = Failures.classify("f", new OutOfMemoryError("Java heap space"), g, null, 0, 16, false);
            assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
            assertEquals("oom: the host ran out of Java heap while f ran (the JVM's own limit, not the plug-in's"
                    + " memory limit)", e.getMessage());
        }
    }

    @Test
    void theSharedBudgetIsAShareOfTheHeap() {
        long expected = Long.getLong(MemoryBudget.PROPERTY,
                Runtime.getRuntime().maxMemory() / 100 * MemoryBudget.DEFAULT_SHARE_PERCENT);
        assertEquals(expected, MemoryBudget.shared().limitBytes());
    }
}
