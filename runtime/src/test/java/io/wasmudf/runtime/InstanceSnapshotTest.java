package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.corpus.CorpusFiles;
import io.wasmudf.runtime.PluginOptions.Snapshots;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Instances started from an {@link InstanceSnapshot} behave as instances that ran their own
 * start-up; start-ups that read random bytes or the clock are not imaged unless the options say so;
 * memory limits count the restored image; images are never shared between different manifests.
 */
@Timeout(120)
class InstanceSnapshotTest {
    private static final byte[] INIT_STATE = CorpusFiles.wasm("init_state.wasm");
    private static final byte[] INIT_SEED = CorpusFiles.wasm("init_seed.wasm");

    private static CompiledPlugin compile(Manifest m, ExecutionMode mode, Snapshots snapshots) {
        return WasmEngine.shared().compile(m, PluginOptions.builder().mode(mode).logLevel(LogLevel.OFF)
                .snapshots(snapshots).build());
    }

    /** Runs one instance's start-up (imaging it where allowed) and closes it. */
    private static void prime(CompiledPlugin c) {
        try (Plugin p = c.instantiate()) {
            p.startUp();
        }
    }

    private static long[] u64s(byte[] out) {
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[out.length / 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getLong();
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionMode.class, names = {"COMPILER", "INTERPRETER"})
    void imageCarriesGrownMemoryRewrittenDataGlobalsAndTables(ExecutionMode mode) {
        byte[] fresh;
        try (Plugin p = compile(Manifest.of(INIT_STATE), mode, Snapshots.OFF).instantiate()) {
            fresh = p.call("state", new byte[0]);
        }
        // pages 4, global 41, table slot 0 -> 11, "HELLO", the marker in the last page
        assertArrayEquals(new long[] {4, 41, 11, 0x4f4c4c4548L, 0x1122334455667788L}, u64s(fresh));

        CompiledPlugin c = compile(Manifest.of(INIT_STATE), mode, Snapshots.DETERMINISTIC);
        prime(c);
        assertTrue(c.snapshotTaken(), "a start-up calling no import is imaged: " + c.snapshotRefusal());
        try (Plugin p = c.instantiate()) {
            assertArrayEquals(fresh, p.call("state", new byte[0]));
            assertEquals(1, p.snapshotStarts());
            assertEquals(42, u64s(p.call("bump", new byte[0]))[1]);
        }
        try (Plugin other = c.instantiate()) {
            assertEquals(42, u64s(other.call("bump", new byte[0]))[1], "another instance starts from the image, not from the bumped one");
        }
    }

    @Test
    void trappedInstanceIsReplacedByAFreshOneFromTheImage() {
        CompiledPlugin c = compile(Manifest.of(INIT_STATE), ExecutionMode.COMPILER, Snapshots.DETERMINISTIC);
        prime(c);
        try (Plugin p = c.instantiate()) {
            assertEquals(42, u64s(p.call("bump", new byte[0]))[1]);
            WasmException e = assertThrows(WasmException.class, () -> p.call("bump_then_trap", new byte[0]));
            assertEquals(WasmException.Kind.TRAP, e.kind());
            assertEquals(41, u64s(p.call("state", new byte[0]))[1], "the trapped instance's global is gone");
            assertEquals(2, p.instantiations());
            assertEquals(2, p.snapshotStarts());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionMode.class, names = {"COMPILER", "INTERPRETER"})
    void goAndRustPluginsFromTheImageAnswerAsFreshOnes(ExecutionMode mode) {
        // Go's runtime reads the clock and random bytes as it starts: imaged only when entropy may be shared
        check(CorpusFiles.wasm("count_vowels.wasm"), "count_vowels", mode, Snapshots.SHARE_ENTROPY);
        // the Rust PDK's start-up calls no import: imaged by default
        check(CorpusFiles.wasm("rs_udf.wasm"), "rs_count_vowels", mode, Snapshots.DETERMINISTIC);
    }

    private static void check(byte[] wasm, String export, ExecutionMode mode, Snapshots snapshots) {
        List<String> inputs = List.of("Hello, World!", "", "aeiou AEIOU ÿ", "x".repeat(5000));
        CompiledPlugin imaged = compile(Manifest.of(wasm), mode, snapshots);
        prime(imaged);
        assertTrue(imaged.snapshotTaken(), export + ": " + imaged.snapshotRefusal());
        try (Plugin fresh = compile(Manifest.of(wasm), mode, Snapshots.OFF).instantiate();
                Plugin restored = imaged.instantiate()) {
            for (String in : inputs) { // the vars (a running total) carry over calls on both alike
                assertEquals(fresh.call(export, in), restored.call(export, in), export + " on " + in.length() + " chars");
            }
            assertEquals(1, restored.snapshotStarts());
            assertEquals(0, fresh.snapshotStarts());
            // Pages, not heap: a restored memory grows to the image's size in one step, so its spare
            // room (GuestMemory's) differs from one grown page by page; the budget test counts heap.
            assertEquals(fresh.guestPages(), restored.guestPages(), "same pages held");
        }
    }

    @Test
    void startUpReadingRandomBytesIsNotImagedByDefault() {
        CompiledPlugin c = compile(Manifest.of(INIT_SEED), ExecutionMode.COMPILER, Snapshots.DETERMINISTIC);
        byte[] first;
        byte[] second;
        try (Plugin a = c.instantiate(); Plugin b = c.instantiate()) {
            first = a.call("seed", new byte[0]);
            second = b.call("seed", new byte[0]);
            assertEquals(0, b.snapshotStarts());
        }
        assertFalse(c.snapshotTaken());
        assertTrue(c.snapshotRefusal().contains("random_get"), c.snapshotRefusal());
        assertFalse(java.util.Arrays.equals(first, second), "each instance drew its own seed");

        CompiledPlugin go = compile(Manifest.of(CorpusFiles.wasm("count_vowels.wasm")), ExecutionMode.COMPILER,
                Snapshots.DETERMINISTIC);
        prime(go);
        assertFalse(go.snapshotTaken());
        assertTrue(go.snapshotRefusal().contains("random_get") && go.snapshotRefusal().contains("clock_time_get"),
                go.snapshotRefusal());
    }

    @Test
    void sharedEntropyIsWhatItSays() {
        CompiledPlugin c = compile(Manifest.of(INIT_SEED), ExecutionMode.COMPILER, Snapshots.SHARE_ENTROPY);
        byte[] imagedSeed;
        try (Plugin a = c.instantiate()) {
            imagedSeed = a.call("seed", new byte[0]);
        }
        assertTrue(c.snapshotTaken());
        try (Plugin b = c.instantiate()) {
            assertArrayEquals(imagedSeed, b.call("seed", new byte[0]), "instances from one image share its seed");
            assertEquals(1, b.snapshotStarts());
        }
    }

    @Test
    void offNeverImages() {
        CompiledPlugin c = compile(Manifest.of(INIT_STATE), ExecutionMode.COMPILER, Snapshots.OFF);
        prime(c);
        assertFalse(c.snapshotTaken());
        assertEquals("snapshots are off for this plug-in", c.snapshotRefusal());
    }

    @Test
    void startUpWithAnEffectIsNeverImaged() {
        // init_log's constructor logs through the kernel: an instance started from an image would not log
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompiledPlugin c = WasmEngine.shared().compile(Manifest.of(CorpusFiles.wasm("init_log.wasm")),
                PluginOptions.builder().logLevel(LogLevel.INFO).logSink((name, level, message) -> lines.add(message))
                        .snapshots(Snapshots.SHARE_ENTROPY).build());
        for (int i = 0; i < 3; i++) {
            try (Plugin p = c.instantiate()) {
                p.call("hello", new byte[0]);
                assertEquals(0, p.snapshotStarts());
            }
        }
        assertFalse(c.snapshotTaken());
        assertEquals("its start-up called extism:host/env::alloc, extism:host/env::log_info, extism:host/env::store_u8",
                c.snapshotRefusal());
        assertEquals(List.of("starting", "starting", "starting"), lines, "every instance ran its start-up");
    }

    @Test
    void callsAfterStartUpDoNotCount() {
        InitCalls calls = new InitCalls();
        calls.record(InitCalls.Kind.FIXED, "wasi_snapshot_preview1", "args_sizes_get");
        calls.stop();
        calls.record(InitCalls.Kind.EFFECT, "extism:host/env", "var_set");
        calls.record(InitCalls.Kind.RANDOM, "wasi_snapshot_preview1", "random_get");
        assertNull(calls.refusal(Snapshots.DETERMINISTIC));
        assertEquals(InitCalls.Kind.FIXED, InitCalls.kindOf("wasi_snapshot_preview1", "fd_prestat_get", false));
        assertEquals(InitCalls.Kind.EFFECT, InitCalls.kindOf("wasi_snapshot_preview1", "fd_write", false));
        assertEquals(InitCalls.Kind.CLOCK, InitCalls.kindOf("wasi_snapshot_preview1", "clock_time_get", false));
        assertEquals(InitCalls.Kind.EFFECT, InitCalls.kindOf("extism:host/user", "kv_read", false));
        assertEquals(InitCalls.Kind.FIXED, InitCalls.kindOf("lib", "add", true));
    }

    @Test
    void memoryBudgetAndPageCapCountTheRestoredImage() {
        MemoryBudget budget = new MemoryBudget(64L << 20);
        PluginOptions o = PluginOptions.builder().logLevel(LogLevel.OFF).memoryBudget(budget).build();
        CompiledPlugin c = WasmEngine.shared().compile(Manifest.of(INIT_STATE), o);
        long freshHeld;
        try (Plugin p = c.instantiate()) {
            p.call("state", new byte[0]);
            freshHeld = budget.usedBytes();
        }
        assertTrue(c.snapshotTaken());
        assertEquals(0, budget.usedBytes());
        try (Plugin p = c.instantiate()) {
            p.call("state", new byte[0]);
            assertEquals(1, p.snapshotStarts());
            assertEquals(freshHeld, budget.usedBytes(), "the restored instance holds what a fresh one held");
            assertTrue(budget.usedBytes() >= 4 * 65536L, "its 4 guest pages are charged");
        }
        assertEquals(0, budget.usedBytes(), "closing returns everything");

        // The same module under max_pages 2 (its start-up grows to 4): never started from the other image.
        Manifest capped = ManifestJson.parsePartial("{\"memory\":{\"max_pages\":2}}").addWasm(WasmSource.ofData(INIT_STATE)).build();
        CompiledPlugin small = WasmEngine.shared().compile(capped, o);
        for (int i = 0; i < 2; i++) {
            try (Plugin p = small.instantiate()) {
                WasmException e = assertThrows(WasmException.class, () -> p.call("state", new byte[0]));
                assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
                assertEquals(0, p.snapshotStarts());
            }
        }
        assertFalse(small.snapshotTaken());
    }

    @Test
    void eachManifestHasItsOwnImage(@TempDir Path tmp) throws IOException {
        // Go's runtime lists the preopened directories as it starts and keeps the list in its memory:
        // an image taken under one manifest's allowed_paths would show the wrong mounts under another's.
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("only-in-a.txt"), "a");
        Files.writeString(b.resolve("only-in-b.txt"), "b");
        byte[] wasm = CorpusFiles.wasm("wasi_file.wasm");
        CompiledPlugin inA = compile(paths(wasm, a, "/mnt-a"), ExecutionMode.COMPILER, Snapshots.SHARE_ENTROPY);
        CompiledPlugin inB = compile(paths(wasm, b, "/mnt-b"), ExecutionMode.COMPILER, Snapshots.SHARE_ENTROPY);
        prime(inA);
        prime(inB);
        assertTrue(inA.snapshotTaken() && inB.snapshotTaken(), inA.snapshotRefusal() + " / " + inB.snapshotRefusal());
        try (Plugin pa = inA.instantiate(); Plugin pb = inB.instantiate()) {
            String listA = pa.call("list_dir", "/mnt-a");
            String listB = pb.call("list_dir", "/mnt-b");
            assertTrue(listA.contains("only-in-a.txt"), listA);
            assertTrue(listB.contains("only-in-b.txt"), listB);
            assertNotEquals(listA, listB);
            assertEquals(1, pa.snapshotStarts());
            assertEquals(1, pb.snapshotStarts());
            assertThrows(PluginException.class, () -> pb.call("list_dir", "/mnt-a"), "B does not see A's mount");
        }
    }

    private static Manifest paths(byte[] wasm, Path host, String guest) {
        String json = "{\"allowed_paths\":{\"" + host.toString().replace("\\", "\\\\") + "\":\"" + guest + "\"}}";
        return ManifestJson.parsePartial(json).addWasm(WasmSource.ofData(wasm)).build();
    }

    @Test
    void concurrentInstancesFromOneImageAgree() throws Exception {
        CompiledPlugin c = compile(Manifest.of(CorpusFiles.wasm("rs_udf.wasm")), ExecutionMode.COMPILER, Snapshots.DETERMINISTIC);
        prime(c);
        byte[] want;
        try (Plugin p = c.instantiate()) {
            want = p.call("rs_count_vowels", "Hello, World!".getBytes(StandardCharsets.UTF_8));
        }
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> problems = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    try (Plugin p = c.instantiate()) {
                        byte[] got = p.call("rs_count_vowels", "Hello, World!".getBytes(StandardCharsets.UTF_8));
                        if (!java.util.Arrays.equals(want, got) || p.snapshotStarts() != 1) {
                            problems.add(new String(got, StandardCharsets.UTF_8));
                        }
                    } catch (RuntimeException e) {
                        problems.add(e.toString());
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertTrue(problems.isEmpty(), problems.toString());
    }
}
