package io.wasmudf.bench.sdk;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.bench.common.PlainJava;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.extism.sdk.chicory.Manifest;
import org.extism.sdk.chicory.ManifestWasm;
import org.extism.sdk.chicory.Plugin;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workloads 1 and 2 on Extism's chicory-sdk: the same bench.wasm and inputs as
 * {@code io.wasmudf.bench.CallBench}, warm instance. {@code chicory-sdk} is its default
 * (Chicory's interpreter), {@code chicory-sdk-aot} its {@code withAoT()} option (Chicory's
 * run-time compiler). {@code java} repeats the plain Java floor in this JVM as a cross-check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SdkCallBench {
    @Param({"chicory-sdk", "chicory-sdk-aot"})
    public String contender;

    private Plugin plugin;

    static Plugin plugin(String contender, byte[] wasm) {
        Manifest.Options options = new Manifest.Options();
        if (contender.equals("chicory-sdk-aot")) {
            options = options.withAoT();
        }
        Manifest manifest = Manifest.ofWasms(ManifestWasm.fromBytes(wasm).build()).withOptions(options).build();
        return Plugin.ofManifest(manifest).build();
    }

    @Setup
    public void setup() {
        plugin = plugin(contender, Inputs.benchWasm());
        check("echo", PlainJava.echo(Inputs.ECHO16), echo16());
        check("count_vowels", PlainJava.countVowels(Inputs.TEXT100), countVowels100());
        check("count_vowels", PlainJava.countVowels(Inputs.TEXT10K), countVowels10k());
        check("json_title", PlainJava.jsonTitle(Inputs.POST_JSON), jsonTitle());
    }

    private static void check(String what, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(what + ": chicory-sdk's output differs: " + new String(actual));
        }
    }

    @Benchmark
    public byte[] echo16() {
        return plugin.call("echo", Inputs.ECHO16);
    }

    @Benchmark
    public byte[] countVowels100() {
        return plugin.call("count_vowels", Inputs.TEXT100);
    }

    @Benchmark
    public byte[] countVowels10k() {
        return plugin.call("count_vowels", Inputs.TEXT10K);
    }

    @Benchmark
    public byte[] jsonTitle() {
        return plugin.call("json_title", Inputs.POST_JSON);
    }
}
