package io.wasmudf.bench;

import com.dylibso.chicory.wasm.Parser;
import io.wasmudf.runtime.ColdSteps;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.DirectoryCodeCache;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.WasmEngine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a new JVM's first call of a module with stored classes goes, for {@code bench/first_call.py
 * --split} (one process per measurement):
 *
 * <pre>
 *   FirstCallSplit fill DIR WASM                 compile WASM and store its classes in the directory cache DIR
 *   FirstCallSplit run DIR WASM EXPORT INPUT     load them (read-only), instantiate, call; print the split
 *   FirstCallSplit steps DIR WASM EXPORT INPUT   the same load step by step ({@link ColdSteps}), each step's
 *                                                wall and main-thread CPU time
 * </pre>
 *
 * After the call {@code run} also times Chicory's full parse of the same bytes (unvalidated), which
 * the load path no longer pays when the stored classes cover every function. Thread CPU times are
 * for a loaded machine, where wall times swell with the load; they leave out the JIT's and the
 * GC's threads.
 */
public final class FirstCallSplit {
    private FirstCallSplit() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        byte[] wasm = Files.readAllBytes(Path.of(args[2]));
        if (args[0].equals("fill")) {
            WasmEngine.create(1).withCodeCache(DirectoryCodeCache.of(dir)).compile(Manifest.of(wasm));
            return;
        }
        if (args[0].equals("steps")) {
            Map<String, double[]> steps = ColdSteps.run(wasm, DirectoryCodeCache.readOnly(dir), args[3],
                    args[4].getBytes(StandardCharsets.UTF_8));
            StringBuilder json = new StringBuilder("{");
            steps.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "")
                    .append(String.format("\"%s_ms\": %.1f, \"%s_cpu_ms\": %.1f", k, v[0], k, v[1])));
            System.out.println(json.append('}'));
            return;
        }
        long t0 = System.nanoTime();
        CompiledPlugin compiled = WasmEngine.create(1).withCodeCache(DirectoryCodeCache.readOnly(dir)).compile(Manifest.of(wasm));
        long t1 = System.nanoTime();
        try (Plugin p = compiled.instantiate()) {
            long t2 = System.nanoTime();
            byte[] out = p.call(args[3], args[4].getBytes(StandardCharsets.UTF_8));
            long t3 = System.nanoTime();
            Parser.builder().withValidation(false).build().parse(() -> new ByteArrayInputStream(wasm));
            long t4 = System.nanoTime();
            System.out.printf("{\"origin\": \"%s\", \"load_ms\": %.1f, \"instantiate_ms\": %.1f, \"first_call_ms\": %.1f, "
                    + "\"full_parse_ms\": %.1f, \"output\": \"%s\"}%n", compiled.mainModule().codeOrigin(),
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6,
                    new String(out, StandardCharsets.UTF_8).replace("\"", "\\\""));
        }
    }
}
