package io.wasmudf.cli;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Says on stderr that a statement is still running once it has run a while, and then how long it
 * took: a plug-in's first call in a process compiles its module, which can take seconds with no
 * other sign of life.
 */
final class SlowNotice {
    /** Runs a task after a delay; returns what cancels it. */
    @FunctionalInterface
    interface Scheduler {
        Runnable schedule(Runnable task, long delayMs);
    }

    static final long DEFAULT_AFTER_MS = 2000;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wasmudf-slow-notice");
        t.setDaemon(true);
        return t;
    });

    private final Progress progress;
    private final long afterMs;
    private final Scheduler scheduler;

    SlowNotice(Progress progress, long afterMs, Scheduler scheduler) {
        this.progress = progress;
        this.afterMs = afterMs;
        this.scheduler = scheduler;
    }

    static SlowNotice standard(Progress progress) {
        return new SlowNotice(progress, DEFAULT_AFTER_MS, (task, ms) -> {
            ScheduledFuture<?> f = TIMER.schedule(task, ms, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        });
    }

    /** Starts watching one statement; call {@link Watch#finished} when it ends. */
    Watch watch() {
        Watch w = new Watch();
        w.cancel = scheduler.schedule(w::show, afterMs);
        return w;
    }

    /** One statement being watched. */
    final class Watch {
        private Runnable cancel;
        private boolean over;
        private Progress.Step shown;

        private synchronized void show() {
            if (!over) {
                shown = progress.start("still running after " + afterMs / 1000 + " s"
                        + " (a plug-in's first call in a process compiles its module)");
            }
        }

        /** Ends the watch; finishes the notice's line if it was shown. */
        synchronized void finished(boolean ok) {
            over = true;
            cancel.run();
            if (shown != null) {
                if (ok) {
                    shown.done();
                } else {
                    shown.failed();
                }
            }
        }
    }
}
