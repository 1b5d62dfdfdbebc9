package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
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
 * The cost of the SIMD path: the same C source ({@code plugins/simd/c/simd_c.c}) built with
 * {@code -msimd128} ({@code simd_c.wasm}: its vector functions run in the SIMD interpreter, the
 * rest compiled) and without ({@code simd_c_scalar.wasm}: all compiled), through this runtime, on
 * 10 KB of text. {@code mode=interpreter} runs both wholly interpreted, for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SimdBench {
    @Param({"simd", "scalar"})
    public String build;

    @Param({"compiler", "interpreter"})
    public String mode;

    private Plugin plugin;
    private byte[] needleAndText;

    @Setup
    public void setup() {
        needleAndText = ("e" + new String(Inputs.TEXT10K, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        plugin = open(build);
        try (Plugin other = open(build.equals("simd") ? "scalar" : "simd")) {
            for (String export : new String[] {"count_byte", "hex", "upper"}) {
                Contenders.check(export + " simd vs scalar", other.call(export, needleAndText), plugin.call(export, needleAndText));
            }
        }
    }

    private Plugin open(String which) {
        byte[] wasm = Objects.requireNonNull(Inputs.corpusPlugin(which.equals("simd") ? "simd_c.wasm" : "simd_c_scalar.wasm"),
                "plugins/wasm/simd_c*.wasm not found: set -Dwasmudf.repo.root");
        PluginOptions options = PluginOptions.builder().mode(Contenders.mode(mode)).build();
        CompiledPlugin compiled = WasmEngine.shared().compile(Manifest.of(wasm), options); // WASI: given as it imports it
        return compiled.instantiate();
    }

    @TearDown
    public void close() {
        plugin.close();
    }

    @Benchmark
    public byte[] countByte10k() {
        return plugin.call("count_byte", needleAndText);
    }

    @Benchmark
    public byte[] hex10k() {
        return plugin.call("hex", needleAndText);
    }

    @Benchmark
    public byte[] upper10k() {
        return plugin.call("upper", needleAndText);
    }
}
