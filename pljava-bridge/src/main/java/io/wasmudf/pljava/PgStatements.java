package io.wasmudf.pljava;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.logging.Logger;

/**
 * Names the statement a call belongs to, so that a plug-in's version is read from the store once
 * per statement instead of once per row ({@link io.wasmudf.sql.ConnectionState#enterStatement}).
 *
 * <p>A statement is named by its {@code statement_timestamp()} (the install.sql wrappers pass it
 * with every call: PostgreSQL sets it for each command the client sends) together with a count of
 * the transactions and subtransactions that ended in this backend. PL/Java tells the count through
 * its {@code TransactionListener} and {@code SavepointListener}, reached at run time through its
 * public API (its API jar is not in any registry here, so nothing is compiled against it). So a
 * later command, a commit, a rollback or a rolled-back savepoint (a PL/pgSQL exception block
 * included) all read the store again; the backend's own registrations drop the pins at once.
 * Without the listeners (a PL/Java without that API) every call reads the store, as before.
 */
final class PgStatements {
    private static final String API = "org.postgresql.pljava.";

    /** Transaction and subtransaction ends seen; only PL/Java's thread writes it. */
    private static volatile long ends;
    private static volatile boolean listening;
    private static boolean tried;

    private PgStatements() {
    }

    /** The statement started at {@code startedAt} (epoch seconds), or null when ends are not seen. */
    static Object statement(double startedAt) {
        return listening ? new Statement(ends, startedAt) : null;
    }

    /** Registers the listeners with PL/Java's session once per backend; a failure leaves per-call reads. */
    static synchronized void listen() {
        if (tried) {
            return;
        }
        tried = true;
        try {
            ClassLoader loader = PgStatements.class.getClassLoader();
            Class<?> manager = Class.forName(API + "SessionManager", true, loader);
            Class<?> session = Class.forName(API + "Session", true, loader);
            Class<?> tx = Class.forName(API + "TransactionListener", true, loader);
            Class<?> sp = Class.forName(API + "SavepointListener", true, loader);
            Object current = manager.getMethod("current").invoke(null);
            session.getMethod("addTransactionListener", tx).invoke(current, listener(loader, tx));
            session.getMethod("addSavepointListener", sp).invoke(current, listener(loader, sp));
            // Loaded now, with the backend: PL/Java loads classes through SPI, which fails while a
            // cancel is pending, and a class that failed to load once stays unloadable (Rehearsal).
            new Statement(0, 0).hashCode();
            listening = true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Slower, still right: say so once in the server log (PL/Java routes this to WARNING).
            Logger.getAnonymousLogger().warning("wasmudf: PL/Java's transaction listeners are not available ("
                    + e + "); every call reads the plug-in store");
        }
    }

    private static Object listener(ClassLoader loader, Class<?> type) {
        return Proxy.newProxyInstance(loader, new Class<?>[] {type}, new Ends());
    }

    /** Counts the ends: a commit or an abort of a transaction, an abort of a subtransaction. */
    private static final class Ends implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] args) {
            String name = m.getName();
            if (m.getDeclaringClass() == Object.class) {
                switch (name) {
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        return "wasmudf statement listener";
                }
            }
            boolean savepoint = m.getParameterCount() == 3;
            if (name.equals("onAbort") || (!savepoint && (name.equals("onCommit") || name.equals("onPrepare")))) {
                ends++;
            }
            return null;
        }
    }

    /** One statement: the transaction ends seen before it and its start time. */
    private static final class Statement {
        private final long ends;
        private final double startedAt;

        Statement(long ends, double startedAt) {
            this.ends = ends;
            this.startedAt = startedAt;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Statement && ((Statement) o).ends == ends && ((Statement) o).startedAt == startedAt;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(ends) * 31 + Double.hashCode(startedAt);
        }
    }
}
