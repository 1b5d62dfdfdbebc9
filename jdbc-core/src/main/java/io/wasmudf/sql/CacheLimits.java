package io.wasmudf.sql;

/** Bounds of a connection's {@link InstanceCache}. Immutable; see {@link #builder()}. */
public final class CacheLimits {
    private static final CacheLimits DEFAULTS = builder().build();

    private final int maxInstances;
    private final long maxBytes;

    private CacheLimits(Builder b) {
        this.maxInstances = b.maxInstances;
        this.maxBytes = b.maxBytes;
    }

    /** 16 instances, 256 MiB of Wasm and kernel memory per connection. */
    public static CacheLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxInstances() {
        return maxInstances;
    }

    /** Total {@code Plugin.memoryFootprint()} a connection may keep warm. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Builds {@link CacheLimits}. */
    public static final class Builder {
        private int maxInstances = 16;
        private long maxBytes = 256L * 1024 * 1024;

        private Builder() {
        }

        public Builder maxInstances(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxInstances must be at least 1: " + n);
            }
            this.maxInstances = n;
            return this;
        }

        public Builder maxBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBytes must not be negative: " + bytes);
            }
            this.maxBytes = bytes;
            return this;
        }

        public CacheLimits build() {
            return new CacheLimits(this);
        }
    }
}
