package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * H2's own cancel reaches a plug-in that never returns (the fixture's {@code spin}, no timeout_ms):
 * Statement.cancel(), a query timeout and CANCEL_SESSION end it with 57014 long before the host's
 * default limit (10 s); the connection, its other warm instance and the store survive. Each test
 * prints the time from the cancel to the error; the asserted bound (2 s) only tells "cancelled"
 * from "ran into the default limit".
 */
class CancelTest extends H2TestBase {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** Registers the fixture as "fx" (spin) and "cnt" (a warm instance whose counter must survive). */
    private Connection caller() throws SQLException {
        register(conn, "fx", TestModules.fixture("v1"));
        register(conn, "cnt", TestModules.fixture("v1"));
        Connection c = open();
        assertEquals(1, count(c, "cnt"));
        return c;
    }

    private static void assertIntact(Connection c) throws SQLException {
        assertEquals(2, count(c, "cnt"), "the other plug-in's warm instance was kept");
        assertEquals("ok", call(c, "fx.echo", "ok"));
        assertEquals(2L, ((Number) query1(c, "SELECT COUNT(*) FROM wasm_plugins()")).longValue());
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Test
    @Timeout(30)
    void statementCancelStopsTheCall() throws Exception {
        Connection c = caller();
        try (PreparedStatement ps = c.prepareStatement("SELECT wasm_call('fx', 'spin', X'')")) {
            AtomicLong cancelledAt = new AtomicLong();
            timer.schedule(() -> {
                cancelledAt.set(System.nanoTime());
                ps.cancel();
                return null;
            }, 300, TimeUnit.MILLISECONDS);
            SQLException e = assertThrows(SQLException.class, ps::executeQuery);
            long took = System.nanoTime() - cancelledAt.get();
            assertEquals("57014", e.getSQLState(), e::getMessage);
            System.out.printf("H2 Statement.cancel() to 57014: %d ms%n", ms(took));
            assertTrue(took < TimeUnit.SECONDS.toNanos(2), "cancelled, not stopped by the default limit");
        }
        assertIntact(c);
    }

    @Test
    @Timeout(30)
    void queryTimeoutStopsTheCall() throws Exception {
        Connection c = caller();
        try (PreparedStatement ps = c.prepareStatement("SELECT wasm_call('fx', 'spin', X'')")) {
            ps.setQueryTimeout(1);
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, ps::executeQuery);
            long past = System.nanoTime() - start - TimeUnit.SECONDS.toNanos(1);
            assertEquals("57014", e.getSQLState(), e::getMessage);
            System.out.printf("H2 query timeout (1 s) to 57014: %d ms after the deadline%n", ms(past));
            assertTrue(past < TimeUnit.SECONDS.toNanos(2));
        }
        assertIntact(c);
    }

    @Test
    @Timeout(30)
    void cancelSessionStopsTheCall() throws Exception {
        Connection c = caller();
        int id = ((Number) query1(c, "SELECT SESSION_ID()")).intValue();
        AtomicLong cancelledAt = new AtomicLong();
        timer.schedule(() -> {
            cancelledAt.set(System.nanoTime());
            try (Statement st = conn.createStatement()) {
                st.execute("CALL CANCEL_SESSION(" + id + ")");
            }
            return null;
        }, 300, TimeUnit.MILLISECONDS);
        SQLException e = assertThrows(SQLException.class, () -> query1(c, "SELECT wasm_call('fx', 'spin', X'')"));
        long took = System.nanoTime() - cancelledAt.get();
        assertEquals("57014", e.getSQLState(), e::getMessage);
        System.out.printf("H2 CANCEL_SESSION to 57014: %d ms%n", ms(took));
        assertTrue(took < TimeUnit.SECONDS.toNanos(2));
        assertIntact(c);
    }

    @Test
    @Timeout(30)
    void theNextStatementIsNotCancelledToo() throws Exception {
        Connection c = caller();
        try (PreparedStatement ps = c.prepareStatement("SELECT wasm_call('fx', 'spin', X'')")) {
            timer.schedule(() -> {
                ps.cancel();
                return null;
            }, 200, TimeUnit.MILLISECONDS);
            assertThrows(SQLException.class, ps::executeQuery);
        }
        // The cancel was consumed by the call it stopped: H2 does not cancel the next statement.
        assertEquals("after", call(c, "fx.echo", "after"));
    }

    @Test
    @Timeout(30)
    void aSessionAbortedMidCallDoesNotMakeANewSessionWait() throws Exception {
        Connection c = caller();
        int id = ((Number) query1(c, "SELECT SESSION_ID()")).intValue();
        Thread runner = new Thread(() -> {
            try {
                query1(c, "SELECT wasm_call('fx', 'spin', X'')");
            } catch (SQLException expected) {
                // ends when its session is aborted
            }
        });
        runner.start();
        Thread.sleep(300);
        try (Statement st = conn.createStatement()) {
            st.execute("CALL ABORT_SESSION(" + id + ")");
        }
        long start = System.nanoTime();
        Connection fresh = open(); // a new session sweeps the aborted one's state
        assertEquals("quick", call(fresh, "fx.echo", "quick"));
        long took = System.nanoTime() - start;
        System.out.printf("H2 new session's first call after ABORT_SESSION of a running one: %d ms%n", ms(took));
        assertTrue(took < TimeUnit.SECONDS.toNanos(2), "the new session did not wait for the aborted call");
        runner.join(TimeUnit.SECONDS.toMillis(5));
        assertTrue(!runner.isAlive(), "the aborted session's call ended");
    }
}
