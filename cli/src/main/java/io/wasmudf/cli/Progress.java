package io.wasmudf.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines on stderr for the steps that take a while (compiling a module, registering),
 * so stdout carries only results: {@code wasmudf: compiling udfs.wasm (2.1 MiB)... done in 840 ms}.
 */
final class Progress {
    private final PrintStream err;

    Progress(PrintStream err) {
        this.err = err;
    }

    /** Starts a step; {@link Step#done()} finishes its line with the time it took. */
    Step start(String what) {
        err.print("wasmudf: " + what + "... ");
        err.flush();
        return new Step();
    }

    void note(String line) {
        err.println("wasmudf: " + line);
        err.flush();
    }

    /** A step under way. */
    final class Step {
        private final long started = System.nanoTime();

        void done() {
            err.println("done in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            err.flush();
        }

        void failed() {
            err.println("failed");
            err.flush();
        }
    }

    /** A byte count for people: {@code 812 bytes}, {@code 41.3 KiB}, {@code 2.1 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
