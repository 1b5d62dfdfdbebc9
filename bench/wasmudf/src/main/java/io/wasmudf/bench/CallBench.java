package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.WasmEngine;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
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
 * Workloads 1 and 2, per call on a warm instance: echo 16 bytes, count_vowels on 100 B and 10 KB,
 * json_title on a 515-byte JSON post. Same plug-in bytes (bench.wasm) and inputs for every contender.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallBench {
    @Param({"java", "compiler", "interpreter"})
    public String contender;

    private Plugin plugin;
    private UnaryOperator<byte[]> echo;
    private UnaryOperator<byte[]> countVowels;
    private UnaryOperator<byte[]> jsonTitle;

    @Setup
    public void setup() {
        echo = fn("echo");
        countVowels = fn("count_vowels");
        jsonTitle = fn("json_title");
        Contenders.check("echo", Contenders.java("echo").apply(Inputs.ECHO16), echo.apply(Inputs.ECHO16));
        Contenders.check("count_vowels", Contenders.java("count_vowels").apply(Inputs.TEXT10K), countVowels.apply(Inputs.TEXT10K));
        Contenders.check("json_title", Contenders.java("json_title").apply(Inputs.POST_JSON), jsonTitle.apply(Inputs.POST_JSON));
    }

    private UnaryOperator<byte[]> fn(String export) {
        if (contender.equals("java")) {
            return Contenders.java(export);
        }
        if (plugin == null) {
            plugin = Contenders.warm(Contenders.compile(WasmEngine.shared(), Inputs.benchWasm(), contender));
        }
        Plugin p = plugin;
        return input -> p.call(export, input);
    }

    @TearDown
    public void close() {
        if (plugin != null) {
            plugin.close();
        }
    }

    @Benchmark
    public byte[] echo16() {
        return echo.apply(Inputs.ECHO16);
    }

    @Benchmark
    public byte[] countVowels100() {
        return countVowels.apply(Inputs.TEXT100);
    }

    @Benchmark
    public byte[] countVowels10k() {
        return countVowels.apply(Inputs.TEXT10K);
    }

    @Benchmark
    public byte[] jsonTitle() {
        return jsonTitle.apply(Inputs.POST_JSON);
    }
}
