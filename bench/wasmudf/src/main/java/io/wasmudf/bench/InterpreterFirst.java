package io.wasmudf.bench;

import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.ExecutionMode;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Would a never-seen module give its first rows sooner on the interpreter while the compiler works
 * in the background? One new JVM per run ({@code bench/first_call.py --interpreter-first}):
 *
 * <pre>
 *   InterpreterFirst compiled WASM EXPORT INPUT   compile, then call: when the first call returns
 *   InterpreterFirst race WASM EXPORT INPUT       interpreter now, compiler in a background thread:
 *                                                 when the interpreter's first call returns, how many
 *                                                 calls it served until the compiled code was ready,
 *                                                 and how long that compile took beside it
 * </pre>
 * Prints one JSON line. Measures only; the runtime does not do this (see bench/BENCHMARKS.md).
 */
public final class InterpreterFirst {
    private InterpreterFirst() {
    }

    public static void main(String[] args) throws Exception {
        byte[] wasm = Files.readAllBytes(Path.of(args[1]));
        String export = args[2];
        String input = args[3];
        long t0 = System.nanoTime();
        if (args[0].equals("compiled")) {
            try (Plugin p = compile(wasm, ExecutionMode.COMPILER).instantiate()) {
                p.call(export, input);
            }
            System.out.printf("{\"first_call_ms\": %.0f}%n", (System.nanoTime() - t0) / 1e6);
            return;
        }
        CompletableFuture<CompiledPlugin> compiling = CompletableFuture.supplyAsync(() -> compile(wasm, ExecutionMode.COMPILER));
        long first;
        long calls = 0;
        double lastCallMs = 0;
        try (Plugin p = compile(wasm, ExecutionMode.INTERPRETER).instantiate()) {
            p.call(export, input);
            first = System.nanoTime();
            while (!compiling.isDone()) {
                long c = System.nanoTime();
                p.call(export, input);
                lastCallMs = (System.nanoTime() - c) / 1e6;
                calls++;
            }
        }
        compiling.join();
        long ready = System.nanoTime();
        System.out.printf("{\"interpreter_first_call_ms\": %.0f, \"compiled_ready_ms\": %.0f, \"interpreter_calls_meanwhile\": %d, "
                + "\"interpreter_call_ms_at_end\": %.2f}%n", (first - t0) / 1e6, (ready - t0) / 1e6, calls, lastCallMs);
    }

    private static CompiledPlugin compile(byte[] wasm, ExecutionMode mode) {
        return WasmEngine.create(2).compile(Manifest.of(wasm), PluginOptions.builder().mode(mode).build());
    }
}
