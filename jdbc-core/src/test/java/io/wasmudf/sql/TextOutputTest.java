package io.wasmudf.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TextOutputTest {
    @Test
    void utf8TextPassesUnchangedAndAnEncodedReplacementCharacterIsText() throws SQLException {
        assertEquals("héllo", TextOutput.decode("héllo".getBytes(StandardCharsets.UTF_8), "p", "e"));
        assertEquals("a\uFFFDb", TextOutput.decode("a\uFFFDb".getBytes(StandardCharsets.UTF_8), "p", "e"),
                "U+FFFD written by the plug-in as UTF-8 is valid text");
        assertNull(TextOutput.decode(null, "p", "e"));
    }

    @Test
    void bytesThatAreNotUtf8FailNamingTheByteItsOffsetAndTheWayOut() {
        SQLException e = assertThrows(SQLException.class,
                () -> TextOutput.decode(new byte[] {'o', 'k', (byte) 0xff, (byte) 0xfe}, "p", "e"));
        assertEquals("22021", e.getSQLState());
        assertTrue(e.getMessage().startsWith("output of plug-in 'p', export 'e' is not UTF-8 text (byte 0xff at offset 2)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("binary input"), e.getMessage());
    }

    @Test
    void aSequenceCutShortAtTheEndIsNotText() {
        byte[] euroCut = {'x', (byte) 0xe2, (byte) 0x82};   // the first two of the euro sign's three bytes
        SQLException e = assertThrows(SQLException.class, () -> TextOutput.decode(euroCut, "p", "e"));
        assertTrue(e.getMessage().contains("byte 0xe2 at offset 1"), e.getMessage());
    }
}
