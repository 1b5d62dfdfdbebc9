package io.wasmudf.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the memory budget's reclaimer does to a connection's cache: idle instances go, LRU first. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InstanceCacheReclaimTest {
    private final PluginStore store = PluginStore.builder(Dialect.H2).build();
    private final WasmFunctions fns = new WasmFunctions(store);
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = CoreTestSupport.newDatabase(store);
        for (String n : List.of("a", "b")) {
            store.register(c, n, CoreTestSupport.fixture("v1"), null);
        }
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void reclaimingClosesIdleInstancesLeastRecentlyUsedFirst() throws SQLException {
        ConnectionState s = new ConnectionState(new InstanceCache("test", CacheLimits.builder().build()));
        fns.call(c, s, "a", "count", new byte[0]);
        fns.call(c, s, "b", "count", new byte[0]);
        assertEquals(2, s.cache().size());
        long freed = s.cache().reclaimIdle(1);
        assertTrue(freed > 0, "freed " + freed);
        assertEquals(1, s.cache().size(), "only as many as needed");
        assertEquals(1, fns.call(c, s, "a", "count", new byte[0])[0], "a was the least recently used: it starts afresh");
        assertEquals(2, fns.call(c, s, "b", "count", new byte[0])[0], "b stayed warm");
        s.cache().reclaimIdle(Long.MAX_VALUE);
        assertEquals(0, s.cache().size());
    }
}
