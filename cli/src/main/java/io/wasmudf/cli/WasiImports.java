package io.wasmudf.cli;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.Import;
import java.util.Optional;

/** Finds the first WASI import of a module, to word a link failure as the official runtime does. */
final class WasiImports {
    static final String MODULE = "wasi_snapshot_preview1";

    private WasiImports() {
    }

    /** The first import from {@code wasi_snapshot_preview1}, in import order (the one a linker reports). */
    static Optional<String> first(byte[] wasm) {
        try {
            return Parser.parse(wasm).importSection().stream()
                    .filter(i -> MODULE.equals(i.module()))
                    .map(Import::name)
                    .findFirst();
        } catch (RuntimeException notAModule) {
            return Optional.empty();
        }
    }

    /** libextism's words for an import no one provides. */
    static String unknownImport(String name) {
        return "unknown import: `" + MODULE + "::" + name + "` has not been defined";
    }
}
