package io.wasmudf.sql;

import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.MemoryBudget;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.WasmException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/**
 * One connection's warm plug-in instances: at most one per plug-in name, tagged with the version it
 * was made from, LRU-bounded by count and by memory. Belongs to one connection; its methods are
 * synchronized only so that stats can be read from another connection.
 */
public final class InstanceCache implements AutoCloseable {
    private final String label;
    private final CacheLimits limits;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Counters> counters = new TreeMap<>();
    private long totalBytes;
    private boolean closed;
    private final IdleReclaimer reclaimer = new IdleReclaimer(this);

    public InstanceCache(String label, CacheLimits limits) {
        this.label = label;
        this.limits = limits;
        MemoryBudget.shared().addReclaimer(reclaimer);
    }

    /**
     * Closes idle (not running) instances, least recently used first, until about {@code wanted}
     * bytes are freed; the memory budget calls it before refusing a running call.
     */
    synchronized long reclaimIdle(long wanted) {
        long freed = 0;
        Iterator<Entry> it = entries.values().iterator();
        while (freed < wanted && it.hasNext()) {
            Entry e = it.next();
            if (!e.plugin.isRunning()) {
                it.remove();
                freed += e.bytes;
                evicted(e);
            }
        }
        return freed;
    }

    /** Holds its cache weakly, so registering with the JVM-wide budget keeps no session alive. */
    private static final class IdleReclaimer implements LongUnaryOperator {
        private final WeakReference<InstanceCache> cache;

        IdleReclaimer(InstanceCache cache) {
            this.cache = new WeakReference<>(cache);
        }

        @Override
        public long applyAsLong(long wanted) {
            InstanceCache c = cache.get();
            if (c == null) {
                MemoryBudget.shared().removeReclaimer(this);
                return 0;
            }
            return c.reclaimIdle(wanted);
        }
    }

    /** The connection's label in {@code wasm_cache_stats()}. */
    public String label() {
        return label;
    }

    /** A warm instance of {@code version}, or null (a miss). An instance of another version is dropped. */
    public synchronized Entry lookup(String name, long version) {
        Entry e = entries.get(name);
        if (e != null && e.version == version) {
            e.counters.hits++;
            return e;
        }
        Counters c = counters(name);
        if (e != null) {
            remove(name);
        }
        c.misses++;
        return null;
    }

    /** Caches a new instance of {@code compiled} (replacing any other of the same name). */
    public synchronized Entry put(String name, long version, CompiledPlugin compiled) {
        if (closed) {
            throw new IllegalStateException("the connection's instance cache is closed");
        }
        remove(name);
        Entry e = new Entry(name, version, compiled.instantiate(), counters(name));
        entries.put(name, e);
        return e;
    }

    /**
     * Calls an export on a cached instance, keeping the counters and the bounds. An instance whose
     * guest failed mid-run (trap, timeout, memory cap) is closed and dropped: the next call of the
     * plug-in makes a new one. {@code timeoutMs} bounds the call (0: only the manifest's limit).
     */
    public byte[] call(Entry e, String export, byte[] input, long timeoutMs) {
        Plugin p = e.plugin;
        synchronized (this) {
            if (e.closing) {
                throw new IllegalStateException("the connection's instance cache is closed");
            }
            e.running = true;
        }
        // Plugin's counters are volatile: read without the lock, and the call itself runs outside
        // the cache's lock so stats stay readable during a long call. One lock afterwards.
        long instBefore = p.instantiations();
        long nanosBefore = p.nanosInCalls();
        WasmException failure = null;
        try {
            return p.call(export, input, timeoutMs);
        } catch (WasmException ex) {
            failure = ex;
            throw ex;
        } finally {
            synchronized (this) {
                e.running = false;
                Counters c = e.counters;
                c.calls++;
                c.instances += p.instantiations() - instBefore;
                c.wasmNanos += p.nanosInCalls() - nanosBefore;
                if (failure != null) {
                    c.errors++;
                }
                if (e.closing) {
                    p.close(); // closed by another thread while it ran: the call has ended now
                } else if (entries.get(e.name) == e) {
                    if (failure != null && discards(failure)) {
                        remove(e.name);
                    } else {
                        long now = p.memoryFootprint();
                        totalBytes += now - e.bytes;
                        e.bytes = now;
                        enforceBounds(e);
                    }
                }
            }
        }
    }

