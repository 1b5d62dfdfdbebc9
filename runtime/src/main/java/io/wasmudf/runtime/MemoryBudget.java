package io.wasmudf.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * The bytes all live plug-in instances of a JVM may hold together: guest memories, kernel
 * memories (inputs included), vars and the output being copied out. A growth that would pass the
 * budget fails that call with {@link WasmException.Kind#OUT_OF_MEMORY}, as {@code max_pages} does,
 * instead of letting the JVM itself run out of heap (which takes a whole database down).
 *
 * <p>The {@linkplain #shared() shared} budget is {@value #DEFAULT_SHARE_PERCENT}% of the maximum
 * heap, or the system property {@value #PROPERTY} (bytes). Before refusing, the budget asks its
 * {@linkplain #addReclaimer reclaimers} (for example a cache of idle instances) to free memory.
 */
public final class MemoryBudget {
    /** System property giving the shared budget in bytes. */
    public static final String PROPERTY = "wasmudf.memory.budgetBytes";
    /** The shared budget's default share of {@code Runtime.maxMemory()}. */
    public static final int DEFAULT_SHARE_PERCENT = 50;

    private static final MemoryBudget SHARED = new MemoryBudget(defaultLimit());

    private final long limitBytes;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final List<LongUnaryOperator> reclaimers = new CopyOnWriteArrayList<>();

    /** A budget of {@code limitBytes} (at least 1). */
    public MemoryBudget(long limitBytes) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException("a memory budget must be positive: " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /** The JVM-wide budget every plug-in uses unless its options name another. */
    public static MemoryBudget shared() {
        return SHARED;
    }

    private static long defaultLimit() {
        String p;
        try {
            p = System.getProperty(PROPERTY);
        } catch (SecurityException denied) {
            // Trusted PL/Java's policy grants no property reads: the default share applies there.
            p = null;
        }
        if (p != null && !p.isBlank()) {
            try {
                long v = Long.parseLong(p.trim());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default share, as an unset property does
            }
        }
        return Runtime.getRuntime().maxMemory() / 100 * DEFAULT_SHARE_PERCENT;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** Bytes held now by all instances under this budget. */
    public long usedBytes() {
        return used.get();
    }

    /** How many reservations were refused so far. */
    public long refusals() {
        return refusals.get();
    }

    /**
     * Registers code that frees memory on demand: given the bytes wanted it releases what it can
     * (closing idle instances) and returns the bytes it freed. It must not wait for running calls.
     */
    public void addReclaimer(LongUnaryOperator reclaimer) {
        reclaimers.add(reclaimer);
    }

    public void removeReclaimer(LongUnaryOperator reclaimer) {
        reclaimers.remove(reclaimer);
    }

    /** Opens an account for one instance; closing it returns everything it still holds. */
    public Account open() {
        return new Account();
    }

    private boolean tryTake(long bytes) {
        while (true) {
            long u = used.get();
            if (bytes > limitBytes - u) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    private boolean reserve(long bytes) {
        if (tryTake(bytes)) {
            return true;
        }
        for (LongUnaryOperator r : reclaimers) {
            long wanted = bytes - (limitBytes - used.get());
            if (wanted <= 0) {
                break;
            }
            r.applyAsLong(wanted);
        }
        if (tryTake(bytes)) {
            return true;
        }
        refusals.incrementAndGet();
        return false;
    }

    /** What one instance holds of the budget. Used by one call at a time; closed by any thread. */
    public final class Account implements AutoCloseable {
        private final AtomicLong held = new AtomicLong();
        private volatile boolean closed;

        private Account() {
        }

        /**
         * Takes {@code bytes} from the budget for {@code what}, or fails the call as out of memory.
         */
        public void reserve(long bytes, String what) {
            if (bytes <= 0) {
                return;
            }
            if (closed || !MemoryBudget.this.reserve(bytes)) {
                throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: " + what + " (" + bytes
                        + " bytes) would pass the host's memory budget for plug-ins (" + limitBytes
                        + " bytes, " + used.get() + " in use)");
            }
            held.addAndGet(bytes);
        }

        /**
         * Takes {@code bytes} only if the budget has them free now, without asking reclaimers and
         * without counting a refusal: for room that is nice to have, not needed.
         */
        public boolean reserveIfFree(long bytes) {
            if (bytes <= 0) {
                return true;
            }
            if (closed || !tryTake(bytes)) {
                return false;
            }
            held.addAndGet(bytes);
            return true;
        }

        /** Returns {@code bytes} taken earlier. */
        public void release(long bytes) {
            if (bytes <= 0) {
                return;
            }
            long before = held.getAndUpdate(h -> Math.max(0, h - bytes));
            used.addAndGet(-Math.min(before, bytes));
        }

        /** Bytes this account holds. */
        public long held() {
            return held.get();
        }

        @Override
        public void close() {
            closed = true;
            used.addAndGet(-held.getAndSet(0));
        }
    }
}
