package io.wasmudf.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small bounded pool of warm {@link Plugin} instances of one {@link CompiledPlugin}, for callers
 * that share a plug-in across threads (a per-connection cache needs none: a connection is one
 * thread at a time). At most {@code maxInstances} exist; a borrower waits up to a timeout for one.
 * Idle instances are kept warm (their vars persist, as in Extism); an instance whose call failed is
 * returned too, because {@link Plugin} already discarded its broken Wasm state.
 *
 * <pre>{@code
 * try (InstancePool pool = new InstancePool(compiled, 4)) {
 *     byte[] out = pool.call("count_vowels", input, 1000);
 * }
 * }</pre>
 */
public final class InstancePool implements AutoCloseable {
    private final CompiledPlugin compiled;
    private final Semaphore permits;
    private final ArrayDeque<Plugin> idle = new ArrayDeque<>();
    private final int maxInstances;
    private int created;
    private boolean closed;

    public InstancePool(CompiledPlugin compiled, int maxInstances) {
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be positive");
        }
        this.compiled = compiled;
        this.maxInstances = maxInstances;
        this.permits = new Semaphore(maxInstances, true);
    }

    /** Borrows an instance, waiting up to {@code waitMs}; give it back with {@link #release}. */
    public Plugin borrow(long waitMs) {
        try {
            if (!permits.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
                throw new WasmException(WasmException.Kind.TIMEOUT, "no plug-in instance free within " + waitMs
                        + " ms (pool of " + maxInstances + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WasmException(WasmException.Kind.TIMEOUT, "interrupted while waiting for a plug-in instance");
        }
        synchronized (this) {
            if (closed) {
                permits.release();
                throw new IllegalStateException("pool is closed");
            }
            Plugin p = idle.pollFirst();
            if (p == null) {
                p = compiled.instantiate();
                created++;
            }
            return p;
        }
    }

    /** Returns a borrowed instance. */
    public void release(Plugin p) {
        synchronized (this) {
            if (closed) {
                p.close();
            } else {
                idle.addFirst(p); // most recently used first: its memory is the warmest
            }
        }
        permits.release();
    }

    /** Borrows, calls and releases. */
    public byte[] call(String export, byte[] input, long waitMs) {
        Plugin p = borrow(waitMs);
        try {
            return p.call(export, input);
        } finally {
            release(p);
        }
    }

    /** Instances created so far (at most {@code maxInstances} alive at once). */
    public synchronized int created() {
        return created;
    }

    public synchronized int idle() {
        return idle.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(Plugin::close);
        idle.clear();
    }
}
