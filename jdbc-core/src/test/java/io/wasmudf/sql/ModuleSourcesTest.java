package io.wasmudf.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.ModuleCache;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How wasm_register(name, manifest) reads a path source: with the store's engine, under the call's rule. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModuleSourcesTest {
    @TempDir
    Path dir;

    @Test
    void aRelativePathIsReadByTheEngineTheStoreCompilesWith() throws Exception {
        Files.write(dir.resolve("v1.wasm"), CoreTestSupport.fixture("v1"));
        WasmEngine engine = WasmEngine.create(8).withBaseDir(dir);
        PluginStore store = PluginStore.builder(Dialect.H2).compiled(new CompiledPlugins(engine, PluginOptions.defaults(), 8)).build();
        try (Connection c = CoreTestSupport.newDatabase(store)) {
            assertEquals(ModuleCache.sha256(CoreTestSupport.fixture("v1")),
                    store.register(c, "p", "{\"wasm\": [{\"path\": \"v1.wasm\"}]}"));
        }
    }

    @Test
    void aRefusedRuleNamesTheSourceAndSaysWhyAndInlineDataStillWorks() throws Exception {
        Files.write(dir.resolve("v1.wasm"), CoreTestSupport.fixture("v1"));
        PluginStore store = PluginStore.builder(Dialect.H2).build();
        ExternalSources refused = ExternalSources.refused("ask the administrator");
        try (Connection c = CoreTestSupport.newDatabase(store)) {
            String path = dir.resolve("v1.wasm").toString();
            SQLException e = assertThrows(SQLException.class,
                    () -> store.register(c, "p", "{\"wasm\": [{\"path\": \"" + path + "\"}]}", refused));
            assertEquals("42501", e.getSQLState());
            assertEquals("wasm_register cannot load the manifest's wasm path '" + path + "': ask the administrator",
                    e.getMessage());
            e = assertThrows(SQLException.class,
                    () -> store.register(c, "p", "{\"wasm\": [{\"url\": \"http://127.0.0.1:9/v1.wasm\"}]}", refused));
            assertTrue(e.getMessage().startsWith("wasm_register cannot load the manifest's wasm url 'http://127.0.0.1:9/v1.wasm'"),
                    e.getMessage());
            String data = java.util.Base64.getEncoder().encodeToString(CoreTestSupport.fixture("v1"));
            store.register(c, "p", "{\"wasm\": [{\"data\": \"" + data + "\"}]}", refused);
            assertEquals(ModuleCache.sha256(CoreTestSupport.fixture("v1")), store.register(c, "p", "{\"wasm\": [{\"path\": \""
                    + path + "\"}]}"), "the store's own rule (allowed) holds for calls that pass none");
        }
    }

    @Test
    void nullArgumentsAreRefusedWithTheSameWordsForBothDatabases() throws Exception {
        PluginStore store = PluginStore.builder(Dialect.H2).build();
        try (Connection c = CoreTestSupport.newDatabase(store)) {
            SQLException e = assertThrows(SQLException.class, () -> store.register(c, "p", (byte[]) null, null));
            assertEquals("22023", e.getSQLState());
            assertEquals("wasm_register needs the module's bytes, not NULL", e.getMessage());
            e = assertThrows(SQLException.class, () -> store.register(c, "p", (String) null));
            assertEquals("wasm_register needs the module's bytes or a manifest, not NULL", e.getMessage());
        }
    }
}
