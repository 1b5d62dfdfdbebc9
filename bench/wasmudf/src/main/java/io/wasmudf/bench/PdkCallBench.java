package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.bench.common.PlainJava;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.WasmEngine;
import java.nio.charset.StandardCharsets;
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
 * Per call on a warm instance of real PDK-built plug-ins of the corpus, where the guest does
 * much more than bench.wasm (serde_json, a config read and a var update per call; Go's runtime):
 * Extism-style Rust {@code rs_udf.wasm} {@code rs_count_vowels} on 100 B and 10 KB, and the Go-PDK
 * {@code count_vowels.wasm} on 100 B. The same rows as {@code bench/rust-sdk} (the official Rust SDK).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PdkCallBench {
    @Param({"compiler"})
    public String contender;

    private Plugin rust;
    private Plugin go;

    @Setup
    public void setup() {
        rust = instance("rs_udf.wasm");
        go = instance("count_vowels.wasm");
        expectCount(rust.call("rs_count_vowels", Inputs.TEXT10K), Inputs.TEXT10K);
        expectCount(go.call("count_vowels", Inputs.TEXT100), Inputs.TEXT100);
    }

    private Plugin instance(String file) {
        byte[] wasm = Inputs.corpusPlugin(file);
        if (wasm == null) {
            throw new IllegalStateException("no plugins/wasm/" + file + " (set -Dwasmudf.repo.root)");
        }
        return Contenders.compile(WasmEngine.shared(), wasm, contender).instantiate();
    }

    /** Both plug-ins answer {"count":N,"total":...}: N must be the plain count. */
    private static void expectCount(byte[] out, byte[] input) {
        String plain = new String(PlainJava.countVowels(input), StandardCharsets.US_ASCII);
        String prefix = plain.substring(0, plain.length() - 1) + ",";
        String got = new String(out, StandardCharsets.UTF_8);
        if (!got.startsWith(prefix)) {
            throw new IllegalStateException("count differs from the plain Java function's: expected " + prefix + "... got " + got);
        }
    }

    @TearDown
    public void close() {
        rust.close();
        go.close();
    }

    @Benchmark
    public byte[] rsCountVowels100() {
        return rust.call("rs_count_vowels", Inputs.TEXT100);
    }

    @Benchmark
    public byte[] rsCountVowels10k() {
        return rust.call("rs_count_vowels", Inputs.TEXT10K);
    }

    @Benchmark
    public byte[] goCountVowels100() {
        return go.call("count_vowels", Inputs.TEXT100);
    }
}
