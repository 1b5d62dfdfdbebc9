package io.wasmudf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wasmudf call --code-cache DIR} keeps the compiled classes there. */
class CallCommandCodeCacheTest {
    @TempDir
    Path dir;

    private static String wasm(String name) {
        String p = System.getProperty("wasmudf.repo.root");
        Path root = p != null ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
        return root.resolve("plugins/wasm").resolve(name).toString();
    }

    private static int run(String... args) {
        return CallCommand.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }

    private List<Path> files(Path d) throws IOException {
        if (!Files.exists(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.collect(Collectors.toList());
        }
    }

    @Test
    void theCompiledCodeGoesIntoTheGivenDirectory() throws IOException {
        Path cache = dir.resolve("cache");
        assertEquals(0, run(wasm("raw_abi.wasm"), "echo_u8", "--input", "x", "--code-cache", cache.toString()));
        List<Path> written = files(cache);
        assertEquals(1, written.size(), written.toString());
        assertTrue(written.get(0).getFileName().toString().matches("[0-9a-f]{64}\\.code"), written.toString());
    }

    @Test
    void withoutTheFlagTheCodeGoesWhereTheCacheDirPropertySaysAndTheBuildSetsIt() throws IOException {
        String set = System.getProperty(CallCommand.CACHE_DIR_PROPERTY);
        assertTrue(set != null && Path.of(set).startsWith(Path.of(System.getProperty("wasmudf.repo.root"))),
                "the build points the tests' cache into the tree, not at ~/.cache: " + set);
        Path cache = dir.resolve("by-property");
        System.setProperty(CallCommand.CACHE_DIR_PROPERTY, cache.toString());
        try {
            assertEquals(0, run(wasm("raw_abi.wasm"), "echo_u8", "--input", "y"));
        } finally {
            System.setProperty(CallCommand.CACHE_DIR_PROPERTY, set);
        }
        assertEquals(1, files(cache).size(), files(cache).toString());
    }

    @Test
    void theTwoFlagsAreExclusive() throws IOException {
        // extism call exits 1 on every usage error
        assertEquals(1, run(wasm("raw_abi.wasm"), "echo_u8", "--no-code-cache", "--code-cache", dir.toString()));
        assertEquals(List.of(), files(dir));
    }
}
