package io.wasmudf.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Host-side settings of a plug-in that are not part of the Extism manifest: host functions, WASI,
 * logging, execution mode and the host's own safety caps. Immutable; see {@link #builder()}.
 */
public final class PluginOptions {
    /** The page cap applied when a manifest sets no {@code memory.max_pages}: 256 MiB. */
    public static final int DEFAULT_MAX_PAGES = 4096;
    /** The largest output a call may return by default: 64 MiB. */
    public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L * 1024 * 1024;

    /** A wall clock frozen at the Unix epoch, for {@link Builder#wasiClock}. */
    public static final Clock EPOCH_CLOCK = Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC);

    /** Whether a plug-in gets WASI preview 1. */
    public enum Wasi {
        /** Only if a module imports it, and then sandboxed (the default: plug-ins built with WASI need it). */
        AUTO,
        /** Always. */
        ON,
        /** Never: a module importing WASI fails to link. */
        OFF
    }

    /**
     * Whether a new instance may start from a snapshot of an earlier instance taken right after its
     * constructors ran, instead of running them again (see {@link InstanceSnapshot}). Where it may
     * not, and the modules have no start section, a new instance still starts from an image of an
     * earlier one as built (data segments and tables in place, no guest code run yet) and then runs
     * its own constructors: that image is the same for every instance, so it is always safe.
     */
    public enum Snapshots {
        /** Never: every instance is built from its module and runs its constructors. */
        OFF,
        /** Only the image as built: every instance runs its own constructors. */
        BEFORE_START_UP,
        /**
         * Only when the constructors made no call whose answer could differ between two instances of
         * the same plug-in: no clock, no random bytes, no file, log, kernel, config, var, HTTP or host
         * function call (the default).
         */
        DETERMINISTIC,
        /**
         * Also when the constructors read the clock or random bytes: every instance started from the
         * snapshot shares those reads (the same seeds, e.g. Go's runtime hash and {@code math/rand}
         * seeds, and the same start time). Calls made after start-up get fresh values as always.
         */
        SHARE_ENTROPY;

        /**
         * System property giving the default: {@code off}, {@code before-start-up}, {@code deterministic}
         * or {@code share-entropy}.
         */
        public static final String PROPERTY = "wasmudf.instance.snapshots";

        static Snapshots fromProperty() {
            String v;
            try {
                v = System.getProperty(PROPERTY);
            } catch (SecurityException e) {
                v = null; // a policy that hides properties (PL/Java) gets the default
            }
            if (v == null || v.isBlank()) {
                return DETERMINISTIC;
            }
            for (Snapshots s : values()) {
                if (s.name().equalsIgnoreCase(v.trim().replace('-', '_'))) {
                    return s;
                }
            }
            throw new IllegalArgumentException(PROPERTY + " must be off, before-start-up, deterministic or share-entropy, not '"
                    + v + "'");
        }
    }

    private static final PluginOptions DEFAULTS = builder().build();

    private final String name;
    private final List<HostFunction> hostFunctions;
    private final Wasi wasi;
    private final LogLevel logLevel;
    private final LogSink logSink;
    private final ExecutionMode mode;
    private final int defaultMaxPages;
    private final long maxOutputBytes;
    private final boolean httpResponseHeaders;
    private final Clock wasiClock;
    private final MemoryBudget memoryBudget;
    private final Snapshots snapshots;

    private PluginOptions(Builder b) {
        this.name = b.name;
        this.hostFunctions = List.copyOf(b.hostFunctions);
        this.wasi = b.wasi;
        this.logLevel = b.logLevel;
        this.logSink = b.logSink;
        this.mode = b.mode;
        this.defaultMaxPages = b.defaultMaxPages;
        this.maxOutputBytes = b.maxOutputBytes;
        this.httpResponseHeaders = b.httpResponseHeaders;
        this.wasiClock = b.wasiClock;
        this.memoryBudget = b.memoryBudget;
        this.snapshots = b.snapshots;
    }

    public static PluginOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.hostFunctions.addAll(hostFunctions);
        b.wasi = wasi;
        b.logLevel = logLevel;
        b.logSink = logSink;
        b.mode = mode;
        b.defaultMaxPages = defaultMaxPages;
        b.maxOutputBytes = maxOutputBytes;
        b.httpResponseHeaders = httpResponseHeaders;
        b.wasiClock = wasiClock;
        b.memoryBudget = memoryBudget;
        b.snapshots = snapshots;
        return b;
    }

    /** The plug-in's name in log messages. */
    public String name() {
        return name;
    }

    public List<HostFunction> hostFunctions() {
        return hostFunctions;
    }

    public Wasi wasi() {
        return wasi;
    }

    public LogLevel logLevel() {
        return logLevel;
    }

    public LogSink logSink() {
        return logSink;
    }

    public ExecutionMode mode() {
        return mode;
    }

    /** Pages each memory may grow to when the manifest gives no {@code memory.max_pages}. */
    public int defaultMaxPages() {
        return defaultMaxPages;
    }

    public long maxOutputBytes() {
        return maxOutputBytes;
    }

    /** Whether {@code http_headers} returns the last response's headers (Extism: opt-in). */
    public boolean httpResponseHeaders() {
        return httpResponseHeaders;
    }

    /**
     * The wall clock WASI's realtime clock reads; null (the default) means the host's real clock, as
     * the official runtime gives. {@link #EPOCH_CLOCK} (or any {@code Clock.fixed}) freezes it for
     * reproducible outputs. The monotonic clock is always the host's, and {@code poll_oneoff}
     * sleeps really wait (a call's time limit ends them): a plug-in that times its sleep by the
     * wall clock never wakes on a frozen one, until its time limit.
     */
    public Clock wasiClock() {
        return wasiClock;
    }

    /** The budget this plug-in's instances charge their memory to; {@link MemoryBudget#shared()} by default. */
    public MemoryBudget memoryBudget() {
        return memoryBudget;
    }

    /** When new instances start from a snapshot; {@link Snapshots#DETERMINISTIC} unless the system property says otherwise. */
    public Snapshots snapshots() {
        return snapshots;
    }

    /** Builds {@link PluginOptions}. */
    public static final class Builder {
        private String name = "plugin";
        private final List<HostFunction> hostFunctions = new ArrayList<>();
        private Wasi wasi = Wasi.AUTO;
        private LogLevel logLevel = LogDefaults.level();
        private LogSink logSink = LogDefaults.sink();
        private ExecutionMode mode = ExecutionMode.COMPILER;
        private int defaultMaxPages = DEFAULT_MAX_PAGES;
        private long maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;
        private boolean httpResponseHeaders;
        private Clock wasiClock;
        private MemoryBudget memoryBudget = MemoryBudget.shared();
        private Snapshots snapshots = Snapshots.fromProperty();

        private Builder() {
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        public Builder hostFunction(HostFunction f) {
            hostFunctions.add(Objects.requireNonNull(f));
            return this;
        }

        public Builder hostFunctions(List<HostFunction> fs) {
            fs.forEach(this::hostFunction);
            return this;
        }

        public Builder wasi(Wasi wasi) {
            this.wasi = Objects.requireNonNull(wasi);
            return this;
        }

        public Builder wasi(boolean on) {
            return wasi(on ? Wasi.ON : Wasi.OFF);
        }

        public Builder logLevel(LogLevel level) {
            this.logLevel = Objects.requireNonNull(level);
            return this;
        }

        public Builder logSink(LogSink sink) {
            this.logSink = Objects.requireNonNull(sink);
            return this;
        }

        public Builder mode(ExecutionMode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder defaultMaxPages(int pages) {
            if (pages < 1 || pages > 65536) {
                throw new IllegalArgumentException("defaultMaxPages must be within 1..65536: " + pages);
            }
            this.defaultMaxPages = pages;
            return this;
        }

        public Builder maxOutputBytes(long bytes) {
            if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxOutputBytes must be within 0..2^31-9: " + bytes);
            }
            this.maxOutputBytes = bytes;
            return this;
        }

        public Builder httpResponseHeaders(boolean on) {
            this.httpResponseHeaders = on;
            return this;
        }

        public Builder wasiClock(Clock clock) {
            this.wasiClock = clock;
            return this;
        }

        /** The memory budget instances charge to (default {@link MemoryBudget#shared()}). */
        public Builder memoryBudget(MemoryBudget budget) {
            this.memoryBudget = Objects.requireNonNull(budget);
            return this;
        }

        /** When new instances may start from a snapshot instead of running their constructors. */
        public Builder snapshots(Snapshots snapshots) {
            this.snapshots = Objects.requireNonNull(snapshots);
            return this;
        }

        public PluginOptions build() {
            return new PluginOptions(this);
        }
    }
}
