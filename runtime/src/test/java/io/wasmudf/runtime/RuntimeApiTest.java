package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Java API around the Extism behaviours: host functions, cancellation, limits, pooling, failures. */
@Timeout(60)
class RuntimeApiTest {

    private static CompiledPlugin compile(String file, PluginOptions options) {
        return WasmEngine.shared().compile(Manifest.of(Corpus.wasm(file)), options);
    }

    @Test
    void hostFunctionsSeeUserDataAndTheirErrorsReachTheCaller() {
        // kv.wasm (Go PDK) reads a u32 counter with kv_read, adds the input's vowels, writes it back
        List<String> writes = Collections.synchronizedList(new ArrayList<>());
        HostFunction read = HostFunction.of("kv_read", List.of(WasmType.I64), List.of(WasmType.I64),
                (plugin, args) -> new long[] {plugin.writeBytes(new byte[4])});
        HostFunction write = HostFunction.of("kv_write", List.of(WasmType.I64, WasmType.I64), List.of(), (plugin, args) -> {
            writes.add(plugin.userData(String.class) + ":" + plugin.readString(args[0]));
            plugin.setError("store is read-only");
            return null;
        }).withUserData("tag");
        CompiledPlugin c = compile("kv.wasm", PluginOptions.builder().hostFunction(read).hostFunction(write).build());
        try (Plugin p = c.instantiate()) {
            PluginException e = assertThrows(PluginException.class, () -> p.call("kv_counter", "apples"));
            assertEquals("store is read-only", e.getMessage());
            assertEquals(List.of("tag:count:apples"), writes);
        }
    }

