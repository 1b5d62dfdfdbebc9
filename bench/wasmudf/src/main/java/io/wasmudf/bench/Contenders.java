package io.wasmudf.bench;

import io.wasmudf.bench.common.Inputs;
import io.wasmudf.bench.common.PlainJava;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.ExecutionMode;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** Builds one contender's function for an export: the plain Java floor or this runtime in a mode. */
final class Contenders {
    private Contenders() {}

    static PluginOptions options(String contender) {
        return PluginOptions.builder().mode(mode(contender)).build();
    }

    static ExecutionMode mode(String contender) {
        switch (contender) {
            case "compiler": return ExecutionMode.COMPILER;
            case "interpreter": return ExecutionMode.INTERPRETER;
            default: throw new IllegalArgumentException("not a runtime contender: " + contender);
        }
    }

    static CompiledPlugin compile(WasmEngine engine, byte[] wasm, String contender) {
        return engine.compile(Manifest.of(wasm), options(contender));
    }

    /** The plain Java function standing for an export of bench.wasm. */
    static UnaryOperator<byte[]> java(String export) {
        switch (export) {
            case "echo": return PlainJava::echo;
            case "count_vowels": return PlainJava::countVowels;
            case "json_title": return PlainJava::jsonTitle;
            default: throw new IllegalArgumentException(export);
        }
    }

    /** Fails fast when a contender's output differs from the plain Java function's. */
    static void check(String what, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(what + ": output differs from the plain Java function's: expected "
                    + new String(expected) + " got " + new String(actual));
        }
    }

    static Plugin warm(CompiledPlugin compiled) {
        Plugin p = compiled.instantiate();
        p.call("echo", Inputs.ECHO16);
        return p;
    }
}
