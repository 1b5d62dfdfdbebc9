package io.wasmudf.bench.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark inputs and plug-in bytes, shared by every contender: the files in
 * {@code bench/inputs/} and {@code bench/plugins/wasm/} (also read by the native Extism script).
 */
public final class Inputs {
    private Inputs() {}

    /** 16 bytes for the echo (call overhead) workload. */
    public static final byte[] ECHO16 = resource("inputs/echo16.bin");
    /** 100 bytes of ASCII text. */
    public static final byte[] TEXT100 = resource("inputs/text100.txt");
    /** 10,000 bytes of ASCII text. */
    public static final byte[] TEXT10K = resource("inputs/text10k.txt");
    /** A 515-byte JSON post; the field extracted is its top-level "title". */
    public static final byte[] POST_JSON = resource("inputs/post.json");

    /** The hand-written WAT plug-in (exports echo, count_vowels, json_title): bench/plugins/bench.wat. */
    public static byte[] benchWasm() {
        return resource("plugins/bench.wasm");
    }

    /** Another module of bench/plugins/wasm/ by file name (hostcalls.wasm: the host-call cost loops). */
    public static byte[] benchPlugin(String file) {
        return resource("plugins/" + file);
    }

    /** The SQL workload's row count. */
    public static final int ROWS = 100_000;

    /** Row {@code i}'s body: a 100-byte window of the 10 KB text (the same rows for every database). */
    public static String rowBody(int i) {
        int off = (int) ((i * 7919L) % (TEXT10K.length - 100));
        return new String(TEXT10K, off, 100, StandardCharsets.US_ASCII);
    }

    /**
     * A plug-in of the repository's PDK-built corpus ({@code plugins/wasm/NAME}), or null when the
     * corpus is not there. The repository root is {@code -Dwasmudf.repo.root}, else the working
     * directory or its parents.
     */
    public static byte[] corpusPlugin(String name) {
        String root = System.getProperty("wasmudf.repo.root");
        Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path p = d.resolve("plugins").resolve("wasm").resolve(name);
            if (Files.isRegularFile(p)) {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return null;
    }

    private static byte[] resource(String name) {
        try (InputStream in = Inputs.class.getResourceAsStream("/io/wasmudf/bench/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing benchmark resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
