package io.wasmudf.sql;

import java.util.function.Function;

/**
 * The host's time bound on every call made from SQL, set by the database administrator. A call
 * whose manifest sets no {@code timeout_ms} gets {@link #defaultMs()}; a manifest may lower it and,
 * only where {@link #manifestMayExceedMax()} allows, raise it past {@link #maxMs()}. The statement's
 * own remaining time (a query timeout, {@code statement_timeout}) caps the result. 0 means
 * "no bound" throughout. Immutable; see {@link #builder()}.
 */
public final class CallTimeLimits {
    /** Property/setting names, after a database-specific prefix. */
    public static final String DEFAULT_NAME = "defaultTimeoutMs";
    public static final String MAX_NAME = "maxTimeoutMs";
    public static final String MAY_EXCEED_NAME = "manifestMayExceedMax";

    private static final CallTimeLimits DEFAULTS = builder().build();

    private final long defaultMs;
    private final long maxMs;
    private final boolean manifestMayExceedMax;

    private CallTimeLimits(Builder b) {
        this.defaultMs = b.maxMs > 0 && (b.defaultMs <= 0 || b.defaultMs > b.maxMs) ? b.maxMs : b.defaultMs;
        this.maxMs = b.maxMs;
        this.manifestMayExceedMax = b.manifestMayExceedMax;
    }

    /** 10 s by default, at most 30 s, and a manifest may not exceed the maximum. */
    public static CallTimeLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The limits named {@code prefix + DEFAULT_NAME} etc. in {@code lookup} (null or blank: the
     * default). A value that is not a number is an error naming the setting, not a silent default.
     */
    public static CallTimeLimits from(Function<String, String> lookup, String prefix) {
        Builder b = builder();
        String d = lookup.apply(prefix + DEFAULT_NAME);
        if (d != null && !d.isBlank()) {
            b.defaultMs(parse(prefix + DEFAULT_NAME, d));
        }
        String m = lookup.apply(prefix + MAX_NAME);
        if (m != null && !m.isBlank()) {
            b.maxMs(parse(prefix + MAX_NAME, m));
        }
        String x = lookup.apply(prefix + MAY_EXCEED_NAME);
        if (x != null && !x.isBlank()) {
            b.manifestMayExceedMax(Boolean.parseBoolean(x.trim()) || "on".equalsIgnoreCase(x.trim()));
        }
        return b.build();
    }

    private static long parse(String name, String value) {
        try {
            long v = Long.parseLong(value.trim());
            if (v < 0) {
                throw new IllegalArgumentException(name + " must be 0 (no bound) or a positive number of ms: " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of milliseconds: '" + value + "'", e);
        }
    }

    /** Used when the manifest sets no timeout_ms (never above the maximum). */
    public long defaultMs() {
        return defaultMs;
    }

    public long maxMs() {
        return maxMs;
    }

    public boolean manifestMayExceedMax() {
        return manifestMayExceedMax;
    }

    /**
     * The time limit for one call, in ms (0: unbounded), as passed to {@code Plugin.call}, which
     * also applies the manifest's own {@code timeout_ms} when that is lower.
     *
     * @param manifestMs the manifest's timeout_ms, or null
     * @param statementRemainingMs what the statement has left before the database cancels it, or
     *     0 when it has no deadline
     */
    public long forCall(Long manifestMs, long statementRemainingMs) {
        long limit;
        if (manifestMs == null || manifestMs <= 0) {
            limit = defaultMs;
        } else if (maxMs > 0 && manifestMs > maxMs && !manifestMayExceedMax) {
            limit = maxMs;
        } else {
            limit = manifestMs;
        }
        if (statementRemainingMs > 0) {
            limit = limit <= 0 ? statementRemainingMs : Math.min(limit, statementRemainingMs);
        }
        return limit;
    }

    @Override
    public String toString() {
        return "default " + defaultMs + " ms, max " + maxMs + " ms" + (manifestMayExceedMax ? ", manifests may exceed it" : "");
    }

    /** Builds {@link CallTimeLimits}. */
    public static final class Builder {
        private long defaultMs = 10_000;
        private long maxMs = 30_000;
        private boolean manifestMayExceedMax;

        private Builder() {
        }

        /** 0: no default (a manifest without timeout_ms runs unbounded, unless a maximum applies). */
        public Builder defaultMs(long ms) {
            this.defaultMs = Math.max(0, ms);
            return this;
        }

        /** 0: no maximum. */
        public Builder maxMs(long ms) {
            this.maxMs = Math.max(0, ms);
            return this;
        }

        public Builder manifestMayExceedMax(boolean may) {
            this.manifestMayExceedMax = may;
            return this;
        }

        public CallTimeLimits build() {
            return new CallTimeLimits(this);
        }
    }
}
