package io.wasmudf.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Measures (and prints; asserts nothing about time) what the per-call version check costs: the
 * cached prepared statement, and preparing again per call as H2's new connection wrapper forces.
 */
class VersionCheckCostTest {
    @Test
    void measureVersionCheck() throws SQLException {
        PluginStore store = PluginStore.builder(Dialect.H2).build();
        try (Connection c = CoreTestSupport.newDatabase(store)) {
            store.register(c, "a", CoreTestSupport.fixture("v1"), null);
            long v = -1;
            int n = 20_000;
            long cached = 0;
            ConnectionState kept = new ConnectionState(new InstanceCache("kept", CacheLimits.defaults()));
            for (int round = 0; round < 2; round++) { // the first round warms up
                long t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    v = store.reads().version(c, kept, "a").version;
                }
                cached = (System.nanoTime() - t) / n;
            }
            long prepared = 0;
            for (int round = 0; round < 2; round++) {
                long t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    // A new state has no prepared query: this prepares again, as a new wrapper would.
                    v = store.reads().version(c, new ConnectionState(new InstanceCache("new", CacheLimits.defaults())), "a").version;
                }
                prepared = (System.nanoTime() - t) / n;
            }
            assertEquals(store.reads().list(c).get(0).version(), v);
            System.out.printf("version check on H2: %d ns/call with a cached statement, %d ns/call preparing each call%n",
                    cached, prepared);
        }
    }
}
