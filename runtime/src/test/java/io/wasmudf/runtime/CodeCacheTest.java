package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled-code cache: entries are loaded by a new engine (a new process's view), refused when
 * corrupt, foreign (another module's) or from another build, and never written through a read-only
 * cache; and the module cache's byte bound.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CodeCacheTest {
    private static final byte[] ECHO = Corpus.wasm("raw_abi.wasm");
    private static final byte[] RC3 = Corpus.wasm("nonzero.wasm");

    @TempDir
    Path dir;

    /** A fresh engine (empty module cache, as in a new process) over the directory cache. */
    private WasmEngine engine(CodeCache cache) {
        return WasmEngine.create(8).withCodeCache(cache);
    }

    private static CompiledModule module(WasmEngine engine, byte[] wasm) {
        return engine.compile(Manifest.of(wasm)).mainModule();
    }

    private static String echo(WasmEngine engine, String input) {
        try (Plugin p = engine.compile(Manifest.of(ECHO)).instantiate()) {
            return p.call("echo_u8", input);
        }
    }

    private Path entryFile(byte[] wasm) {
        return dir.resolve(CodeKey.of(ModuleCache.sha256(wasm), ExecutionMode.COMPILER, Set.of()).id() + ".code");
    }

    @Test
    void aNewEngineLoadsTheClassesAnotherOneStored() throws Exception {
        WasmEngine first = engine(DirectoryCodeCache.of(dir));
        assertEquals(CompiledModule.CodeOrigin.COMPILED, module(first, ECHO).codeOrigin());
        assertEquals(1, first.modules().stats().stored());
        assertTrue(Files.size(entryFile(ECHO)) > 0);

        WasmEngine second = engine(DirectoryCodeCache.of(dir));
        CompiledModule loaded = module(second, ECHO);
        assertEquals(CompiledModule.CodeOrigin.LOADED, loaded.codeOrigin());
        assertEquals(ExecutionMode.COMPILER, loaded.mode());
        assertEquals(1, second.modules().stats().loaded());
        assertEquals(0, second.modules().stats().compiled());
        assertEquals("same bytes back", echo(second, "same bytes back"));
    }

    @Test
    void anEntryFiledUnderAnotherModulesKeyIsRefusedAndThatModuleCompiled() throws Exception {
        module(engine(DirectoryCodeCache.of(dir)), ECHO);
        Files.copy(entryFile(ECHO), entryFile(RC3));   // the echo module's classes where rc3's belong

        WasmEngine e = engine(DirectoryCodeCache.of(dir));
        CompiledModule m = module(e, RC3);
        assertEquals(CompiledModule.CodeOrigin.COMPILED, m.codeOrigin());
        assertEquals(1, e.modules().stats().rejected());
        try (Plugin p = e.compile(Manifest.of(RC3)).instantiate()) {
            assertEquals(3, assertThrows(PluginException.class, () -> p.call("rc3", "")).code(), "rc3's own code ran");
        }
        // Rebuilt in place: the next engine loads rc3's own entry.
        WasmEngine next = engine(DirectoryCodeCache.of(dir));
        assertEquals(CompiledModule.CodeOrigin.LOADED, module(next, RC3).codeOrigin());
        assertEquals(0, next.modules().stats().rejected());
    }

    @Test
    void anEntryWrittenByAnotherBuildIsRefused() throws Exception {
        WasmEngine writer = engine(DirectoryCodeCache.of(dir));
        module(writer, ECHO);
        byte[] payload = CodeEntry.open(Files.readAllBytes(entryFile(ECHO)),
                CodeKey.of(ModuleCache.sha256(ECHO), ExecutionMode.COMPILER, Set.of()));
        for (String[] versions : new String[][] {{"1.0.0", CodeKey.runtimeVersion()}, {CodeKey.chicoryVersion(), "0.0.1"}}) {
            CodeKey other = CodeKey.forVersions(ModuleCache.sha256(ECHO), versions[0], versions[1]);
            assertNotEquals(other.id(), entryFile(ECHO).getFileName().toString().replace(".code", ""));
            Files.write(entryFile(ECHO), CodeEntry.seal(other, payload));

            WasmEngine e = engine(DirectoryCodeCache.of(dir));
            assertEquals(CompiledModule.CodeOrigin.COMPILED, module(e, ECHO).codeOrigin(), String.join("/", versions));
            assertEquals(1, e.modules().stats().rejected());
        }
        // The same module and build, but compiled leaving another set of functions to the interpreter.
        Files.write(entryFile(ECHO), CodeEntry.seal(CodeKey.of(ModuleCache.sha256(ECHO), ExecutionMode.COMPILER, Set.of(0)), payload));
        WasmEngine e = engine(DirectoryCodeCache.of(dir));
        assertEquals(CompiledModule.CodeOrigin.COMPILED, module(e, ECHO).codeOrigin(), "other interpreted functions");
        assertEquals(1, e.modules().stats().rejected());
    }

    @Test
    void aCorruptEntryIsIgnoredAndRebuilt() throws Exception {
        module(engine(DirectoryCodeCache.of(dir)), ECHO);
        byte[] entry = Files.readAllBytes(entryFile(ECHO));
        byte[][] damaged = {flip(entry, entry.length - 10), flip(entry, 3), java.util.Arrays.copyOf(entry, entry.length / 2), new byte[0]};
        for (byte[] bad : damaged) {
            Files.write(entryFile(ECHO), bad);
            WasmEngine e = engine(DirectoryCodeCache.of(dir));
            assertEquals(CompiledModule.CodeOrigin.COMPILED, module(e, ECHO).codeOrigin());
            assertEquals(1, e.modules().stats().rejected());
            assertEquals(1, e.modules().stats().stored());
            assertEquals("still right", echo(e, "still right"));
            CodeEntry.open(Files.readAllBytes(entryFile(ECHO)), CodeKey.of(ModuleCache.sha256(ECHO), ExecutionMode.COMPILER, Set.of()));
            assertEquals(CompiledModule.CodeOrigin.LOADED, module(engine(DirectoryCodeCache.of(dir)), ECHO).codeOrigin(),
                    "the entry was written again, whole");
        }
    }

    @Test
    void anIntactEntryWhoseClassesTheJvmRefusesIsIgnoredAndRebuilt() throws Exception {
        module(engine(DirectoryCodeCache.of(dir)), ECHO);
        CodeKey key = CodeKey.of(ModuleCache.sha256(ECHO), ExecutionMode.COMPILER, Set.of());
        byte[] payload = CodeEntry.open(Files.readAllBytes(entryFile(ECHO)), key);
        Files.write(entryFile(ECHO), CodeEntry.seal(key, withDamagedClasses(payload)));   // digest right, classes not

        WasmEngine e = engine(DirectoryCodeCache.of(dir));
        assertEquals(CompiledModule.CodeOrigin.COMPILED, module(e, ECHO).codeOrigin());
        assertEquals(1, e.modules().stats().rejected());
        assertEquals("compiled afresh", echo(e, "compiled afresh"));
        assertEquals(CompiledModule.CodeOrigin.LOADED, module(engine(DirectoryCodeCache.of(dir)), ECHO).codeOrigin(),
                "the entry was written again");
    }

    /** The payload (a zip of class files) with every class file's bytes after the header scrambled. */
    private static byte[] withDamagedClasses(byte[] payload) throws java.io.IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(payload));
                var zip = new java.util.zip.ZipOutputStream(out)) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class")) {
                    for (int i = 10; i < bytes.length; i += 7) {
                        bytes[i] ^= 0x5a;
                    }
                }
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void aReadOnlyCacheIsReadButNeverWritten() throws Exception {
        WasmEngine e = engine(DirectoryCodeCache.readOnly(dir));
        assertEquals(CompiledModule.CodeOrigin.COMPILED, module(e, ECHO).codeOrigin());
        assertEquals(0, e.modules().stats().stored());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        module(engine(DirectoryCodeCache.of(dir)), ECHO);
        assertEquals(CompiledModule.CodeOrigin.LOADED, module(engine(DirectoryCodeCache.readOnly(dir)), ECHO).codeOrigin());
    }

    @Test
    void aWritableCacheIsFilledEvenWhenTheModuleIsAlreadyCompiledHere() throws Exception {
        WasmEngine e = WasmEngine.create(8);
        module(e, ECHO);
        assertFalse(Files.exists(entryFile(ECHO)));
        module(e.withCodeCache(DirectoryCodeCache.of(dir)), ECHO);
        assertEquals(1, e.modules().stats().misses(), "no second compile of the module in this process");
        assertTrue(Files.exists(entryFile(ECHO)));
        assertEquals(CompiledModule.CodeOrigin.LOADED, module(engine(DirectoryCodeCache.of(dir)), ECHO).codeOrigin());
    }

    @Test
    void codeLoadedFromOneCacheIsCompiledAgainRatherThanCopiedIntoAnother() throws Exception {
        module(engine(DirectoryCodeCache.of(dir)), ECHO);
        WasmEngine e = engine(DirectoryCodeCache.of(dir));
        assertEquals(CompiledModule.CodeOrigin.LOADED, module(e, ECHO).codeOrigin());
        Path other = dir.resolve("other");
        module(e.withCodeCache(DirectoryCodeCache.of(other)), ECHO);
        assertEquals(1, e.modules().stats().compiled(), "compiled here for the other cache");
        assertEquals(1, e.modules().stats().stored());
        WasmEngine fromOther = engine(DirectoryCodeCache.of(other));
        assertEquals(CompiledModule.CodeOrigin.LOADED, module(fromOther, ECHO).codeOrigin());
        assertEquals("compiled from the whole module", echo(fromOther, "compiled from the whole module"));
    }

    @Test
    void storedClassesAreLoadedWithoutDecodingTheFunctionBodies() {
        CompiledModule compiled = module(engine(DirectoryCodeCache.of(dir)), ECHO);
        assertTrue(compiled.hasBodies());
        WasmEngine e = engine(DirectoryCodeCache.of(dir));
        CompiledModule loaded = module(e, ECHO);
        assertEquals(CompiledModule.CodeOrigin.LOADED, loaded.codeOrigin());
        assertFalse(loaded.hasBodies(), "a skeleton: the classes are all that runs");
        assertEquals(compiled.exports(), loaded.exports());
        assertEquals("runs on the loaded classes", echo(e, "runs on the loaded classes"));
    }

    @Test
    void theGoModuleRunsOnItsStoredClassesAsOnTheClassesCompiledHere() {
        byte[] go = Corpus.wasm("count_vowels.wasm");
        String input = "Hello, World! The stored classes and the data image";
        String compiledHere;
        String secondCall;
        try (Plugin p = engine(DirectoryCodeCache.of(dir)).compile(Manifest.of(go)).instantiate()) {
            compiledHere = p.call("count_vowels", input);
            secondCall = p.call("count_vowels", input);
        }
        WasmEngine e = engine(DirectoryCodeCache.readOnly(dir));
        CompiledPlugin loaded = e.compile(Manifest.of(go));
        assertEquals(CompiledModule.CodeOrigin.LOADED, loaded.mainModule().codeOrigin());
        assertFalse(loaded.mainModule().hasBodies());
        assertTrue(loaded.mainModule().module().dataSection().dataSegmentCount() < 10, "the data segments as their image");
        try (Plugin p = loaded.instantiate()) {
            assertEquals(compiledHere, p.call("count_vowels", input));
            assertEquals(secondCall, p.call("count_vowels", input), "and again, the instance's state kept");
        }
        assertTrue(compiledHere.contains("\"count\":15") && secondCall.contains("\"total\":30"), compiledHere + secondCall);
    }

    @Test
    void aModuleWithFunctionsLeftToTheInterpreterIsLoadedWithItsBodies() {
        byte[] simd = Corpus.wasm("simd_c.wasm");
        CompiledModule compiled = module(engine(DirectoryCodeCache.of(dir)), simd);
        assertEquals(CompiledModule.CodeOrigin.COMPILED, compiled.codeOrigin());
        assertFalse(compiled.key().interpretedFunctions().isEmpty(), "the v128 functions are interpreted");
        CompiledModule loaded = module(engine(DirectoryCodeCache.of(dir)), simd);
        assertEquals(CompiledModule.CodeOrigin.LOADED, loaded.codeOrigin());
        assertTrue(loaded.hasBodies(), "the interpreter needs the bodies of those functions");
    }

    @Test
    void theModuleCacheIsBoundedByBytes() {
        long echo = module(WasmEngine.create(8), ECHO).footprint();
        long rc3 = module(WasmEngine.create(8), RC3).footprint();
        assertTrue(echo > 0 && rc3 > 0);
        // Room for either of the two, not both. (Two compiles of one module may differ by a few
        // bytes: Chicory's serialized classes carry the time they were written.)
        long bound = Math.max(echo, rc3) + Math.min(echo, rc3) / 2;
        WasmEngine e = WasmEngine.create(100, bound);
        module(e, ECHO);
        CompiledModule kept = module(e, RC3);
        ModuleCache.Stats s = e.modules().stats();
        assertEquals(1, s.entries());
        assertEquals(1, s.evictions());
        assertEquals(kept.footprint(), s.bytes());
        assertEquals(bound, s.maxBytes());
        module(e, ECHO);
        assertEquals(3, e.modules().stats().misses(), "the evicted module was compiled again");
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x5a;
        return c;
    }
}
