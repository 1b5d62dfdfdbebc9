package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The error classes on the corpus's WAT edge-case modules, the connection usable after each. */
class CorpusErrorsTest extends H2TestBase {

    private void usable() throws Exception {
        assertEquals(2L, ((Number) query1(conn, "SELECT 1 + 1")).longValue());
    }

    @Test
    void trapAndOutOfBounds() throws Exception {
        register(conn, "trap", TestModules.corpus("trap.wasm"));
        fails("38001", conn, "SELECT wasm_call('trap', 'x')");
        fails("38001", conn, "SELECT wasm_call('trap.oob', 'x')");
        usable();
    }

    @Test
    void endlessLoopStopsAtTimeout() throws Exception {
        register(conn, "loop", TestModules.corpus("loop.wasm"), "{\"timeout_ms\": 200}");
        fails("57014", conn, "SELECT wasm_call('loop.spin', 'x')");
        usable();
    }

    @Test
    void memoryBombStopsAtMaxPages() throws Exception {
        register(conn, "bomb", TestModules.corpus("membomb.wasm"), "{\"memory\": {\"max_pages\": 8}}");
        fails("53200", conn, "SELECT wasm_call('bomb.bomb', 'x')");
        usable();
    }

    @Test
    void bigOutputIsReturnedWhole() throws Exception {
        register(conn, "big", TestModules.corpus("big_output.wasm"));
        byte[] out = (byte[]) query1(conn, "SELECT wasm_call('big', X'00')");
        // 4 MiB of 8-byte little-endian words, word k = k * 0x0101010101010101.
        assertEquals(4 * 1024 * 1024, out.length);
        long k = 1000;
        long word = java.nio.ByteBuffer.wrap(out, (int) (8 * k), 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(k * 0x0101010101010101L, word);
    }

    @Test
    void missingImportIsRefusedAtRegistration() throws Exception {
        fails("22023", conn, "SELECT wasm_register('mi', ?)", (Object) TestModules.corpus("missing_import.wasm"));
        assertEquals(0L, ((Number) query1(conn, "SELECT COUNT(*) FROM wasm_plugins()")).longValue());
        usable();
    }
}
