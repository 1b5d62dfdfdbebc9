package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Where one call's time goes, by the calling thread's CPU time: the call protocol alone (an export
 * that does nothing), one host-call crossing (1,000-step loops of {@code hostcalls.wasm} with and
 * without a kernel call per step), and the real PDK calls of {@link PdkCallBench} with a time limit
 * armed as SQL arms it. With the kernel calls the PDK makes per call (counted once: 59.5 for
 * rs_count_vowels on 100 B) this splits a call into protocol, crossings and the rest (guest code,
 * the kernel's and vars' own work; {@code bench/layers.py} on a JFR recording splits that further,
 * see bench/BENCHMARKS.md). The loop is also timed as Java, with and without an interrupt test per
 * step, to price what Chicory's compiled code adds to a loop.
 *
 * <pre>java -Dwasmudf.repo.root=. -cp bench/wasmudf/target/benchmarks.jar io.wasmudf.bench.PdkLayersCpu [rounds]</pre>
 */
public final class PdkLayersCpu {
    private static final long TIMEOUT_MS = 10_000; // the SQL default: the watchdog is armed as for a row
    private static final int LOOP = 1000; // steps in each hostcalls.wasm loop

    private PdkLayersCpu() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        PluginOptions options = Contenders.options("compiler");
        byte[] empty = new byte[0];
        System.out.println("load at start: " + load());
        try (Plugin h = WasmEngine.shared().compile(Manifest.of(Inputs.benchPlugin("hostcalls.wasm")), options).instantiate();
                Plugin rust = WasmEngine.shared().compile(Manifest.of(Inputs.corpusPlugin("rs_udf.wasm")), options).instantiate();
                Plugin go = WasmEngine.shared().compile(Manifest.of(Inputs.corpusPlugin("count_vowels.wasm")), options).instantiate()) {
            byte[] in8 = new byte[8];
            // Every export and both PDK plug-ins run before anything is timed, so the host-call
            // sites see all the kernel functions they see in real use (not one, which the JIT would inline).
            for (String export : new String[] {"nothing", "loop", "input_length", "input_load_u64", "store_u8", "alloc_free"}) {
                perCall(mx, 1, 2_000, () -> h.call(export, in8, TIMEOUT_MS));
            }
            perCall(mx, 1, 2_000, () -> rust.call("rs_count_vowels", Inputs.TEXT100, TIMEOUT_MS));
            perCall(mx, 1, 200, () -> go.call("count_vowels", Inputs.TEXT100, TIMEOUT_MS));
            double nothing = perCall(mx, rounds, 20_000, () -> h.call("nothing", empty, TIMEOUT_MS));
            double loop = perCall(mx, rounds, 2_000, () -> h.call("loop", in8, TIMEOUT_MS));
            double javaLoop = perCall(mx, rounds, 2_000, () -> javaLoop(false));
            double javaChecked = perCall(mx, rounds, 2_000, () -> javaLoop(true));
            System.out.printf("call protocol (export doing nothing, no input) %8.3f µs%n", nothing);
            System.out.printf("1,000-step loop without host calls             %8.3f µs%n", loop);
            System.out.printf("  the same loop in Java                        %8.3f µs%n", javaLoop);
            System.out.printf("  in Java, checking the interrupt flag a step  %8.3f µs%n", javaChecked);
            for (String export : new String[] {"input_length", "input_load_u64", "store_u8", "alloc_free"}) {
                double t = perCall(mx, rounds, 2_000, () -> h.call(export, in8, TIMEOUT_MS));
                int calls = export.equals("alloc_free") ? 2 * LOOP : LOOP;
                System.out.printf("one %-15s call (loop with it - loop) %8.1f ns%n", export, (t - loop) * 1e3 / calls);
            }
            double rs = perCall(mx, rounds, 20_000, () -> rust.call("rs_count_vowels", Inputs.TEXT100, TIMEOUT_MS));
            double rs10k = perCall(mx, rounds, 200, () -> rust.call("rs_count_vowels", Inputs.TEXT10K, TIMEOUT_MS));
            double goCall = perCall(mx, rounds, 2_000, () -> go.call("count_vowels", Inputs.TEXT100, TIMEOUT_MS));
            System.out.printf("rs_count_vowels 100 B                          %8.3f µs  %6.0f B allocated%n", rs,
                    allocatedPerCall(200, () -> rust.call("rs_count_vowels", Inputs.TEXT100, TIMEOUT_MS)));
            System.out.printf("rs_count_vowels 10 KB                          %8.3f µs%n", rs10k);
            System.out.printf("Go-PDK count_vowels 100 B                      %8.3f µs%n", goCall);
        }
        System.out.println("load at end: " + load());
    }

    private static volatile long sink;

    /** Heap bytes the thread allocates per call: the same in every run, unlike time. */
    private static double allocatedPerCall(int calls, Supplier<byte[]> call) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long a0 = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            call.get();
        }
        return (mx.getCurrentThreadAllocatedBytes() - a0) / (double) calls;
    }

    /** hostcalls.wat's "loop" in Java; {@code checked}: with the interrupt test Chicory's code makes on each back-edge. */
    private static byte[] javaLoop(boolean checked) {
        long acc = 0;
        for (int i = 0; i < LOOP; i++) {
            if (checked && Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
            acc += i ^ sink;
        }
        sink = acc;
        return null;
    }

    /** Median over rounds of the CPU time per call, in µs; the first round (and a warm-up) not counted. */
    private static double perCall(ThreadMXBean mx, int rounds, int calls, Supplier<byte[]> call) {
        for (int i = 0; i < calls * 5; i++) {
            call.get();
        }
        double[] us = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                call.get();
            }
            us[r] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / calls;
        }
        Arrays.sort(us);
        return us[rounds / 2];
    }

    private static String load() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
