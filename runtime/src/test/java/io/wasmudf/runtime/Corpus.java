package io.wasmudf.runtime;

import io.wasmudf.corpus.CorpusFiles;
import java.nio.file.Path;

/** The plug-in corpus's files ({@code plugins/} at the repository root) for a runtime test; a missing file fails the test. */
public final class Corpus {
    private Corpus() {
    }

    public static Path root() {
        return CorpusFiles.root();
    }

    public static Path plugins() {
        return CorpusFiles.plugins();
    }

    /** A built module, {@code plugins/wasm/NAME}. */
    public static Path wasmPath(String name) {
        return CorpusFiles.wasmPath(name);
    }

    public static byte[] wasm(String name) {
        return CorpusFiles.wasm(name);
    }
}
