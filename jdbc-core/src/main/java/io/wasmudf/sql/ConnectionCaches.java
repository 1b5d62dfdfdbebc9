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
 * connection (an H2 session object). Keys are held weakly (a state must not reach its key, see
 * {@link ConnectionState}); closed ones are swept when a new connection appears and every few
 * thousand lookups, and {@link #closeAll()} frees everything when the database closes. The lock
 * guards only the map: states are closed after it is released, and closing never waits for a
 * running call (it is cancelled), so one session never waits for another's plug-in.
 */
public final class ConnectionCaches<K> {
    private static final int SWEEP_EVERY = 4096;

    private final Predicate<K> isClosed;
    private final Function<K, ConnectionState> newState;
    private final Map<K, ConnectionState> states = new WeakHashMap<>();
    private int lookups;

    public ConnectionCaches(Predicate<K> isClosed, Function<K, ConnectionState> newState) {
        this.isClosed = isClosed;
        this.newState = newState;
    }

    /** The state of connection {@code key}, made on its first use. */
    public ConnectionState state(K key) {
        List<ConnectionState> dead = List.of();
        ConnectionState s;
        synchronized (this) {
            s = states.get(key);
            if (s == null) {
                dead = takeClosed();
                s = newState.apply(key);
                states.put(key, s);
            } else if (++lookups % SWEEP_EVERY == 0) {
                dead = takeClosed();
            }
        }
        dead.forEach(ConnectionState::close);
        return s;
    }

    /** Frees the state of closed connections. */
    public void sweep() {
        List<ConnectionState> dead;
        synchronized (this) {
            dead = takeClosed();
        }
        dead.forEach(ConnectionState::close);
    }

    /** Removes the states of closed connections from the map; the caller closes them unlocked. */
    private List<ConnectionState> takeClosed() {
        List<ConnectionState> dead = new ArrayList<>();
        Iterator<Map.Entry<K, ConnectionState>> it = states.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<K, ConnectionState> e = it.next();
            if (isClosed.test(e.getKey())) {
                dead.add(e.getValue());
                it.remove();
            }
        }
        return dead;
    }

    /** Frees the state of one connection, if it has any. */
    public void remove(K key) {
        ConnectionState s;
        synchronized (this) {
            s = states.remove(key);
        }
        if (s != null) {
            s.close();
        }
    }

    /** Frees everything (the database is closing). */
    public void closeAll() {
        List<ConnectionState> all;
        synchronized (this) {
            all = new ArrayList<>(states.values());
            states.clear();
        }
        all.forEach(ConnectionState::close);
    }

    public synchronized int size() {
        return states.size();
    }

    /** The counters of every live connection. */
    public List<CacheStat> stats() {
        sweep();
        List<ConnectionState> live;
        synchronized (this) {
            live = new ArrayList<>(states.values());
        }
        List<CacheStat> out = new ArrayList<>();
        for (ConnectionState s : live) {
            out.addAll(s.cache().stats());
        }
        return out;
    }
}
