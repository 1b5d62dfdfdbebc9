package io.wasmudf.runtime.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops Wasm that runs too long by interrupting the thread running it; Chicory's interpreter and
 * compiled code check the interrupt flag at calls and loop back-edges.
 *
 * <p>An interrupt must never leak into the database thread after the call, so a {@link Guard}
 * settles the race between "call finished" and "deadline fired" with one compare-and-set, and
 * clears the flag if the deadline won.
 */
public final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = newTimer();

    private Watchdog() {
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "wasmudf-watchdog");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** Watches the current thread until {@link Guard#close()}; {@code timeoutMs <= 0} only allows {@link Guard#cancel()}. */
    public static Guard watch(long timeoutMs) {
        Guard g = new Guard(Thread.currentThread(), timeoutMs > 0 ? System.nanoTime() + timeoutMs * 1_000_000 : Long.MAX_VALUE);
        if (timeoutMs > 0) {
            g.future = TIMER.schedule(g::fire, timeoutMs, TimeUnit.MILLISECONDS);
        }
        return g;
    }

    /** One watched call. */
    public static final class Guard implements AutoCloseable {
        private static final int RUNNING = 0;
        private static final int FIRING = 1;
        private static final int FIRED = 2;
        private static final int DONE = 3;

        private final Thread thread;
        private final long deadlineNanos;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile ScheduledFuture<?> future;
        private volatile boolean cancelled;

        private Guard(Thread thread, long deadlineNanos) {
            this.thread = thread;
            this.deadlineNanos = deadlineNanos;
        }

        private void fire() {
            if (state.compareAndSet(RUNNING, FIRING)) {
                thread.interrupt();
                state.set(FIRED);
            }
        }

        /** Stops the call from another thread, as a timeout does. */
        public void cancel() {
            cancelled = true;
            fire();
        }

        /** Whether the deadline passed or the call was cancelled. */
        public boolean tripped() {
            int s = state.get();
            return s == FIRING || s == FIRED || (s == DONE && firedBeforeClose);
        }

        public boolean cancelled() {
            return cancelled;
        }

        public boolean expired() {
            return System.nanoTime() - deadlineNanos >= 0;
        }

        public long remainingMs() {
            if (deadlineNanos == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
        }

        private boolean firedBeforeClose;

        /** Ends the watch and clears an interrupt this guard delivered. */
        @Override
        public void close() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            if (state.compareAndSet(RUNNING, DONE)) {
                return;
            }
            while (state.get() == FIRING) {
                Thread.onSpinWait();
            }
            firedBeforeClose = true;
            state.set(DONE);
            Thread.interrupted();
        }
    }
}
