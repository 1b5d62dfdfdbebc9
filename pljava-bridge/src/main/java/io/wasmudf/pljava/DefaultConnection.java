package io.wasmudf.pljava;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * PL/Java's {@code jdbc:default:connection}, adapted where PL/Java 1.6 leaves JDBC methods out:
 * {@code PreparedStatement.isClosed()} throws SQLFeatureNotSupportedException there, and jdbc-core
 * asks it to decide whether its per-backend version query can be reused. The wrapper answers it
 * from {@code close()} calls it has seen, and passes everything else through. It keeps the same
 * wrapper for the same underlying connection so jdbc-core's reuse (keyed by the Connection object)
 * keeps working.
 */
final class DefaultConnection {
    private static Connection underlying;
    private static Connection wrapped;

    private DefaultConnection() {
    }

    static synchronized Connection wrap(Connection c) {
        if (c != underlying) {
            underlying = c;
            wrapped = (Connection) Proxy.newProxyInstance(DefaultConnection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, new ConnectionHandler(c));
        }
        return wrapped;
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection c;

        ConnectionHandler(Connection c) {
            this.c = c;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "wasmudf(" + c + ")";
                default:
                    break;
            }
            Object out = DefaultConnection.invoke(c, m, args);
            if (out instanceof PreparedStatement && m.getName().equals("prepareStatement")) {
                return Proxy.newProxyInstance(DefaultConnection.class.getClassLoader(),
                        new Class<?>[] {PreparedStatement.class}, new StatementHandler((PreparedStatement) out));
            }
            return out;
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final PreparedStatement ps;
        private volatile boolean closed;

        StatementHandler(PreparedStatement ps) {
            this.ps = ps;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "isClosed":
                    return closed;
                case "close":
                    closed = true;
                    return DefaultConnection.invoke(ps, m, args);
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return DefaultConnection.invoke(ps, m, args);
            }
        }
    }
}
