package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Text in gives text out: output that is not UTF-8 fails clearly instead of turning into U+FFFD. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TextOutputSqlTest extends H2TestBase {
    @Test
    void aTextCallWhoseOutputIsNotUtf8FailsWith22021AndBinaryInputGivesTheBytes() throws Exception {
        register(conn, "bad", TestModules.hostile("hostile.wasm"));
        Connection c = open();
        String m = fails("22021", c, "SELECT wasm_call('bad', 'output_not_utf8', '')").getMessage();
        assertTrue(m.contains("plug-in 'bad', export 'output_not_utf8' is not UTF-8 text (byte 0xff at offset 2)"), m);
        assertTrue(m.contains("binary input"), m);
        assertFalse(m.matches("(?s).*\\bjava\\.[a-z]+\\.[A-Z].*"), m);
        fails("22021", c, "SELECT wasm_call('bad.output_not_utf8', 'x')");
        assertArrayEquals(new byte[] {'o', 'k', (byte) 0xff, (byte) 0xfe},
                (byte[]) query1(c, "SELECT wasm_call('bad', 'output_not_utf8', X'')"));
    }
}
