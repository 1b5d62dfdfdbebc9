package io.wasmudf.bench.sdk;

import io.wasmudf.bench.common.Inputs;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 3 on chicory-sdk: it has no separately reusable compiled form that survives a new
 * instance in 0.3.0 other than {@code CompiledPlugin}, so both cold starts build from the manifest:
 * {@code neverSeenModule} is parse + (compile) + instantiate + first call.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SdkColdBench {
    @Param({"chicory-sdk", "chicory-sdk-aot"})
    public String contender;

    @Param({"bench.wasm"})
    public String module;

    @Param({"count_vowels"})
    public String export;

    private byte[] wasm;

    @Setup
    public void setup() {
        wasm = module.equals("bench.wasm") ? Inputs.benchWasm() : Inputs.corpusPlugin(module);
        if (wasm == null) {
            throw new IllegalStateException("no plugins/wasm/" + module + " (set -Dwasmudf.repo.root)");
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public byte[] neverSeenModule() {
        return SdkCallBench.plugin(contender, wasm).call(export, Inputs.TEXT100);
    }
}
