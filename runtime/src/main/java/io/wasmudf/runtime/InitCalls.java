package io.wasmudf.runtime;

import io.wasmudf.runtime.internal.WasiSandbox;
import java.util.Set;
import java.util.TreeSet;

/**
 * The imports an instance's start-up called (start sections and constructors), sorted by what they
 * make an image of that instance: whether another instance started from the image would be the same
 * as one that ran its own constructors.
 */
final class InitCalls {
    /** What an import call during start-up means for a snapshot. */
    enum Kind {
        /** Its answer is fixed by the plug-in's settings and it changes no host state. */
        FIXED,
        /** Reads a clock: instances started from the image share the time read. */
        CLOCK,
        /** Reads random bytes: instances started from the image share the seed. */
        RANDOM,
        /** Has an effect or reads state the image cannot hold (files, logs, kernel, vars, config, HTTP, host functions). */
        EFFECT
    }

    /**
     * WASI calls answered from the sandbox's fixed set-up: no arguments and no environment are ever
     * given, the preopened directories are the manifest's {@code allowed_paths}, and Chicory 1.7.5's
     * {@code fd_fdstat_set_flags} changes nothing (it only says whether the flags are the current ones).
     */
    private static final Set<String> FIXED_WASI = Set.of("args_get", "args_sizes_get", "environ_get",
            "environ_sizes_get", "fd_prestat_get", "fd_prestat_dir_name", "fd_fdstat_get", "fd_fdstat_set_flags",
            "sched_yield");
    private static final Set<String> CLOCK_WASI = Set.of("clock_time_get", "clock_res_get");

    private final Set<String> clock = new TreeSet<>();
    private final Set<String> random = new TreeSet<>();
    private final Set<String> effects = new TreeSet<>();
    private boolean watching = true;

    static Kind kindOf(String module, String name, boolean linkedModule) {
        if (linkedModule) {
            return Kind.FIXED; // another module of the plug-in: its own imports are watched too
        }
        if (module.equals(WasiSandbox.MODULE)) {
            if (FIXED_WASI.contains(name)) {
                return Kind.FIXED;
            }
            if (CLOCK_WASI.contains(name)) {
                return Kind.CLOCK;
            }
            return name.equals("random_get") ? Kind.RANDOM : Kind.EFFECT;
        }
        return Kind.EFFECT; // the kernel, config, vars, logs, HTTP, the user's host functions
    }

    /** Notes a call; only while start-up runs. */
    void record(Kind kind, String module, String name) {
        if (!watching) {
            return;
        }
        String what = module + "::" + name;
        switch (kind) {
            case CLOCK: clock.add(what); break;
            case RANDOM: random.add(what); break;
            case EFFECT: effects.add(what); break;
            default: break;
        }
    }

    /** Start-up is over: later calls are the plug-in's own business. */
    void stop() {
        watching = false;
    }

    /** Why an image of this start-up must not be used under {@code policy}, or null if it may. */
    String refusal(PluginOptions.Snapshots policy) {
        if (!effects.isEmpty()) {
            return "its start-up called " + String.join(", ", effects);
        }
        if (policy != PluginOptions.Snapshots.SHARE_ENTROPY && !(clock.isEmpty() && random.isEmpty())) {
            Set<String> read = new TreeSet<>(clock);
            read.addAll(random);
            return "its start-up read " + String.join(", ", read)
                    + " (instances started from one image would share those values)";
        }
        return null;
    }
}
