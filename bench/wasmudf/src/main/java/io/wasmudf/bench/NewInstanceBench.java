package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A new instance of an already compiled PDK-built module (Go-PDK {@code count_vowels.wasm}, the
 * Rust-PDK {@code rs_udf.wasm}), with and without instance snapshots ({@code snapshots}: {@code
 * OFF}, {@code DETERMINISTIC} (the default), {@code SHARE_ENTROPY}). {@code newInstanceFirstCall}:
 * instantiate + the first call (what a new connection pays); {@code warmCall}: the same call on a
 * warm instance, so the instance's own cost is the difference.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NewInstanceBench {
    @Param({"count_vowels.wasm", "rs_udf.wasm"})
    public String module;

    @Param({"OFF", "DETERMINISTIC", "SHARE_ENTROPY"})
    public String snapshots;

    @Param({"compiler"})
    public String contender;

    private static final byte[] INPUT = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    private CompiledPlugin compiled;
    private String export;
    private Plugin warm;

    @Setup
    public void setup() {
        byte[] wasm = Inputs.corpusPlugin(module);
        if (wasm == null) {
            throw new IllegalStateException("no plugins/wasm/" + module + " (set -Dwasmudf.repo.root)");
        }
        export = module.equals("rs_udf.wasm") ? "rs_count_vowels" : "count_vowels";
        PluginOptions options = Contenders.options(contender).toBuilder()
                .snapshots(PluginOptions.Snapshots.valueOf(snapshots)).build();
        compiled = WasmEngine.shared().compile(Manifest.of(wasm), options);
        warm = compiled.instantiate();
        String out = new String(warm.call(export, INPUT), StandardCharsets.UTF_8);
        if (!out.contains("3")) {
            throw new IllegalStateException("unexpected output " + out);
        }
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.println("\n# " + module + " " + snapshots + ": snapshot taken " + compiled.snapshotTaken()
                + ", bytes " + compiled.snapshotBytes() + ", refusal: " + compiled.snapshotRefusal());
        warm.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public byte[] newInstanceFirstCall() {
        try (Plugin p = compiled.instantiate()) {
            return p.call(export, INPUT);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public byte[] warmCall() {
        return warm.call(export, INPUT);
    }
}
