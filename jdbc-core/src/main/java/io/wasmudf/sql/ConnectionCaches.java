package io.wasmudf.sql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The process-wide registry of per-connection state, keyed by the database's own identity of a
 * connection (an H2 session object, a PostgreSQL backend). Keys are held weakly; closed ones are
 * swept when a new connection appears and every few thousand lookups, and {@link #closeAll()}
 * frees everything when the database closes.
 */
public final class ConnectionCaches<K> {
    private static final int SWEEP_EVERY = 4096;

    private final CacheLimits limits;
    private final Predicate<K> isClosed;
    private final Function<K, String> label;
    private final Map<K, ConnectionState> states = new WeakHashMap<>();
    private int lookups;

    public ConnectionCaches(CacheLimits limits, Predicate<K> isClosed, Function<K, String> label) {
        this.limits = limits;
        this.isClosed = isClosed;
        this.label = label;
    }

    /** The state of connection {@code key}, made on its first use. */
    public synchronized ConnectionState state(K key) {
        ConnectionState s = states.get(key);
        if (s == null) {
            sweep();
            s = new ConnectionState(new InstanceCache(label.apply(key), limits));
            states.put(key, s);
        } else if (++lookups % SWEEP_EVERY == 0) {
            sweep();
        }
        return s;
    }

    /** Frees the state of closed connections. */
    public synchronized void sweep() {
        Iterator<Map.Entry<K, ConnectionState>> it = states.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<K, ConnectionState> e = it.next();
            if (isClosed.test(e.getKey())) {
                e.getValue().close();
                it.remove();
            }
        }
    }

    /** Frees the state of one connection, if it has any. */
    public synchronized void remove(K key) {
        ConnectionState s = states.remove(key);
        if (s != null) {
            s.close();
        }
    }

    /** Frees everything (the database is closing). */
    public synchronized void closeAll() {
        states.values().forEach(ConnectionState::close);
        states.clear();
    }

    public synchronized int size() {
        return states.size();
    }

    /** The counters of every live connection. */
    public List<CacheStat> stats() {
        List<ConnectionState> live;
        synchronized (this) {
            sweep();
            live = new ArrayList<>(states.values());
        }
        List<CacheStat> out = new ArrayList<>();
        for (ConnectionState s : live) {
            out.addAll(s.cache().stats());
        }
        return out;
    }
}
