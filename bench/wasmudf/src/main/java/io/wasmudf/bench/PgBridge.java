package io.wasmudf.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The PostgreSQL bridge's backend object (the code below the PL/Java boundary), reached by
 * reflection so that the benchmarks build whatever shape the bridge has this week: its class is
 * {@code io.wasmudf.pljava.PgBackend} (over jdbc-core) or the earlier {@code Backend}; both have
 * {@code register(Connection, String, byte[], String)} and {@code call(Connection, String, String)}.
 */
final class PgBridge implements AutoCloseable {
    private final Object backend;
    private final Method register;
    private final Method call;

    PgBridge(String label) throws ReflectiveOperationException {
        Object b = null;
        try {
            Class<?> k = Class.forName("io.wasmudf.pljava.PgBackend");
            Class<?> limits = Class.forName("io.wasmudf.sql.CacheLimits");
            Constructor<?> c = k.getConstructor(String.class, limits, boolean.class);
            b = c.newInstance(label, limits.getMethod("defaults").invoke(null), false);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            Class<?> k = Class.forName("io.wasmudf.pljava.Backend");
            b = k.getConstructor(String.class).newInstance(label);
        }
        backend = b;
        register = b.getClass().getMethod("register", Connection.class, String.class, byte[].class, String.class);
        call = b.getClass().getMethod("call", Connection.class, String.class, String.class);
    }

    String className() {
        return backend.getClass().getName();
    }

    void register(Connection c, String name, byte[] wasm) throws SQLException {
        invoke(register, c, name, wasm, null);
    }

    String call(Connection c, String function, String input) throws SQLException {
        return (String) invoke(call, c, function, input);
    }

    private Object invoke(Method m, Object... args) throws SQLException {
        try {
            return m.invoke(backend, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException) {
                throw (SQLException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (backend instanceof AutoCloseable) {
            ((AutoCloseable) backend).close();
        }
    }
}
