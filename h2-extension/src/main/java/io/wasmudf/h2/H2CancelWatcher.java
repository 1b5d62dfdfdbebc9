package io.wasmudf.h2;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.h2.engine.SessionLocal;

/**
 * Carries H2's own cancel to running Wasm. H2 cancels a statement with flags its engine checks
 * between rows: {@code Statement.cancel()} and {@code CANCEL_SESSION} set the running command's
 * cancel flag, a query timeout puts a deadline in the session, {@code ABORT_SESSION} also closes the
 * session. A plug-in call is one long step of a row, so one daemon thread polls the sessions of
 * running calls every {@link #POLL_MS} ms and cancels a call whose statement is cancelled, past its
 * deadline or whose session is closed. It parks while no call runs.
 */
final class H2CancelWatcher {
    static final long POLL_MS = 10;
    private static final H2CancelWatcher INSTANCE = new H2CancelWatcher();

    private final Set<RunningCall> running = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;
    /** Whether the watcher is parked with no deadline (no call was running when it looked). */
    private volatile boolean idle;

    private H2CancelWatcher() {
    }

    static H2CancelWatcher get() {
        return INSTANCE;
    }

    /** Watches one call of {@code session} until the result is closed. */
    RunningCall watch(SessionLocal session, Runnable cancel) {
        RunningCall call = new RunningCall(session, cancel);
        running.add(call);
        Thread t = thread;
        if (t == null) {
            thread();
        } else if (idle) {
            // Wake the watcher only from its untimed park: while it polls, it sees the new call
            // within POLL_MS anyway, and a wake-up per row would cost a thread switch per row.
            LockSupport.unpark(t);
        }
        return call;
    }

    /** Whether H2 has cancelled the session's running statement (its command, or the session's deadline). */
    static boolean cancelDue(SessionLocal session) {
        long at = session.getCancel();
        return at != 0 && System.nanoTime() - at >= 0 || CommandCancel.isSet(session.getCurrentCommand());
    }

    private synchronized Thread thread() {
        if (thread == null) {
            Thread t = new Thread(this::run, "wasmudf-h2-cancel-watcher");
            t.setDaemon(true); // never keeps the JVM (or a closing database) alive
            t.start();
            thread = t;
        }
        return thread;
    }

    private void run() {
        while (true) {
            if (running.isEmpty()) {
                idle = true;
                if (running.isEmpty()) { // a call added before idle was set did not unpark us
                    LockSupport.park(this);
                }
                idle = false;
                continue;
            }
            for (RunningCall call : running) {
                if (call.session.isClosed() || cancelDue(call.session)) {
                    call.cancel.run();
                }
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
    }

    /** One watched call; closing it stops the watch. */
    final class RunningCall implements AutoCloseable {
        private final SessionLocal session;
        private final Runnable cancel;

        private RunningCall(SessionLocal session, Runnable cancel) {
            this.session = session;
            this.cancel = cancel;
        }

        @Override
        public void close() {
            running.remove(this);
        }
    }
}
