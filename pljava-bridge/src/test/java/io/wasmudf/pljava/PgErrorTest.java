package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import io.wasmudf.runtime.WasmException;
import io.wasmudf.runtime.WasmSource;
import io.wasmudf.sql.SqlStates;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The PostgreSQL shape of the bridge's errors, from the errors jdbc-core and the runtime really
 * raise (the fixture plug-in run on the runtime): SQLSTATE kept, a message without a Java class
 * name, the runtime's own words as DETAIL under a summary, a HINT where there is one.
 */
class PgErrorTest {
    private static Plugin fixture(String settings) {
        return WasmEngine.shared().compile(ManifestJson.parsePartial(settings)
                .addWasm(WasmSource.ofData(Fixtures.v1())).build(), PluginOptions.defaults()).instantiate();
    }

    /** What jdbc-core turns a failed call of fixture export {@code export} into. */
    private static SQLException failedCall(String settings, String export) {
        try (Plugin p = fixture(settings)) {
            WasmException e = assertThrows(WasmException.class, () -> p.call(export, ""));
            return SqlStates.translate(e, "fx", export);
        }
    }

    private static void assertNoJavaNames(PgError e) {
        assertFalse(e.message().matches(".*(java\\.|Exception|io\\.wasmudf).*"), e.message());
    }

    @Test
    void unknownPluginKeepsItsMessageAndPointsToTheListing() {
        PgError e = PgError.of(SqlStates.unknownPlugin("nope"));
        assertEquals("42704", e.sqlState());
        assertEquals("no Wasm plug-in named 'nope' is registered", e.message());
        assertNull(e.detail());
        assertTrue(e.hint().contains("wasm_plugins()"), e.hint());
    }

    @Test
    void missingExportMovesTheExportListToDetail() {
        PgError e = PgError.of(new SQLException("plug-in 'fx' has no export 'nope'; its exports are _initialize, echo, upper",
                SqlStates.MISSING_EXPORT));
        assertEquals("42883", e.sqlState());
        assertEquals("plug-in 'fx' has no export 'nope'", e.message());
        assertEquals("Its exports are _initialize, echo, upper.", e.detail());
        assertEquals("Call one of them, e.g. wasm_call('fx', 'echo', input) or wasm_call('fx.echo', input).", e.hint());
    }

    @Test
    @Timeout(30)
    void trapSummarisesAndSaysTheInstanceWasDiscarded() {
        SQLException sql = failedCall("{}", "boom");
        PgError e = PgError.of(sql);
        assertEquals(SqlStates.TRAP, e.sqlState());
        assertEquals("plug-in 'fx', export 'boom' trapped", e.message());
        assertTrue(e.detail().startsWith("trap in boom"), e.detail());
        assertTrue(e.detail().contains("discarded"), e.detail());
        assertNoJavaNames(e);
    }

    @Test
    @Timeout(30)
    void timeoutNamesTheLimitInDetailAndHowToRaiseItInHint() {
        PgError e = PgError.of(failedCall("{\"timeout_ms\": 200}", "spin"));
        assertEquals(SqlStates.TIMEOUT, e.sqlState());
        assertEquals("plug-in 'fx', export 'spin' ran out of time", e.message());
        assertTrue(e.detail().contains("200 ms"), e.detail());
        assertTrue(e.hint().contains("timeout_ms"), e.hint());
    }

    @Test
    @Timeout(30)
    void memoryCapNamesTheLimit() {
        PgError e = PgError.of(failedCall("{\"memory\": {\"max_pages\": 4}}", "grow"));
        assertEquals(SqlStates.OUT_OF_MEMORY, e.sqlState());
        assertEquals("plug-in 'fx', export 'grow' hit a memory limit", e.message());
        assertTrue(e.detail().contains("4 pages"), e.detail());
        assertTrue(e.hint().contains("memory.max_pages"), e.hint());
    }

    @Test
    @Timeout(30)
    void pluginErrorKeepsThePluginsOwnMessageWhole() {
        SQLException sql = failedCall("{}", "fail");
        PgError e = PgError.of(sql);
        assertEquals(SqlStates.PLUGIN_ERROR, e.sqlState());
        assertEquals(sql.getMessage(), e.message());
        assertNull(e.detail());
        assertNoJavaNames(e);
    }

    @Test
    void unexpectedExceptionIsAnInternalErrorWithTheClassOnlyInDetail() {
        PgError e = PgError.of(new IllegalStateException("broken invariant"));
        assertEquals("XX000", e.sqlState());
        assertNoJavaNames(e);
        assertTrue(e.detail().contains("IllegalStateException: broken invariant"), e.detail());
    }

    @Test
    void aSecurityRefusalNamesThePermissionInDetailAndThePolicyInHint() {
        PgError e = PgError.of(new SecurityException("access denied (\"java.lang.RuntimePermission\" \"createClassLoader\")"));
        assertEquals("42501", e.sqlState());
        assertNoJavaNames(e);
        assertTrue(e.detail().contains("createClassLoader"), e.detail());
        assertTrue(e.hint().contains("pljava.policy_urls"), e.hint());
    }

    @Test
    void aMissingOrMalformedSqlStateBecomesInternalError() {
        assertEquals("XX000", PgError.of(new SQLException("no state")).sqlState());
        assertEquals("XX000", PgError.of(new SQLException("bad state", "x1")).sqlState());
        assertEquals("40001", PgError.of(new SQLException("retry", "40001")).sqlState());
    }
}
