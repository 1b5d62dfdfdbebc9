package io.wasmudf.runtime;

/**
 * Counters of one {@link Plugin}, written by the calling thread and read by any other (cache
 * statistics) while a call runs: volatile, never behind the call's lock.
 */
final class PluginStats {
    private volatile long calls;
    private volatile long failures;
    private volatile long instantiations;
    private volatile long snapshotStarts;
    private volatile long builtImageStarts;
    private volatile long nanosInCalls;
    private volatile long footprint;

    void callStarted() {
        calls++;
    }

    void callFailed() {
        failures++;
    }

    void instantiated() {
        instantiations++;
    }

    void startedFromSnapshot() {
        snapshotStarts++;
    }

    long snapshotStarts() {
        return snapshotStarts;
    }

    void startedFromBuiltImage() {
        builtImageStarts++;
    }

    long builtImageStarts() {
        return builtImageStarts;
    }

    void callEnded(long nanos, long footprintBytes) {
        nanosInCalls += nanos;
        footprint = footprintBytes;
    }

    void discarded() {
        footprint = 0;
    }

    long calls() {
        return calls;
    }

    long failures() {
        return failures;
    }

    long instantiations() {
        return instantiations;
    }

    long nanosInCalls() {
        return nanosInCalls;
    }

    long footprint() {
        return footprint;
    }
}
