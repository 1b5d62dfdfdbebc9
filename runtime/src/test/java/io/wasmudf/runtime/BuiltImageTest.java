package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.corpus.CorpusFiles;
import io.wasmudf.runtime.PluginOptions.Snapshots;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Instances started from an image of an instance as built (segments and tables in place, no guest
 * code run) and then running their own start-up: taken where a snapshot of start-up is refused, so
 * each such instance must behave exactly as one built from its module, start-up effects and
 * entropy included.
 */
@Timeout(120)
class BuiltImageTest {
    private static final byte[] INIT_SEED = CorpusFiles.wasm("init_seed.wasm");
    private static final byte[] GO = CorpusFiles.wasm("count_vowels.wasm");

    private static CompiledPlugin compile(byte[] wasm, Snapshots snapshots) {
        return WasmEngine.shared().compile(Manifest.of(wasm), PluginOptions.builder().logLevel(LogLevel.OFF)
                .snapshots(snapshots).build());
    }

    private static void prime(CompiledPlugin c, int instances) {
        for (int i = 0; i < instances; i++) {
            try (Plugin p = c.instantiate()) {
                p.startUp();
            }
        }
    }

    @Test
    void goByDefaultStartsFromTheBuiltImageAndAnswersAsAFreshInstance() {
        CompiledPlugin go = compile(GO, Snapshots.DETERMINISTIC);
        prime(go, 1);
        assertFalse(go.builtImageTaken(), "the first instance only learns that start-up may not be imaged");
        prime(go, 1);
        assertFalse(go.snapshotTaken());
        assertTrue(go.builtImageTaken(), "the second one is imaged as built");
        assertTrue(go.snapshotBytes() > 0);
        List<String> inputs = List.of("Hello, World!", "", "aeiou AEIOU ÿ", "x".repeat(5000));
        try (Plugin fresh = compile(GO, Snapshots.OFF).instantiate(); Plugin fromImage = go.instantiate()) {
            for (String in : inputs) { // the running total in vars carries over on both alike
                assertEquals(new String(fresh.call("count_vowels", in)), new String(fromImage.call("count_vowels", in)));
            }
            assertEquals(1, fromImage.builtImageStarts());
            assertEquals(0, fromImage.snapshotStarts());
            assertEquals(0, fresh.builtImageStarts());
            assertEquals(fresh.guestPages(), fromImage.guestPages(), "same pages held");
        }
    }

    @Test
    void eachInstanceFromTheBuiltImageDrawsItsOwnSeed() {
        CompiledPlugin c = compile(INIT_SEED, Snapshots.DETERMINISTIC);
        prime(c, 2);
        assertTrue(c.builtImageTaken());
        try (Plugin a = c.instantiate(); Plugin b = c.instantiate()) {
            byte[] first = a.call("seed", new byte[0]);
            byte[] second = b.call("seed", new byte[0]);
            assertEquals(1, a.builtImageStarts());
            assertEquals(1, b.builtImageStarts());
            assertFalse(Arrays.equals(first, second), "each instance ran its own constructor and drew its own seed");
        }
    }

    @Test
    void startUpEffectsHappenInEveryInstance() {
        List<String> lines = new CopyOnWriteArrayList<>();
        CompiledPlugin c = WasmEngine.shared().compile(Manifest.of(CorpusFiles.wasm("init_log.wasm")),
                PluginOptions.builder().logLevel(LogLevel.INFO).logSink((name, level, message) -> lines.add(message))
                        .build());
        long fromImage = 0;
        for (int i = 0; i < 4; i++) {
            try (Plugin p = c.instantiate()) {
                p.call("hello", new byte[0]);
                fromImage += p.builtImageStarts();
            }
        }
        assertEquals(2, fromImage, "the third and fourth instances started from the built image");
        assertEquals(List.of("starting", "starting", "starting", "starting"), lines, "every instance ran its start-up");
    }

    @Test
    void beforeStartUpNeverSnapshotsStartUp() {
        // the Rust PDK's start-up calls nothing, so by default it is snapshotted; this policy says no
        CompiledPlugin c = compile(CorpusFiles.wasm("rs_udf.wasm"), Snapshots.BEFORE_START_UP);
        prime(c, 1);
        assertFalse(c.snapshotTaken());
        assertTrue(c.builtImageTaken(), "imaged as built at once: the policy is known before any start-up");
        assertTrue(c.snapshotRefusal().contains("before-start-up"), c.snapshotRefusal());
        try (Plugin fresh = compile(CorpusFiles.wasm("rs_udf.wasm"), Snapshots.OFF).instantiate();
                Plugin p = c.instantiate()) {
            assertEquals(new String(fresh.call("rs_count_vowels", "Hello, World!")),
                    new String(p.call("rs_count_vowels", "Hello, World!")));
            assertEquals(1, p.builtImageStarts());
        }
    }

    @Test
    void offAndStartSectionsNeverImage() {
        CompiledPlugin off = compile(INIT_SEED, Snapshots.OFF);
        prime(off, 3);
        assertFalse(off.builtImageTaken());
        assertFalse(off.snapshotTaken());

        // a start section runs inside Chicory's build, so no instance as built is free of guest code
        CompiledPlugin start = WasmEngine.shared().compile(Manifest.of(Hostile.wasm("start_loop.wasm")),
                PluginOptions.builder().logLevel(LogLevel.OFF).build());
        assertTrue(start.snapshotRefusal().contains("start section"), start.snapshotRefusal());
        for (int i = 0; i < 2; i++) {
            try (Plugin p = start.instantiate()) {
                WasmException e = assertThrows(WasmException.class, () -> p.call("run", new byte[0], 100));
                assertEquals(WasmException.Kind.TIMEOUT, e.kind());
            }
        }
        assertFalse(start.builtImageTaken());
    }

    @Test
    void theBuiltImageIsChargedToTheBudgetLikeAFreshInstance() {
        MemoryBudget budget = new MemoryBudget(256L << 20);
        CompiledPlugin c = WasmEngine.shared().compile(Manifest.of(GO), PluginOptions.builder().logLevel(LogLevel.OFF)
                .memoryBudget(budget).build());
        long freshPages;
        try (Plugin p = c.instantiate()) {
            p.call("count_vowels", "abc");
            freshPages = p.guestPages();
        }
        prime(c, 1);
        try (Plugin p = c.instantiate()) {
            p.call("count_vowels", "abc");
            assertEquals(1, p.builtImageStarts());
            // Pages, not heap: the image's pages are grown into in one step, so less spare room is held
            assertEquals(freshPages, p.guestPages(), "an instance from the built image holds the pages a fresh one held");
            assertTrue(budget.usedBytes() >= freshPages * 65536L, "and every one of them is charged");
        }
        assertEquals(0, budget.usedBytes(), "closing returns everything");
    }
}
