package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.DirectoryCodeCache;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.WasmEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 3, cold starts in a warm JVM. {@code newInstance}: a new instance of an already
 * compiled module and its first call (what a new connection pays). {@code neverSeenModule}: a
 * fresh engine (empty module cache) parses, compiles, instantiates and calls a module. {@code
 * neverSeenModuleStoredCode}: the same with the module's compiled classes already in a code cache
 * (what a new process pays for a registered module; Wasmtime's on-disk cache hit is its
 * counterpart in the official SDKs).
 *
 * <p>{@code module} is {@code bench.wasm} (the hand-written WAT plug-in) or a file of the
 * repository's PDK-built corpus ({@code plugins/wasm/NAME}); {@code export} is what is called,
 * with the 100-byte text.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ColdBench {
    @Param({"compiler", "interpreter"})
    public String contender;

    @Param({"bench.wasm"})
    public String module;

    @Param({"count_vowels"})
    public String export;

    private byte[] wasm;
    private CompiledPlugin compiled;
    private DirectoryCodeCache stored;

    @Setup
    public void setup() {
        wasm = module.equals("bench.wasm") ? Inputs.benchWasm() : Inputs.corpusPlugin(module);
        if (wasm == null) {
            throw new IllegalStateException("no plugins/wasm/" + module + " (set -Dwasmudf.repo.root)");
        }
        compiled = Contenders.compile(WasmEngine.shared(), wasm, contender);
        try {
            Path dir = Files.createTempDirectory("wasmudf-bench-code");
            Contenders.compile(WasmEngine.create(1).withCodeCache(DirectoryCodeCache.of(dir)), wasm, contender);
            stored = DirectoryCodeCache.readOnly(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TearDown
    public void removeStoredCode() throws IOException {
        try (var files = Files.list(stored.directory())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(stored.directory());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public byte[] newInstance() {
        try (Plugin p = compiled.instantiate()) {
            return p.call(export, Inputs.TEXT100);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public byte[] neverSeenModule() {
        CompiledPlugin c = Contenders.compile(WasmEngine.create(1), wasm, contender);
        try (Plugin p = c.instantiate()) {
            return p.call(export, Inputs.TEXT100);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public byte[] neverSeenModuleStoredCode() {
        CompiledPlugin c = Contenders.compile(WasmEngine.create(1).withCodeCache(stored), wasm, contender);
        try (Plugin p = c.instantiate()) {
            return p.call(export, Inputs.TEXT100);
        }
    }
}
