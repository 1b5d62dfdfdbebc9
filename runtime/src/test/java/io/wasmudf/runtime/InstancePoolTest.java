package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link InstancePool}: waiting for a free instance, giving up, reuse, and what close does. */
@Timeout(30)
class InstancePoolTest {
    private static final CompiledPlugin RAW_ABI = WasmEngine.shared().compile(Manifest.of(Corpus.wasm("raw_abi.wasm")));

    @Test
    void aBorrowGivesUpAfterItsWaitWhenEveryInstanceIsOut() {
        try (InstancePool pool = new InstancePool(RAW_ABI, 1)) {
            Plugin held = pool.borrow(1000);
            WasmException e = assertThrows(WasmException.class, () -> pool.borrow(50));
            assertEquals(WasmException.Kind.TIMEOUT, e.kind());
            assertEquals("no plug-in instance free within 50 ms (pool of 1)", e.getMessage());
            pool.release(held);
            assertSame(held, pool.borrow(50), "the released instance is handed out again, warm");
            assertEquals(1, pool.created());
        }
    }

    @Test
    void aWaitingBorrowerGetsTheInstanceReleasedWhileItWaits() throws Exception {
        try (InstancePool pool = new InstancePool(RAW_ABI, 1)) {
            Plugin held = pool.borrow(1000);
            CompletableFuture<Plugin> waiting = CompletableFuture.supplyAsync(() -> pool.borrow(20_000));
            pool.release(held);
            assertSame(held, waiting.get());
        }
    }

    @Test
    void anInterruptedBorrowerStopsWaitingAndKeepsItsInterrupt() throws Exception {
        try (InstancePool pool = new InstancePool(RAW_ABI, 1)) {
            pool.borrow(1000);
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            CompletableFuture<WasmException> f = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                f.complete(assertThrows(WasmException.class, () -> pool.borrow(60_000)));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            t.start();
            t.interrupt();
            t.join();
            assertEquals(WasmException.Kind.TIMEOUT, f.get().kind());
            assertTrue(f.get().getMessage().startsWith("interrupted"), f.get().getMessage());
            assertTrue(stillInterrupted.get(), "the thread's interrupt flag is restored");
        }
    }

    @Test
    void closeFreesIdleInstancesRefusesBorrowsAndClosesLateReturns() {
        InstancePool pool = new InstancePool(RAW_ABI, 2);
        Plugin idle = pool.borrow(1000);
        Plugin out = pool.borrow(1000);
        assertEquals("x", new String(idle.call("echo_u8", "x".getBytes(StandardCharsets.UTF_8))));
        pool.release(idle);
        assertEquals(1, pool.idle());
        pool.close();
        assertEquals(0, pool.idle());
        assertEquals("plugin is closed", assertThrows(IllegalStateException.class, () -> idle.call("echo_u8", "x")).getMessage(),
                "the idle instance was closed");
        assertEquals("pool is closed", assertThrows(IllegalStateException.class, () -> pool.borrow(1000)).getMessage());
        pool.release(out);                 // handed back after close: closed, not kept
        assertEquals(0, pool.idle());
        assertThrows(IllegalStateException.class, () -> out.call("echo_u8", "x"));
    }

    @Test
    void sizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new InstancePool(RAW_ABI, 0));
    }
}
