package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.LogLevel;

import java.util.logging.Level;

import org.junit.jupiter.api.Test;

/** Extism levels onto PostgreSQL's, and which levels a session's settings show. */
class PgLogTest {
    @Test
    void extismLevelsMapOntoPostgresLevelsAndNeverOntoError() {
        assertEquals("warning", PgLog.pgLevel(LogLevel.ERROR));
        assertEquals("warning", PgLog.pgLevel(LogLevel.WARN));
        assertEquals("info", PgLog.pgLevel(LogLevel.INFO));
        assertEquals("debug1", PgLog.pgLevel(LogLevel.DEBUG));
        assertEquals("debug2", PgLog.pgLevel(LogLevel.TRACE));
        assertNull(PgLog.pgLevel(LogLevel.OFF));
    }

    @Test
    void theJulFallbackUsesTheLevelsPljavaTurnsIntoTheSamePostgresLevels() {
        // PL/Java's ELogHandler: SEVERE -> ERROR (never used), WARNING, INFO, FINE -> DEBUG1, FINER -> DEBUG2.
        assertEquals(Level.WARNING, PgLog.julLevel(LogLevel.ERROR));
        assertEquals(Level.WARNING, PgLog.julLevel(LogLevel.WARN));
        assertEquals(Level.INFO, PgLog.julLevel(LogLevel.INFO));
        assertEquals(Level.FINE, PgLog.julLevel(LogLevel.DEBUG));
        assertEquals(Level.FINER, PgLog.julLevel(LogLevel.TRACE));
        assertNull(PgLog.julLevel(LogLevel.OFF));
        for (LogLevel l : LogLevel.values()) {
            assertFalse(l != LogLevel.OFF && PgLog.julLevel(l).intValue() >= Level.SEVERE.intValue(), l.name());
        }
    }

    @Test
    void aLineIsThePluginsNameAndItsMessage() {
        assertEquals("kv: stored 3 keys", PgLog.line("kv", "stored 3 keys"));
        assertEquals("go: from WASI stdout", PgLog.line("go", "from WASI stdout\n"));
    }

    @Test
    void clientMinMessagesDecidesWhatTheClientSeesAndInfoAlwaysGoesThrough() {
        PgLogLevels warning = PgLogLevels.parse("warning log");   // log: nothing of ours in the server log
        assertTrue(warning.shows(PgLogLevels.WARNING));
        assertTrue(warning.shows(PgLogLevels.INFO));
        assertFalse(warning.shows(PgLogLevels.DEBUG1));
        PgLogLevels error = PgLogLevels.parse("error log");
        assertFalse(error.shows(PgLogLevels.WARNING));
        assertTrue(error.shows(PgLogLevels.INFO));
        PgLogLevels debug1 = PgLogLevels.parse("debug1 log");
        assertTrue(debug1.shows(PgLogLevels.DEBUG1));
        assertFalse(debug1.shows(PgLogLevels.DEBUG2));
        assertTrue(PgLogLevels.parse("DEBUG2 log").shows(PgLogLevels.DEBUG2));
    }

    @Test
    void logMinMessagesDecidesWhatTheServerLogKeeps() {
        assertTrue(PgLogLevels.parse("error warning").shows(PgLogLevels.WARNING));
        assertFalse(PgLogLevels.parse("error warning").shows(PgLogLevels.DEBUG1));
        assertTrue(PgLogLevels.parse("error debug2").shows(PgLogLevels.DEBUG2));
        assertFalse(PgLogLevels.parse("error fatal").shows(PgLogLevels.WARNING));
    }

    @Test
    void unreadableSettingsAreUnknown() {
        assertNull(PgLogLevels.parse(null));
        assertNull(PgLogLevels.parse("warning"));
        assertNull(PgLogLevels.parse("loud warning"));
    }
}
