package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The figures of {@link NewInstanceBench} as the calling thread's CPU time besides wall time: on a
 * loaded machine (2 cores shared with other work) wall time mostly measures the wait for a core,
 * CPU time what a new instance costs. Prints one line per module and snapshot setting: medians and
 * 10th–90th percentiles of new instance + first call, after a warm-up; the image column says
 * whether instances start from a snapshot of start-up, from an image as built, or from the module.
 *
 * <pre>java -cp bench/wasmudf/target/benchmarks.jar -Dwasmudf.repo.root=. io.wasmudf.bench.NewInstanceCpu [N]</pre>
 */
public final class NewInstanceCpu {
    private NewInstanceCpu() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        byte[] input = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        for (String module : new String[] {"count_vowels.wasm", "rs_udf.wasm"}) {
            String export = module.equals("rs_udf.wasm") ? "rs_count_vowels" : "count_vowels";
            for (PluginOptions.Snapshots s : PluginOptions.Snapshots.values()) {
                CompiledPlugin c = WasmEngine.shared().compile(Manifest.of(Inputs.corpusPlugin(module)),
                        PluginOptions.builder().snapshots(s).build());
                int runs = s == PluginOptions.Snapshots.OFF || !imageable(c, export, input) ? Math.max(20, n / 10) : n;
                long[] wall = new long[runs];
                long[] cpu = new long[runs];
                for (int i = -runs / 2; i < runs; i++) { // the first half-run warms the JIT
                    long c0 = mx.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    try (Plugin p = c.instantiate()) {
                        p.call(export, input);
                    }
                    if (i >= 0) {
                        wall[i] = System.nanoTime() - t0;
                        cpu[i] = mx.getCurrentThreadCpuTime() - c0;
                    }
                }
                String image = c.snapshotTaken() ? "snapshot " : c.builtImageTaken() ? "as built " : "none";
                System.out.printf("%-18s %-15s image %-18s wall %s  cpu %s  (%d runs)%n", module, s,
                        image.equals("none") ? image : image + c.snapshotBytes() / 1024 + " KiB", stats(wall), stats(cpu), runs);
            }
        }
        System.out.println("load: " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static boolean imageable(CompiledPlugin c, String export, byte[] input) {
        try (Plugin p = c.instantiate()) {
            p.call(export, input);
        }
        try (Plugin p = c.instantiate()) { // a refused snapshot: the second instance is imaged as built
            p.call(export, input);
        }
        return c.snapshotTaken() || c.builtImageTaken();
    }

    private static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("%s (%s–%s)", us(s[s.length / 2]), us(s[s.length / 10]), us(s[s.length * 9 / 10]));
    }

    private static String us(long nanos) {
        return nanos >= 1_000_000 ? String.format("%.1f ms", nanos / 1e6) : String.format("%d µs", nanos / 1000);
    }
}
