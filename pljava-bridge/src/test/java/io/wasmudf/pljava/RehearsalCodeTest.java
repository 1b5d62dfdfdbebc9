package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.wasmudf.runtime.CodeCache;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ModuleCache;
import io.wasmudf.runtime.WasmEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rehearsal's stored classes fit this build: every backend loads them instead of compiling. */
class RehearsalCodeTest {
    @Test
    @Timeout(120)
    void storedRehearsalCodeIsLoadedNotCompiled() throws Exception {
        String regenerate = System.getProperty("wasmudf.rehearsal.code");
        if (regenerate != null) {
            Files.write(Path.of(regenerate), RehearsalCodeWriter.compile());
        }
        byte[] entry = Rehearsal.resource(Rehearsal.CODE);
        assertNotNull(entry, "no " + Rehearsal.CODE + " beside Rehearsal");
        WasmEngine engine = WasmEngine.create(1).withCodeCache(new CodeCache() {
            @Override
            public byte[] read(String id) {
                return entry;
            }

            @Override
            public void write(String id, String moduleSha256, byte[] bytes) {
                throw new AssertionError("read-only");
            }

            @Override
            public boolean writable() {
                return false;
            }
        });
        engine.compile(Manifest.of(Rehearsal.resource("rehearsal.wasm")));
        ModuleCache.Stats s = engine.modules().stats();
        String stale = Rehearsal.CODE + " does not fit this build (rejected " + s.rejected() + "): regenerate it with "
                + "mvn -o -q -pl pljava-bridge -am test -Dtest=RehearsalCodeTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dwasmudf.rehearsal.code=$PWD/pljava-bridge/src/main/resources/io/wasmudf/pljava/" + Rehearsal.CODE;
        assertEquals(1, s.loaded(), stale);
        assertEquals(0, s.compiled(), stale);
    }
}
