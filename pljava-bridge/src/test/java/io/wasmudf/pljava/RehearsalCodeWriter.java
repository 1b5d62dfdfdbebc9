package io.wasmudf.pljava;

import io.wasmudf.runtime.CodeCache;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.WasmEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compiles {@code rehearsal.wasm} and writes its compiled-code entry, which {@link Rehearsal}
 * loads instead of compiling in every backend. Run when {@code RehearsalCodeTest} says so (after
 * a Chicory or runtime version change, or a new {@code rehearsal.wasm}), through that test, as its
 * message says ({@code -Dwasmudf.rehearsal.code=PATH}), or as a main class with the path.
 */
public final class RehearsalCodeWriter {
    private RehearsalCodeWriter() {
    }

    /** The entry the runtime writes for the rehearsal module under this build. */
    static byte[] compile() {
        byte[][] entry = new byte[1][];
        CodeCache capture = new CodeCache() {
            @Override
            public byte[] read(String id) {
                return null;
            }

            @Override
            public void write(String id, String moduleSha256, byte[] bytes) {
                entry[0] = bytes;
            }

            @Override
            public boolean writable() {
                return true;
            }
        };
        WasmEngine.create(1).withCodeCache(capture).compile(Manifest.of(Rehearsal.resource("rehearsal.wasm")));
        if (entry[0] == null) {
            throw new IllegalStateException("the runtime stored no compiled code for the rehearsal module");
        }
        return entry[0];
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.write(out, compile());
        System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
    }
}
