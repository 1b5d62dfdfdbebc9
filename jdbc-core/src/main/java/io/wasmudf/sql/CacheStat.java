package io.wasmudf.sql;

/** A snapshot of one connection's counters for one plug-in (a row of {@code wasm_cache_stats()}). */
public final class CacheStat {
    public final String connection;
    public final String plugin;
    /** The version of the warm instance, or null if none is cached now. */
    public final Long version;
    /** Wasm instantiations (a new instance, or a fresh one after a trap, timeout or memory cap). */
    public final long instances;
    public final long calls;
    public final long errors;
    public final long hits;
    public final long misses;
    public final long evictions;
    public final long wasmNanos;
    /** Memory the warm instance holds now (0 if none). */
    public final long memoryBytes;

    CacheStat(String connection, String plugin, Long version, long instances, long calls, long errors, long hits,
            long misses, long evictions, long wasmNanos, long memoryBytes) {
        this.connection = connection;
        this.plugin = plugin;
        this.version = version;
        this.instances = instances;
        this.calls = calls;
        this.errors = errors;
        this.hits = hits;
        this.misses = misses;
        this.evictions = evictions;
        this.wasmNanos = wasmNanos;
        this.memoryBytes = memoryBytes;
    }
}
