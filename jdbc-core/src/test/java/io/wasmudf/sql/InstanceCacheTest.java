package io.wasmudf.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bounds and counters of the per-connection cache, and the output cap, through {@link WasmFunctions}. */
class InstanceCacheTest {
    private final PluginStore store = PluginStore.builder(Dialect.H2).build();
    private final WasmFunctions fns = new WasmFunctions(store);
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = CoreTestSupport.newDatabase(store);
        for (String n : List.of("a", "b", "c")) {
            store.register(c, n, CoreTestSupport.fixture("v1"), null);
        }
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private static ConnectionState state(CacheLimits limits) {
        return new ConnectionState(new InstanceCache("test", limits));
    }

    private int count(ConnectionState s, String plugin) throws SQLException {
        byte[] out = fns.call(c, s, plugin, "count", new byte[0]);
        return out[0] & 0xff;
    }

    private static Map<String, CacheStat> stats(ConnectionState s) {
        return s.cache().stats().stream().collect(Collectors.toMap(st -> st.plugin, Function.identity()));
    }

    @Test
    void countBoundEvictsTheLeastRecentlyUsed() throws Exception {
        ConnectionState s = state(CacheLimits.builder().maxInstances(2).build());
        assertEquals(1, count(s, "a"));
        assertEquals(1, count(s, "b"));
        assertEquals(2, count(s, "a")); // a is now the most recent
        assertEquals(1, count(s, "c")); // evicts b
        assertEquals(2, s.cache().size());
        assertEquals(3, count(s, "a"), "a stayed warm");
        assertEquals(1, count(s, "b"), "b was evicted, so it starts again");
        Map<String, CacheStat> st = stats(s);
        assertEquals(1, st.get("b").evictions);
        assertEquals(2, st.get("b").misses);
        assertEquals(2, st.get("b").instances);
        assertEquals(2, st.get("a").hits);
        assertEquals(1, st.get("c").evictions, "c was least recent when b came back");
    }

    @Test
    void memoryBoundEvicts() throws Exception {
        ConnectionState probe = state(CacheLimits.defaults());
        count(probe, "a");
        long one = probe.cache().totalBytes();
        assertTrue(one > 0);
        ConnectionState s = state(CacheLimits.builder().maxBytes(one + one / 2).build());
        assertEquals(1, count(s, "a"));
        assertEquals(1, count(s, "b")); // two do not fit: a goes
        assertEquals(1, s.cache().size());
        assertTrue(s.cache().totalBytes() <= one + one / 2);
        assertEquals(1, stats(s).get("a").evictions);
        assertEquals(1, count(s, "a"));
        ConnectionState none = state(CacheLimits.builder().maxBytes(0).build());
        assertEquals(1, count(none, "a"));
        assertEquals(1, count(none, "a"), "an instance larger than the whole bound is not kept");
        assertEquals(0, none.cache().size());
    }

    @Test
    void closingFreesEverything() throws Exception {
        ConnectionState s = state(CacheLimits.defaults());
        count(s, "a");
        count(s, "b");
        s.close();
        assertEquals(0, s.cache().size());
        assertEquals(0, s.cache().totalBytes());
    }

    @Test
    void registryFreesClosedConnections() throws Exception {
        boolean[] closed = {false};
        Object key = new Object();
        ConnectionCaches<Object> caches = new ConnectionCaches<>(k -> closed[0],
                k -> new ConnectionState(new InstanceCache("k", CacheLimits.defaults())));
        ConnectionState s = caches.state(key);
        count(s, "a");
        assertEquals(1, caches.stats().size());
        closed[0] = true;
        caches.sweep();
        assertEquals(0, caches.size());
        assertEquals(0, s.cache().size());
    }

    @Test
    void outputTooLarge() throws Exception {
        CompiledPlugins small = new CompiledPlugins(WasmEngine.shared(), PluginOptions.builder().maxOutputBytes(8).build(), 8);
        WasmFunctions capped = new WasmFunctions(PluginStore.builder(Dialect.H2).compiled(small).build());
        ConnectionState s = state(CacheLimits.defaults());
        assertEquals("12345678", capped.callText(c, s, "a.echo", "12345678"));
        SQLException e = assertThrows(SQLException.class, () -> capped.callText(c, s, "a.echo", "123456789"));
        assertEquals(SqlStates.OUTPUT_TOO_LARGE, e.getSQLState(), e::getMessage);
        assertEquals("OK", capped.callText(c, s, "a.upper", "ok"));
    }

    @Test
    void functionReferences() throws Exception {
        assertEquals(List.of("p", "p"), List.of(PluginName.split("p")));
        assertEquals(List.of("p", "e.x"), List.of(PluginName.split("p.e.x")));
        for (String bad : new String[] {".e", "p.", ""}) {
            assertEquals(SqlStates.INVALID_PARAMETER, assertThrows(SQLException.class, () -> PluginName.split(bad)).getSQLState());
        }
        assertEquals("abc", new String(fns.call(c, state(CacheLimits.defaults()), "a.echo", "abc".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    }
}
