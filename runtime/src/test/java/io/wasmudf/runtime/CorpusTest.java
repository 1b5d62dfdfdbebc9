package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.sun.net.httpserver.HttpServer;
import io.wasmudf.corpus.Corpus;
import io.wasmudf.corpus.CorpusCase;
import io.wasmudf.corpus.CorpusFiles;
import io.wasmudf.corpus.RecordedOutcome;
import io.wasmudf.corpus.RecordedOutcome.Stage;
import io.wasmudf.runtime.PluginOptions.Snapshots;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every case of the plug-in corpus ({@code plugins/cases.json}) through this runtime and
 * compares each call with what the official Extism runtime answered ({@code plugins/expected/results.json}):
 * outputs byte for byte; failures by stage (load or call), kind, message and code through the
 * documented translation table ({@link io.wasmudf.corpus.Translations}). Runs under both execution
 * modes; the {@code large} cases are skipped, and counted as skipped, under the interpreter.
 *
 * <p>The {@code fromSnapshot} runs do it again with every case's calls made on an instance started
 * from an {@link InstanceSnapshot} wherever one can be taken (under {@link
 * PluginOptions.Snapshots#SHARE_ENTROPY}, so the Go modules, which read the clock and random bytes
 * as they start, are imaged too): a first instance only starts up, to be imaged. The {@code
 * fromBuiltImage} run makes every case's calls on an instance started from an image of an instance
 * as built ({@link PluginOptions.Snapshots#BEFORE_START_UP}), which then runs its own start-up.
 */
@Timeout(120)
class CorpusTest {
    private static HttpServer server;
    private static String baseUrl;

    @BeforeAll
    static void startServer() throws IOException {
        server = TestHttpServer.start();
        baseUrl = TestHttpServer.baseUrl(server);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @TestFactory
    Stream<DynamicTest> compiler() {
        return cases(ExecutionMode.COMPILER, null);
    }

    @TestFactory
    Stream<DynamicTest> interpreter() {
        return cases(ExecutionMode.INTERPRETER, null);
    }

    @TestFactory
    Stream<DynamicTest> compilerFromSnapshot() {
        return cases(ExecutionMode.COMPILER, Snapshots.SHARE_ENTROPY);
    }

    @TestFactory
    Stream<DynamicTest> interpreterFromSnapshot() {
        return cases(ExecutionMode.INTERPRETER, Snapshots.SHARE_ENTROPY);
    }

    @TestFactory
    Stream<DynamicTest> compilerFromBuiltImage() {
        return cases(ExecutionMode.COMPILER, Snapshots.BEFORE_START_UP);
    }

    /** @param imaged null: the default options and a fresh instance; else primed under these snapshots */
    private Stream<DynamicTest> cases(ExecutionMode mode, Snapshots imaged) {
        List<CorpusCase> cases = Corpus.load();
        return cases.stream().map(k -> DynamicTest.dynamicTest(k.id(), () -> {
            assumeFalse(mode == ExecutionMode.INTERPRETER && k.large(),
                    "large case: megabytes through the interpreter only slow the suite; the compiler run covers it");
            run(k, mode, imaged);
        }));
    }

    private void run(CorpusCase k, ExecutionMode mode, Snapshots imaged) throws IOException {
        // Cases with a "fixture" get a fresh tree (symlinks cannot live in git) substituted for ${FIXTURE}.
        try (CaseFixture fixture = CaseFixture.forCase(k.raw(), CorpusFiles.plugins())) {
            run(k, mode, fixture, imaged);
        }
    }

    private void run(CorpusCase k, ExecutionMode mode, CaseFixture fixture, Snapshots imaged) {
        CompiledPlugin compiled;
        try {
            PluginOptions o = options(k, mode);
            if (imaged != null) {
                o = o.toBuilder().snapshots(imaged).build();
            }
            compiled = WasmEngine.shared().withBaseDir(CorpusFiles.plugins()).compile(manifest(k, fixture), o);
        } catch (WasmException e) {
            loadFailed(k, e);
            return;
        }
        if (imaged != null) {
            try (Plugin first = compiled.instantiate()) {
                first.startUp(); // images start-up, or the instance as built, where it may be
            } catch (WasmException e) {
                // a start-up that fails fails again in the case's own instance, which checks it
            }
        }
        boolean fromSnapshot = imaged != null && compiled.snapshotTaken();
        boolean fromBuilt = imaged != null && !fromSnapshot && compiled.builtImageTaken();
        Plugin plugin = compiled.instantiate();
        try (plugin) {
            for (int i = 0; i < k.calls(); i++) {
                RecordedOutcome want = k.recorded().get(i);
                String where = k.id() + " (" + k.export() + ", call " + (i + 1) + ")";
                if (want.stage() == Stage.LOAD) {
                    fail(where + ": the official runtime could not load the plug-in (" + want + "), we could");
                }
                byte[] got = null;
                WasmException error = null;
                try {
                    got = plugin.call(k.export(), k.input());
                } catch (WasmException e) {
                    error = e;
                }
                OutcomeAssertions.assertCall(where, want, got, error, baseUrl);
                if (i == 0 && fromSnapshot) {
                    assertEquals(1, plugin.snapshotStarts(), where + ": the instance did not start from the image");
                }
                if (i == 0 && fromBuilt) {
                    assertEquals(1, plugin.builtImageStarts(), where + ": the instance did not start from the built image");
                }
            }
        }
    }

    /** Our load failed: every recorded outcome must be a load failure that ours agrees with. */
    private static void loadFailed(CorpusCase k, WasmException e) {
        for (RecordedOutcome want : k.recorded()) {
            if (want.stage() != Stage.LOAD) {
                fail(k.id() + ": we failed to load the plug-in (" + e.kind() + ": " + e.getMessage()
                        + ") but the official runtime loaded it and answered " + want, e);
            }
            OutcomeAssertions.assertFailure(k.id() + " (load)", want.expected(), e);
        }
    }

    private static Manifest manifest(CorpusCase k, CaseFixture fixture) {
        Manifest.Builder b = ManifestJson.parsePartial(k.manifestSettings(baseUrl, fixture::substitute).toString());
        for (CorpusCase.Module m : k.modules()) {
            WasmSource s = WasmSource.ofData(m.bytes());
            if (m.name() != null) {
                s = s.withName(m.name());
            }
            if (m.hash() != null) {
                s = s.withHash(m.hash());
            }
            b.addWasm(s);
        }
        return b.build();
    }

    private static PluginOptions options(CorpusCase k, ExecutionMode mode) {
        // The official SDK links WASI only when asked; our AUTO default is not what a case measures.
        PluginOptions.Builder ob = PluginOptions.builder().name(k.id()).mode(mode).logLevel(LogLevel.OFF)
                .wasi(k.wasi() ? PluginOptions.Wasi.ON : PluginOptions.Wasi.OFF);
        if (k.hostFunctions() != null) {
            assertEquals("kv", k.hostFunctions(), k.id() + ": the only host functions the corpus defines are kv");
            ob.hostFunctions(KvHostFunctions.create());
        }
        return ob.build();
    }
}