    private static boolean discards(WasmException ex) {
        switch (ex.kind()) {
            case TRAP:
            case TIMEOUT:
            case OUT_OF_MEMORY:
            case HOST_ERROR:
                return true;
            default:
                return false;
        }
    }

    /** Evicts least recently used instances, the one just used last, until within bounds. */
    private void enforceBounds(Entry justUsed) {
        Iterator<Entry> it = entries.values().iterator();
        while (over() && it.hasNext()) {
            Entry victim = it.next();
            if (victim == justUsed) {
                continue;
            }
            it.remove();
            evicted(victim);
        }
        if (over() && entries.get(justUsed.name) == justUsed) {
            entries.remove(justUsed.name);
            evicted(justUsed);
        }
    }

    private boolean over() {
        return entries.size() > limits.maxInstances() || totalBytes > limits.maxBytes();
    }

    private void evicted(Entry e) {
        counters(e.name).evictions++;
        totalBytes -= e.bytes;
        closeEntry(e);
    }

    /**
     * Closes an instance without waiting for it: a running call (only possible when another
     * thread closes the cache) is cancelled and its own thread closes the instance when it ends.
     */
    private static void closeEntry(Entry e) {
        e.closing = true;
        if (e.running) {
            e.plugin.cancel();
        } else {
            e.plugin.close();
        }
    }

    /** Drops a plug-in's instance (a new version, or a failure). */
    public synchronized void invalidate(String name) {
        remove(name);
    }

    /** Drops a plug-in's instance and its counters (it was unregistered). */
    public synchronized void forget(String name) {
        remove(name);
        counters.remove(name);
    }

    private void remove(String name) {
        Entry old = entries.remove(name);
        if (old != null) {
            totalBytes -= old.bytes;
            closeEntry(old);
        }
    }

    private Counters counters(String name) {
        return counters.computeIfAbsent(name, n -> new Counters());
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Memory the warm instances held after their last calls. */
    public synchronized long totalBytes() {
        return totalBytes;
    }

    public synchronized List<CacheStat> stats() {
        List<CacheStat> out = new ArrayList<>();
        counters.forEach((name, c) -> {
            Entry e = entries.get(name);
            out.add(new CacheStat(label, name, e == null ? null : e.version, c.instances, c.calls, c.errors, c.hits,
                    c.misses, c.evictions, c.wasmNanos, e == null ? 0 : e.bytes));
        });
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
        MemoryBudget.shared().removeReclaimer(reclaimer);
        for (Entry e : entries.values()) {
            closeEntry(e);
        }
        entries.clear();
        totalBytes = 0;
    }

    /** A warm instance: the plug-in's name, the version it was made from, the instance. */
    public static final class Entry {
        final String name;
        final long version;
        final Plugin plugin;
        final Counters counters;
        long bytes;
        /** Guarded by the cache's lock. */
        boolean running;
        boolean closing;

        Entry(String name, long version, Plugin plugin, Counters counters) {
            this.name = name;
            this.version = version;
            this.plugin = plugin;
            this.counters = counters;
        }

        public CompiledPlugin compiled() {
            return plugin.compiled();
        }

        public long version() {
            return version;
        }

        /** Stops this instance's running call, if any (from any thread). */
        public void cancel() {
            plugin.cancel();
        }
    }

    private static final class Counters {
        long instances;
        long calls;
        long errors;
        long hits;
        long misses;
        long evictions;
        long wasmNanos;
    }
}
