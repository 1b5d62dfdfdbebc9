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
}