    @Test
    void aThrowingHostFunctionFailsTheCallAndTheNextCallWorks() {
        int[] calls = {0};
        HostFunction read = HostFunction.of("kv_read", List.of(WasmType.I64), List.of(WasmType.I64), (plugin, args) -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("backing store offline");
            }
            return new long[] {plugin.writeBytes(new byte[4])};
        });
        HostFunction write = HostFunction.of("kv_write", List.of(WasmType.I64, WasmType.I64), List.of(), (plugin, args) -> null);
        CompiledPlugin c = compile("kv.wasm", PluginOptions.builder().hostFunction(read).hostFunction(write).build());
        try (Plugin p = c.instantiate()) {
            WasmException e = assertThrows(WasmException.class, () -> p.call("kv_counter", "apples"));
            assertEquals(WasmException.Kind.HOST_ERROR, e.kind());
            assertTrue(e.getMessage().contains("backing store offline"), e.getMessage());
            assertEquals("apples=1", p.call("kv_counter", "apples"));
            assertEquals(2, p.instantiations());
        }
    }

    @Test
    void cancelStopsAnEndlessLoopFromAnotherThreadAndLeavesThatThreadUninterrupted() throws Exception {
        CompiledPlugin c = compile("loop.wasm", PluginOptions.defaults());
        ExecutorService ex = Executors.newSingleThreadExecutor();
        AtomicBoolean callerInterrupted = new AtomicBoolean(true);
        try (Plugin p = c.instantiate()) {
            Future<WasmException> f = ex.submit(() -> {
                WasmException e = assertThrows(WasmException.class, () -> p.call("spin", new byte[0]));
                // The watchdog interrupts the thread running the Wasm: that flag must not outlive the call.
                callerInterrupted.set(Thread.currentThread().isInterrupted());
                return e;
            });
            while (p.calls() == 0) {      // bounded by the class's @Timeout
                Thread.onSpinWait();
            }
            do {
                p.cancel();
                Thread.sleep(5);
            } while (!f.isDone());
            WasmException e = f.get();
            assertEquals(WasmException.Kind.TIMEOUT, e.kind());
            assertTrue(e.getMessage().startsWith("cancelled"), e.getMessage());
            assertFalse(callerInterrupted.get(), "the calling thread's interrupt flag is cleared after the call");
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void aTrapDiscardsTheInstance() {
        try (Plugin p = compile("trap.wasm", PluginOptions.defaults()).instantiate()) {
            WasmException e = assertThrows(WasmException.class, () -> p.call("trap", new byte[0]));
            assertEquals(WasmException.Kind.TRAP, e.kind());
            assertTrue(e.getMessage().contains("trap"), e.getMessage());
            assertEquals(1, p.instantiations());
            assertEquals(WasmException.Kind.TRAP, assertThrows(WasmException.class, () -> p.call("oob", new byte[0])).kind());
            assertEquals(2, p.instantiations());
            assertEquals(2, p.failures());
        }
    }

    @Test
    void anErrorSetBeforeATrapIsTheCallsErrorAndTheInstanceIsStillDiscarded() {
        // as_udf's as_assert aborts (AssemblyScript abort: error_set, then unreachable) on an input under 8 bytes.
        try (Plugin p = compile("as_udf.wasm", PluginOptions.defaults()).instantiate()) {
            assertEquals("1", p.call("as_counter", ""));
            assertEquals("2", p.call("as_counter", ""));
            PluginException e = assertThrows(PluginException.class, () -> p.call("as_assert", "short"));
            assertEquals("AssemblyScript plug-in error: abort: input too short at assembly/index.ts:113:3", e.getMessage());
            assertEquals(e.getMessage(), e.pluginMessage());
            assertEquals(WasmException.Kind.PLUGIN_ERROR, e.kind());
            assertEquals(1, p.failures());
            assertEquals("1", p.call("as_counter", ""), "the trap discarded the Wasm state and vars");
            assertEquals(2, p.instantiations());
        }
    }

    @Test
    void varsPersistAcrossCallsUntilReset() {
        try (Plugin p = compile("raw_abi.wasm", PluginOptions.defaults()).instantiate()) {
            String first = p.call("counter", "");
            String second = p.call("counter", "");
            assertTrue(!first.equals(second), first + " / " + second);
            assertEquals(1, p.vars().size());
            p.reset();
            assertEquals(0, p.vars().size());
            assertEquals(first, p.call("counter", ""));
            assertEquals(new String(firstCounterOutput(), StandardCharsets.UTF_8), first);
        }
    }

    private static byte[] firstCounterOutput() {
        try (Plugin fresh = compile("raw_abi.wasm", PluginOptions.defaults()).instantiate()) {
            return fresh.call("counter", new byte[0]);
        }
    }

    @Test
    void reentrantCallsAreRefused() {
        AtomicReference<Plugin> self = new AtomicReference<>();
        HostFunction read = HostFunction.of("kv_read", List.of(WasmType.I64), List.of(WasmType.I64), (plugin, args) -> {
            self.get().call("kv_counter", new byte[0]);
            return new long[] {0};
        });
        HostFunction write = HostFunction.of("kv_write", List.of(WasmType.I64, WasmType.I64), List.of(), (plugin, args) -> null);
        CompiledPlugin c = compile("kv.wasm", PluginOptions.builder().hostFunction(read).hostFunction(write).build());
        try (Plugin p = c.instantiate()) {
            self.set(p);
            WasmException e = assertThrows(WasmException.class, () -> p.call("kv_counter", "a"));
            assertTrue(e.getMessage().contains("cannot make reentrant calls into plugin"), e.getMessage());
        }
    }

    @Test
    void outputCapIsEnforcedAndTheInstanceStaysWarm() {
        CompiledPlugin c = compile("big_output.wasm", PluginOptions.builder().maxOutputBytes(1024).build());
        try (Plugin p = c.instantiate()) {
            WasmException e = assertThrows(WasmException.class, () -> p.call("big", new byte[0]));
            assertEquals(WasmException.Kind.OUTPUT_TOO_LARGE, e.kind());
            assertThrows(WasmException.class, () -> p.call("big", new byte[0]));
            assertEquals(1, p.instantiations());
        }
    }

    @Test
    void badModulesFailAtCompileTime() {
        WasmException bad = assertThrows(WasmException.class,
                () -> WasmEngine.shared().compile(Manifest.of("not wasm at all".getBytes(StandardCharsets.UTF_8))));
        assertEquals(WasmException.Kind.INVALID_MODULE, bad.kind());
        byte[] truncated = java.util.Arrays.copyOf(Corpus.wasm("trap.wasm"), 20);
        assertEquals(WasmException.Kind.INVALID_MODULE,
                assertThrows(WasmException.class, () -> WasmEngine.shared().compile(Manifest.of(truncated))).kind());
        WasmException link = assertThrows(WasmException.class,
                () -> WasmEngine.shared().compile(Manifest.of(Corpus.wasm("missing_import.wasm"))));
        assertEquals(WasmException.Kind.LINK_ERROR, link.kind());
        assertTrue(link.getMessage().contains("missing_fn"), link.getMessage());
        ManifestException hash = assertThrows(ManifestException.class, () -> WasmEngine.shared().compile(
                Manifest.builder().addWasm(WasmSource.ofData(Corpus.wasm("trap.wasm")).withHash("00".repeat(32))).build()));
        assertTrue(hash.getMessage().startsWith("Hash mismatch, found "), hash.getMessage());
    }

    @Test
    void logsReachTheSinkAboveTheLevel() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        PluginOptions o = PluginOptions.builder().logLevel(LogLevel.WARN)
                .logSink((plugin, level, message) -> seen.add(level + ":" + message)).build();
        try (Plugin p = compile("raw_abi.wasm", o).instantiate()) {
            p.call("logs", new byte[0]);
        }
        assertTrue(!seen.isEmpty(), "some warn/error logs");
        assertTrue(seen.stream().allMatch(s -> s.startsWith("WARN:") || s.startsWith("ERROR:")), seen.toString());
    }

    @Test
    void poolBoundsInstancesAcrossThreads() throws Exception {
        CompiledPlugin c = compile("raw_abi.wasm", PluginOptions.defaults());
        ExecutorService ex = Executors.newFixedThreadPool(6);
        try (InstancePool pool = new InstancePool(c, 2)) {
            List<Future<byte[]>> fs = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                fs.add(ex.submit(() -> pool.call("echo_u8", "pooled".getBytes(StandardCharsets.UTF_8), 10_000)));
            }
            for (Future<byte[]> f : fs) {
                assertEquals("pooled", new String(f.get(), StandardCharsets.UTF_8));
            }
            assertTrue(pool.created() <= 2, "created " + pool.created());
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void moduleCacheCompilesOncePerHash() {
        WasmEngine engine = WasmEngine.create(8);
        byte[] w = Corpus.wasm("trap.wasm");
        CompiledPlugin a = engine.compile(Manifest.of(w));
        CompiledPlugin b = engine.compile(Manifest.of(w.clone()));
        assertEquals(1, engine.modules().misses());
        assertEquals(1, engine.modules().hits());
        assertTrue(a.mainModule() == b.mainModule());
    }
}
