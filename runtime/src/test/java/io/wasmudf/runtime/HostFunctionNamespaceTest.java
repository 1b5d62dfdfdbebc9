package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Host functions link by namespace and name: missing_import.wasm imports
 * {@code extism:host/user::missing_fn (i64) -> i64}; a function of that name in another namespace
 * does not satisfy it, and {@link HostFunction#inNamespace} places one where a module imports it.
 */
@Timeout(30)
class HostFunctionNamespaceTest {
    private static final byte[] MODULE = Corpus.wasm("missing_import.wasm");

    private static HostFunction missingFn(AtomicLong seen) {
        return HostFunction.of("missing_fn", List.of(WasmType.I64), List.of(WasmType.I64), (plugin, args) -> {
            seen.set(args[0] + 1);
            return new long[] {0};
        });
    }

    @Test
    void theDefaultNamespaceIsExtismsUserNamespace() {
        AtomicLong seen = new AtomicLong();
        HostFunction f = missingFn(seen);
        assertEquals(HostFunction.USER_NAMESPACE, f.namespace());
        try (Plugin p = WasmEngine.shared().compile(Manifest.of(MODULE), PluginOptions.builder().hostFunction(f).build()).instantiate()) {
            assertEquals(0, p.call("run", new byte[0]).length);
            assertEquals(1, seen.get(), "the host function ran with the module's argument 0");
        }
    }

    @Test
    void aFunctionInAnotherNamespaceDoesNotSatisfyTheImport() {
        HostFunction elsewhere = missingFn(new AtomicLong()).inNamespace("acme:kv");
        assertEquals("acme:kv", elsewhere.namespace());
        assertEquals("missing_fn", elsewhere.name());
        WasmException e = assertThrows(WasmException.class,
                () -> WasmEngine.shared().compile(Manifest.of(MODULE), PluginOptions.builder().hostFunction(elsewhere).build()));
        assertEquals(WasmException.Kind.LINK_ERROR, e.kind());
        assertTrue(e.getMessage().contains("'extism:host/user::missing_fn'"), e.getMessage());
    }

    @Test
    void inNamespaceMovesAFunctionToWhereTheModuleImportsIt() {
        AtomicLong seen = new AtomicLong();
        HostFunction moved = missingFn(seen).inNamespace("acme:kv").withUserData("kept").inNamespace(HostFunction.USER_NAMESPACE);
        try (Plugin p = WasmEngine.shared().compile(Manifest.of(MODULE), PluginOptions.builder().hostFunction(moved).build()).instantiate()) {
            p.call("run", new byte[0]);
            assertEquals(1, seen.get());
        }
    }
}
