package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile plug-ins attacking the kernel ABI where this host deliberately answers differently from
 * libextism (see plugins/hostile/README.md); the cases where both agree are corpus cases.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileKernelTest {

    private static String call(Plugin p, String export, String input) {
        return p.call(export, input);
    }

    @Test
    void impossibleAllocationsReturnZeroAndLeaveTheAllocatorIntact() {
        try (Plugin p = Hostile.plugin("hostile.wasm")) {
            assertEquals("a=0 len_a=0 b=77 len_b=16", call(p, "alloc_max", ""));
            assertEquals("a=0 len_a=0 b=77 len_b=16", call(p, "alloc_2_62", ""));
            assertEquals("nonzero=0 b=77 len_b=16", call(p, "alloc_impossible_loop", ""));
        }
    }

    @Test
    void exhaustingAllocationsFailAsOutOfMemoryAtThePageLimit() {
        try (Plugin p = Hostile.plugin("hostile.wasm", m -> m.maxPages(40), o -> { })) {
            WasmException e = assertThrows(WasmException.class, () -> call(p, "alloc_until_full", "100000"));
            assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind(), e.getMessage());
        }
    }

    @Test
    void outOfRangeOutputsAndIndexesAreIgnoredWithoutAJavaException() {
        try (Plugin p = Hostile.plugin("hostile.wasm")) {
            assertArrayEquals(new byte[0], p.call("output_neg_len", new byte[0]));
            assertEquals("neg_u64=0", call(p, "input_wrap", "abcdefghij"));
        }
    }

    @Test
    void varKeysAreComparedAsBytes() {
        try (Plugin p = Hostile.plugin("hostile.wasm")) {
            assertEquals("one+two", call(p, "var_binary_keys", ""));
        }
    }

    @Test
    void aVarStoreCountsTheReplacedValueAsExtismDoes() {
        try (Plugin p = Hostile.plugin("hostile.wasm", m -> m.maxVarBytes(2048L), o -> { })) {
            assertEquals("set", call(p, "var_replace_1k", ""));
            WasmException e = assertThrows(WasmException.class, () -> call(p, "var_replace_1k", ""));
            assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
            assertEquals("Variable store is full", e.getMessage());
        }
    }

    @Test
    void disabledVarsAreAHostRefusal() {
        try (Plugin p = Hostile.plugin("hostile.wasm", m -> m.maxVarBytes(0L), o -> { })) {
            WasmException e = assertThrows(WasmException.class, () -> call(p, "var_flood", "1"));
            assertFalse(e instanceof PluginException);
            assertEquals(WasmException.Kind.NOT_ALLOWED, e.kind());
            assertEquals("Vars are disabled by this host", e.getMessage());
        }
    }

    @Test
    void aVarFloodCostsLinearTime() {
        for (int n : new int[] {10_000, 100_000}) {
            try (Plugin p = Hostile.plugin("hostile.wasm", m -> m.maxVarBytes(64L << 20), o -> { })) {
                long t0 = System.nanoTime();
                assertEquals("vars=" + n, call(p, "var_flood", Integer.toString(n)));
                System.out.printf("var flood of %d vars: %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
                assertEquals(n, p.vars().size());
            }
        }
    }

    @Test
    void aGiantErrorMessageIsCutAtACharacterBoundary() {
        try (Plugin p = Hostile.plugin("hostile.wasm")) {
            long t0 = System.nanoTime();
            PluginException e = assertThrows(PluginException.class, () -> call(p, "error_huge", "50"));
            System.out.printf("50 MiB error: %d ms, message of %d chars%n", (System.nanoTime() - t0) / 1_000_000,
                    e.getMessage().length());
            String suffix = "... [message cut: " + (50L << 20) + " bytes in all]";
            assertTrue(e.getMessage().endsWith(suffix), e.getMessage().substring(e.getMessage().length() - 80));
            String kept = e.getMessage().substring(0, e.getMessage().length() - suffix.length());
            assertEquals(32768, kept.length(), "64 KiB of two-byte characters, none split");
            assertTrue(kept.chars().allMatch(c -> c == '\u00e9'));
            assertEquals(1, e.code());
        }
    }

    @Test
    void aHugeOutputIsRefusedByTheHostsOutputLimit() {
        try (Plugin p = Hostile.plugin("hostile.wasm")) {
            long t0 = System.nanoTime();
            WasmException e = assertThrows(WasmException.class, () -> call(p, "output_huge", "100"));
            System.out.printf("100 MiB output: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals(WasmException.Kind.OUTPUT_TOO_LARGE, e.kind());
            assertEquals(16 << 20, p.call("output_huge", "16".getBytes(StandardCharsets.UTF_8)).length,
                    "a 16 MiB output still works");
        }
    }

    @Test
    void anExportWithTheWrongSignatureIsNamedAsSuchAndKeepsTheInstanceWarm() {
        try (Plugin p = Hostile.plugin("spin.wasm")) {
            WasmException e = assertThrows(WasmException.class, () -> p.call("add", new byte[0]));
            assertEquals(WasmException.Kind.INVALID_EXPORT, e.kind());
            assertEquals("export add has type (i64,i64)->i64; an Extism export takes no parameters and returns nothing"
                    + " or an i32", e.getMessage());
            WasmException missing = assertThrows(WasmException.class, () -> p.call("nope", new byte[0]));
            assertEquals(WasmException.Kind.FUNCTION_NOT_FOUND, missing.kind());
            assertEquals(1, p.instantiations());
        }
    }

    @Test
    void aMemoryGrowBombStopsAtTheHostsPageCap() {
        try (Plugin p = Hostile.plugin("spin.wasm", m -> { }, o -> o.defaultMaxPages(256))) {
            WasmException e = assertThrows(WasmException.class, () -> p.call("grow_forever", new byte[0]));
            assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind(), e.getMessage());
            assertInstanceOf(WasmException.class, e);
        }
    }

    @Test
    void noHostileExportGetsAJavaClassNameIntoAMessage() {
        int failures = 0;
        for (String file : new String[] {"hostile.wasm", "spin.wasm"}) {
            try (Plugin p = Hostile.plugin(file, m -> m.maxPages(64).maxVarBytes(4096L), o -> { })) {
                for (String export : p.compiled().exports()) {
                    try {
                        p.call(export, "3".getBytes(StandardCharsets.UTF_8), 500);
                    } catch (WasmException e) {
                        failures++;
                        String m = e.getMessage();
                        assertFalse(m.matches("(?s).*(java\\.|Exception|Error:).*"), export + ": " + m);
                        assertTrue(m.length() < 70_000, export + ": message of " + m.length());
                    }
                }
            }
        }
        assertTrue(failures >= 8, "most hostile exports fail: " + failures);
    }
}
