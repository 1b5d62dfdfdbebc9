package io.wasmudf.runtime.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops Wasm that runs too long by interrupting the thread running it; Chicory's interpreter and
 * compiled code check the interrupt flag at calls and loop back-edges.
 *
 * <p>Arming must be cheap (it happens on every call of every row), so nothing is scheduled per
 * call: each thread reuses one {@link Guard}, and a single daemon thread looks at the armed guards
 * every {@value #TICK_MS} ms while at least one has a deadline, and sleeps otherwise. Only armed
 * guards are referenced, so a thread that ends leaves nothing behind. An interrupt must never leak into the database thread after the
 * call, so a guard settles the race between "call finished" and "deadline fired" with one
 * compare-and-set, and clears the flag if the deadline won.
 */
public final class Watchdog {
    static final int TICK_MS = 2;

    private static final Set<Guard> ARMED = ConcurrentHashMap.newKeySet();
    /** Armed guards with a deadline: the ticker parks while there are none. */
    private static final AtomicInteger TIMED = new AtomicInteger();
    private static final ThreadLocal<Guard> MINE = new ThreadLocal<>();
    private static volatile Thread ticker;
    /** Whether the ticker is parked with no deadline (it lingers {@link #IDLE_AFTER_TICKS} ticks first). */
    private static volatile boolean tickerParked;
    /** Quiet ticks before the ticker parks for good: a scan's calls come and go faster than that. */
    static final int IDLE_AFTER_TICKS = 50;

    private Watchdog() {
    }

    /**
     * Arms a guard for the current thread until {@link Guard#close()}. With {@code timeoutMs <= 0}
     * only {@link Guard#cancel()} stops the call.
     */
    public static Guard watch(long timeoutMs) {
        Guard g = MINE.get();
        if (g == null || g.state.get() != Guard.IDLE) {
            // first use on this thread, or a nested call (a host function calling another plug-in)
            g = new Guard(Thread.currentThread(), g == null);
            if (g.reusable) {
                MINE.set(g);
            }
        }
        g.arm(timeoutMs);
        ARMED.add(g);
        if (g.timed && TIMED.incrementAndGet() == 1) {
            Thread t = ticker;
            if (t == null) {
                startTicker();
            } else if (tickerParked) {
                // Only from its untimed park: a ticker still ticking sees this call at its next
                // tick, and waking it on every call (every row of a scan) costs a thread switch each.
                LockSupport.unpark(t);
            }
        }
        return g;
    }

    /** Guards armed now (for tests: none are kept once their calls end). */
    static int armedCount() {
        return ARMED.size();
    }

    /** Whether the ticker thread is parked without a deadline to watch (for tests). */
    static boolean tickerIdle() {
        Thread t = ticker;
        return t == null || TIMED.get() == 0 && t.getState() == Thread.State.WAITING;
    }

    private static synchronized void startTicker() {
        if (ticker != null) {
            return;
        }
        Thread t = new Thread(Watchdog::tick, "wasmudf-watchdog");
        t.setDaemon(true);
        t.start();
        ticker = t;
    }

    private static void tick() {
        int quietTicks = 0;
        while (true) {
            if (TIMED.get() == 0 && ++quietTicks > IDLE_AFTER_TICKS) {
                tickerParked = true;
                if (TIMED.get() == 0) { // a watch() that came before the flag was set did not unpark
                    LockSupport.park(); // woken by the next timed watch(); a spurious wake just loops
                }
                tickerParked = false;
                quietTicks = 0;
                continue;
            }
            if (TIMED.get() > 0) {
                quietTicks = 0;
            }
            LockSupport.parkNanos(TICK_MS * 1_000_000L);
            long now = System.nanoTime();
            for (Guard g : ARMED) {
                if (g.timed && g.state.get() == Guard.RUNNING && now - g.deadline >= 0) {
                    g.fire(false);
                }
            }
        }
    }

    /** One thread's watch over the call it is running. */
    public static final class Guard implements AutoCloseable {
        static final int IDLE = 0;
        static final int RUNNING = 1;
        static final int FIRING = 2;
        static final int FIRED = 3;

        private final Thread thread;
        private final boolean reusable;
        private final AtomicInteger state = new AtomicInteger(IDLE);
        private volatile long deadline;
        private volatile boolean timed;
        private volatile boolean cancelled;
        private boolean tripped;

        private Guard(Thread thread, boolean reusable) {
            this.thread = thread;
            this.reusable = reusable;
        }

        private void arm(long timeoutMs) {
            timed = timeoutMs > 0;
            deadline = System.nanoTime() + (timed ? timeoutMs * 1_000_000L : Long.MAX_VALUE / 2);
            cancelled = false;
            tripped = false;
            state.set(RUNNING);
        }

        private void fire(boolean cancel) {
            if (state.compareAndSet(RUNNING, FIRING)) {
                cancelled = cancel;
                thread.interrupt();
                state.set(FIRED);
            }
        }

        /** Stops the call from another thread, as a timeout does. */
        public void cancel() {
            fire(true);
        }

        /** Whether the deadline passed or the call was cancelled while it ran. */
        public boolean tripped() {
            int s = state.get();
            return tripped || s == FIRING || s == FIRED;
        }

        public boolean cancelled() {
            return cancelled;
        }

        /** Whether this call had a deadline. */
        public boolean timed() {
            return timed;
        }

        public long remainingMs() {
            if (!timed) {
                return Long.MAX_VALUE;
            }
            return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        }

        /** Disarms and clears an interrupt this guard delivered. */
        @Override
        public void close() {
            if (ARMED.remove(this) && timed) {
                TIMED.decrementAndGet();
            }
            if (!state.compareAndSet(RUNNING, IDLE)) {
                while (state.get() == FIRING) {
                    Thread.onSpinWait();
                }
                tripped = true;
                Thread.interrupted();
                state.set(IDLE);
            }
        }
    }
}
