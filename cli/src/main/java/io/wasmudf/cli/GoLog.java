package io.wasmudf.cli;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Lines in the shape of Go's standard logger, which {@code extism call} uses for plug-in logs
 * and {@code -v} progress: {@code 2026/12/01 09:48:46 message}.
 */
final class GoLog {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private final PrintStream err;

    GoLog(PrintStream err) {
        this.err = err;
    }

    void print(String message) {
        synchronized (err) {
            err.print(STAMP.format(LocalDateTime.now()) + " " + message + (message.endsWith("\n") ? "" : "\n"));
            err.flush();
        }
    }
}
