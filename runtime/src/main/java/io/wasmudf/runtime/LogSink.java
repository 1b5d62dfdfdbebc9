package io.wasmudf.runtime;

/** Receives plug-in log messages (the {@code log_*} kernel functions and WASI stdout/stderr). */
@FunctionalInterface
public interface LogSink {
    void log(String plugin, LogLevel level, String message);

    /** Logs through {@link System.Logger} named {@code io.wasmudf.plugin}. */
    static LogSink systemLogger() {
        System.Logger logger = System.getLogger("io.wasmudf.plugin");
        return (plugin, level, message) -> logger.log(level.systemLevel(), "[{0}] {1}", plugin, message);
    }

    /**
     * Makes {@code sink}, and {@code level} as the threshold, the defaults of every
     * {@link PluginOptions} built after this call in this process; options built before keep theirs.
     * For a host that owns the process's logging: the PL/Java bridge hands plug-in logs to
     * PostgreSQL, which filters them by its own settings, so it asks for every level. Call it before
     * the first plug-in is compiled.
     */
    static void setProcessDefault(LogSink sink, LogLevel level) {
        LogDefaults.set(sink, level);
    }
}
