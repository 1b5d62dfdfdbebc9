package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The contract of {@link CurrentPlugin}, seen from host functions called by kv.wasm (Go PDK). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CurrentPluginTest {

    /** kv.wasm with a kv_read that runs {@code body} and returns an empty 4-byte counter. */
    private static Plugin kv(Manifest.Builder m, BiFunction<CurrentPlugin, long[], Object> body) {
        HostFunction read = HostFunction.of("kv_read", List.of(WasmType.I64), List.of(WasmType.I64), (plugin, args) -> {
            body.apply(plugin, args);
            return new long[] {plugin.writeBytes(new byte[4])};
        });
        HostFunction write = HostFunction.of("kv_write", List.of(WasmType.I64, WasmType.I64), List.of(), (p, a) -> null);
        PluginOptions o = PluginOptions.builder().hostFunction(read).hostFunction(write).logLevel(LogLevel.OFF).build();
        return WasmEngine.shared().compile(m.addWasm(WasmSource.ofData(Corpus.wasm("kv.wasm"))).build(), o).instantiate();
    }

    @Test
    void aViewUsedAfterItsCallFailsClearly() {
        CurrentPlugin[] kept = new CurrentPlugin[1];
        try (Plugin p = kv(Manifest.builder(), (view, args) -> kept[0] = view)) {
            p.call("kv_counter", "apples");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> kept[0].alloc(8));
            assertTrue(e.getMessage().contains("has returned"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> kept[0].vars());
            assertThrows(IllegalStateException.class, () -> kept[0].manifest());
        }
    }

    @Test
    void allocReturnsZeroForImpossibleSizes() {
        long[] got = new long[3];
        try (Plugin p = kv(Manifest.builder(), (view, args) -> {
            got[0] = view.alloc(-1);
            got[1] = view.alloc(Long.MAX_VALUE);
            got[2] = view.alloc(0);
            return null;
        })) {
            p.call("kv_counter", "apples");
            assertArrayEquals(new long[3], got);
        }
    }

    @Test
    void varsGoThroughTheSameChecksAsVarSet() {
        try (Plugin p = kv(Manifest.builder().maxVarBytes(100L), (view, args) -> {
            view.varSet("small", new byte[10]);
            assertArrayEquals(new byte[10], view.varGet("small"));
            assertThrows(UnsupportedOperationException.class, () -> view.vars().put("x", new byte[1000]));
            view.varSet("big", new byte[100]);
            return null;
        })) {
            WasmException e = assertThrows(WasmException.class, () -> p.call("kv_counter", "apples"));
            assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
            assertEquals("Variable store is full", e.getMessage());
        }
    }

    @Test
    void aHostFunctionSeesVarsDisabledAsTheHostsRefusal() {
        try (Plugin p = kv(Manifest.builder().maxVarBytes(0L), (view, args) -> {
            assertNull(view.varGet("k"));
            view.varSet("k", new byte[1]);
            return null;
        })) {
            WasmException e = assertThrows(WasmException.class, () -> p.call("kv_counter", "apples"));
            assertEquals(WasmException.Kind.NOT_ALLOWED, e.kind());
        }
    }
}
