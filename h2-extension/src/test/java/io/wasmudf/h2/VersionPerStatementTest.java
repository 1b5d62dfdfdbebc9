package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One version per statement under concurrent re-registration: four callers run 50-row statements
 * over the fixture's {@code tag} export (v1 or v2) while a fifth connection re-registers the
 * plug-in as fast as it can; no statement may return both tags. A long scan under the same
 * churn returns one tag throughout.
 */
class VersionPerStatementTest extends H2TestBase {
    private static final String SCAN = "SELECT wasm_call('fx', 'tag', CAST(x AS VARCHAR)) FROM SYSTEM_RANGE(1, ?)";

    @Test
    @Timeout(120)
    void noStatementMixesVersions() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger registrations = new AtomicInteger();
        AtomicInteger statements = new AtomicInteger();
        AtomicInteger mixed = new AtomicInteger();
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> work = new ArrayList<>();
        Connection registrar = open();
        work.add(pool.submit(() -> reRegister(registrar, stop, registrations)));
        for (int i = 0; i < 4; i++) {
            Connection c = open();
            work.add(pool.submit(() -> {
                try (PreparedStatement ps = c.prepareStatement(SCAN)) {
                    ps.setInt(1, 50);
                    while (!stop.get()) {
                        Set<String> tags = tags(ps);
                        seen.addAll(tags);
                        statements.incrementAndGet();
                        if (tags.size() > 1) {
                            mixed.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        Thread.sleep(5000);
        stop.set(true);
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        System.out.printf("H2 versions: %d statements of 50 rows, %d re-registrations, %d statements mixed versions%n",
                statements.get(), registrations.get(), mixed.get());
        assertEquals(Set.of("v1", "v2"), seen, "the callers saw both versions (the churn was real)");
        assertEquals(0, mixed.get());
    }

    @Test
    @Timeout(180)
    void aLongScanSeesOneVersion() throws Exception {
        register(conn, "fx", TestModules.fixture("v1"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger registrations = new AtomicInteger();
        Connection registrar = open();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> churn = pool.submit(() -> reRegister(registrar, stop, registrations));
        Set<String> tags;
        int before;
        try (PreparedStatement ps = conn.prepareStatement(SCAN)) {
            ps.setInt(1, 300_000);
            before = registrations.get();
            tags = tags(ps);
        } finally {
            stop.set(true);
            churn.get(60, TimeUnit.SECONDS);
            pool.shutdown();
        }
        int during = registrations.get() - before;
        System.out.printf("H2 versions: one 300,000-row scan during %d re-registrations returned %s%n", during, tags);
        assertTrue(during > 0, "re-registrations committed while the scan ran");
        assertEquals(1, tags.size(), tags::toString);
    }

    private static Set<String> tags(PreparedStatement ps) throws SQLException {
        Set<String> tags = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tags.add(rs.getString(1));
            }
        }
        return tags;
    }

    private static Void reRegister(Connection c, AtomicBoolean stop, AtomicInteger registrations) throws SQLException {
        byte[][] versions = {TestModules.fixture("v2"), TestModules.fixture("v1")};
        try (Statement st = c.createStatement()) {
            st.execute("SELECT 1"); // connected
        }
        for (int i = 0; !stop.get(); i++) {
            register(c, "fx", versions[i % 2]);
            registrations.incrementAndGet();
        }
        return null;
    }
}
