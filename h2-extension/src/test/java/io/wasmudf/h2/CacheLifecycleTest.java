package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * When H2's sessions' instances are freed: {@link WasmUdf#closeCaches()} frees them at once;
 * {@link WasmDatabaseListener} frees a closing database's; without it they wait for the next sweep.
 * Counted through the process-wide session table (other tests' sessions are in it too, so these
 * tests look at differences and run isolated).
 */
@Isolated
@Timeout(60)
class CacheLifecycleTest {
    private static final AtomicInteger DBS = new AtomicInteger();

    private static Connection open(boolean listener) throws SQLException {
        String url = "jdbc:h2:mem:lifecycle" + DBS.incrementAndGet()
                + (listener ? ";DATABASE_EVENT_LISTENER='" + WasmDatabaseListener.class.getName() + "'" : "");
        Connection c = DriverManager.getConnection(url, "sa", "");
        WasmUdf.install(c);
        H2TestBase.register(c, "fx", TestModules.fixture("v1"));
        return c;
    }

    @Test
    void closeCachesFreesEverySessionsInstancesAndCallsStartAfresh() throws Exception {
        try (Connection c = open(false)) {
            assertEquals(1, H2TestBase.count(c, "fx"));
            assertEquals(2, H2TestBase.count(c, "fx"));
            WasmUdf.closeCaches();
            assertEquals(0, H2Sessions.CACHES.size());
            assertEquals(1, H2TestBase.count(c, "fx"), "a new instance: the warm one was freed");
        }
    }

    @Test
    void theListenerFreesAClosingDatabasesSessions() throws Exception {
        WasmUdf.closeCaches();
        Connection c = open(true);
        H2TestBase.count(c, "fx");
        assertEquals(1, H2Sessions.CACHES.size());
        c.close();                     // the last session: the in-memory database closes, the listener runs
        assertEquals(0, H2Sessions.CACHES.size());
    }

    @Test
    void withoutTheListenerAClosedSessionWaitsForTheNextSweep() throws Exception {
        WasmUdf.closeCaches();
        Connection c = open(false);
        H2TestBase.count(c, "fx");
        c.close();
        assertEquals(1, H2Sessions.CACHES.size(), "nothing told the cache");
        try (Connection next = open(false)) {
            H2TestBase.count(next, "fx");   // a new session sweeps the closed one
            assertEquals(1, H2Sessions.CACHES.size());
        }
    }
}
