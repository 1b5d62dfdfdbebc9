package io.wasmudf.runtime;

import java.util.Objects;

/** The process-wide log defaults of {@link PluginOptions}: see {@link LogSink#setProcessDefault}. */
final class LogDefaults {
    private static volatile LogSink sink = LogSink.systemLogger();
    private static volatile LogLevel level = LogLevel.INFO;

    private LogDefaults() {
    }

    static synchronized void set(LogSink newSink, LogLevel newLevel) {
        sink = Objects.requireNonNull(newSink);
        level = Objects.requireNonNull(newLevel);
    }

    static LogSink sink() {
        return sink;
    }

    static LogLevel level() {
        return level;
    }
}
