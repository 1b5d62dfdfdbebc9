package io.wasmudf.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link H2PdkBench}'s queries timed by the calling thread's CPU time as well as the wall clock:
 * embedded H2 runs a query in the caller's thread, so CPU time is what a row costs even when other
 * processes share the cores (wall time then mostly measures waiting for a core).
 * {@code java -cp bench/wasmudf/target/benchmarks.jar io.wasmudf.bench.H2PdkCpu [queries] [contender...]}
 * prints, per contender, the median of the last half of the queries in µs per row, and the bytes
 * the thread allocated per row.
 */
public final class H2PdkCpu {
    /** Bytes the thread allocates: unlike time, the same in every run, so small changes show. */
    private static final com.sun.management.ThreadMXBean ALLOCATED =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private H2PdkCpu() {}

    public static void main(String[] args) throws Exception {
        int queries = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> contenders = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("scan", "java", "wasm_call", "runtime_alias");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String c : contenders) {
            H2PdkBench b = new H2PdkBench();
            b.contender = c;
            b.setup();
            List<Double> cpu = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            List<Double> heap = new ArrayList<>();
            for (int q = 0; q < queries; q++) {
                long a0 = ALLOCATED.getCurrentThreadAllocatedBytes();
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                b.query();
                long w1 = System.nanoTime();
                long c1 = mx.getCurrentThreadCpuTime();
                long a1 = ALLOCATED.getCurrentThreadAllocatedBytes();
                if (q >= queries / 2) {
                    cpu.add((c1 - c0) / 1e3 / H2PdkBench.ROWS);
                    wall.add((w1 - w0) / 1e3 / H2PdkBench.ROWS);
                    heap.add((a1 - a0) / (double) H2PdkBench.ROWS);
                }
            }
            b.close();
            System.out.printf("%-14s cpu %.3f µs/row (min %.3f)   wall %.3f µs/row (min %.3f)   heap %.0f B/row%n",
                    c, median(cpu), Collections.min(cpu), median(wall), Collections.min(wall), median(heap));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
