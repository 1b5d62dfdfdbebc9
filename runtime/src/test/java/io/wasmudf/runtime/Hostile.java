package io.wasmudf.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Consumer;

/** The hostile plug-ins of plugins/hostile/wasm, compiled with test settings. */
final class Hostile {
    private Hostile() {
    }

    static byte[] wasm(String name) {
        try {
            return Files.readAllBytes(Corpus.plugins().resolve("hostile/wasm").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Plugin plugin(String file) {
        return plugin(file, m -> { }, o -> { });
    }

    static Plugin plugin(String file, Consumer<Manifest.Builder> manifest, Consumer<PluginOptions.Builder> options) {
        Manifest.Builder mb = Manifest.builder().addWasm(WasmSource.ofData(wasm(file)));
        manifest.accept(mb);
        PluginOptions.Builder ob = PluginOptions.builder().name(file).logLevel(LogLevel.OFF).wasi(PluginOptions.Wasi.OFF);
        options.accept(ob);
        return WasmEngine.shared().compile(mb.build(), ob.build()).instantiate();
    }
}
