package io.wasmudf.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For {@code io.wasmudf.bench.FirstCallSplit steps}: the steps a new process takes to run a module
 * whose classes are stored, one at a time and each timed (wall and this thread's CPU), through the
 * runtime's own package-private parts in the order {@link ModuleCompiler} takes them for an entry
 * that compiled every function. Bench only: it sits in the runtime's package to reach those parts
 * (the benchmarks jar is on the class path, where one package may span jars).
 */
public final class ColdSteps {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, double[]> steps = new LinkedHashMap<>();
    private long wall = System.nanoTime();
    private long cpu = THREADS.getCurrentThreadCpuTime();

    private ColdSteps() {
    }

    /**
     * Runs the steps on {@code wasm} with the entry in {@code cache}, then one call; returns, per
     * step, {wall ms, thread CPU ms}.
     */
    public static Map<String, double[]> run(byte[] wasm, CodeCache cache, String export, byte[] input) {
        ColdSteps t = new ColdSteps();
        String sha = ModuleCache.sha256(wasm);
        t.step("hash_module");
        CodeKey key = CodeKey.of(sha, ExecutionMode.COMPILER, Set.of());
        byte[] entry = cache.read(key.id());
        t.step("read_entry");
        byte[] payload;
        try {
            payload = CodeEntry.open(entry, key);
        } catch (CodeEntry.Rejected e) {
            throw new IllegalStateException("no usable entry: " + e.getMessage());
        }
        t.step("check_entry_digest");
        var skeleton = ModuleSkeleton.parse(wasm);
        t.step("parse_without_bodies");
        var factory = StoredClasses.load(payload).machineFactory();
        t.step("define_and_verify_classes");
        CompiledModule m = CompiledModule.loadedWithoutBodies(key, wasm.length, skeleton, factory, factory, payload);
        CompiledPlugin plugin = new CompiledPlugin(Manifest.of(wasm), PluginOptions.defaults(),
                List.of(new CompiledPlugin.Linked(CompiledPlugin.MAIN, m)), null);
        t.step("link_checks");
        try (Plugin p = plugin.instantiate()) {
            t.step("new_plugin_object");
            p.startUp();
            t.step("instantiate_and_guest_start_up");
            p.call(export, input);
            t.step("first_call");
            p.call(export, input);
            t.step("second_call");
        }
        try (Plugin p = plugin.instantiate()) {
            p.call(export, input);
            t.step("second_instance_first_call");
        }
        return t.steps;
    }

    private void step(String name) {
        long w = System.nanoTime();
        long c = THREADS.getCurrentThreadCpuTime();
        steps.put(name, new double[] {(w - wall) / 1e6, (c - cpu) / 1e6});
        wall = System.nanoTime();
        cpu = THREADS.getCurrentThreadCpuTime();
    }
}
