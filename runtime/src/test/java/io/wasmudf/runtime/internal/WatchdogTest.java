package io.wasmudf.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watchdog keeps nothing of finished calls and stops ticking when no deadline is armed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WatchdogTest {

    @Test
    void guardsOfFinishedCallsAndDeadThreadsAreNotKept() throws Exception {
        for (int i = 0; i < 20; i++) {
            Thread t = new Thread(() -> {
                try (Watchdog.Guard g = Watchdog.watch(1000)) {
                    assertFalse(g.tripped());
                }
            });
            t.start();
            t.join();
        }
        assertEquals(0, Watchdog.armedCount());
    }

    @Test
    void theTickerParksWhenNothingIsArmedAndWakesForTheNextDeadline() throws Exception {
        try (Watchdog.Guard g = Watchdog.watch(50)) {
            long t0 = System.nanoTime();
            while (!g.tripped() && System.nanoTime() - t0 < 5_000_000_000L) {
                Thread.onSpinWait();
            }
            assertTrue(g.tripped(), "the deadline fired");
        }
        assertFalse(Thread.currentThread().isInterrupted(), "no interrupt leaks after close");
        waitIdle();
        try (Watchdog.Guard g = Watchdog.watch(30)) {
            long t0 = System.nanoTime();
            while (!g.tripped() && System.nanoTime() - t0 < 5_000_000_000L) {
                Thread.onSpinWait();
            }
            assertTrue(g.tripped(), "a parked ticker wakes for a new deadline");
        }
        waitIdle();
    }

    private static void waitIdle() throws InterruptedException {
        long t0 = System.nanoTime();
        while (!Watchdog.tickerIdle() && System.nanoTime() - t0 < 5_000_000_000L) {
            Thread.sleep(5);
        }
        assertTrue(Watchdog.tickerIdle(), "the ticker parks with no deadline armed");
    }
}
