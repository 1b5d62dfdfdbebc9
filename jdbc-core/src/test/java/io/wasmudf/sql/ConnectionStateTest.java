package io.wasmudf.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The per-row shortcuts of a connection's state give what the long way gives. */
class ConnectionStateTest {
    private final ConnectionState s = new ConnectionState(new InstanceCache("test", CacheLimits.builder().build()));

    @Test
    void theLastFunctionReferenceIsKeptAndAnotherOneSplitAfresh() throws SQLException {
        assertArrayEquals(new String[] {"p", "e"}, s.split("p.e"));
        assertArrayEquals(new String[] {"p", "e"}, s.split(new String("p.e")), "equal text, another String");
        assertArrayEquals(new String[] {"q", "q"}, s.split("q"));
        assertArrayEquals(new String[] {"p", "e"}, s.split("p.e"));
        String[] first = s.split("p.e");
        first[0] = "changed";
        assertArrayEquals(new String[] {"p", "e"}, s.split("p.e"), "a caller's array is its own");
        SQLException e = assertThrows(SQLException.class, () -> s.split("p."));
        assertEquals("22023", e.getSQLState());
        assertThrows(SQLException.class, () -> s.split(null));
    }

    @Test
    void aPinnedVersionComesWithTheStatementsRemainingTime() {
        long[] remaining = {123};
        assertNull(s.pinnedVersion("p", remaining), "no statement named: nothing is pinned");
        assertEquals(StoreReads.VersionRead.UNKNOWN, remaining[0]);
        s.enterStatement("statement 1");
        s.pin("p", 7);
        assertEquals(7L, s.pinnedVersion("p", remaining));
        assertEquals(StoreReads.VersionRead.UNKNOWN, remaining[0], "no deadline noted yet");
        s.noteStatementRemaining(0);
        s.pinnedVersion("p", remaining);
        assertEquals(0, remaining[0], "noted: no deadline");
        s.enterStatement("statement 2");
        assertNull(s.pinnedVersion("p", remaining), "a new statement reads its version again");
        assertEquals(StoreReads.VersionRead.UNKNOWN, remaining[0]);
    }
}
