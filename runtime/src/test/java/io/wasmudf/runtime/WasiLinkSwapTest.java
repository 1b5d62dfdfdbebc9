package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links changed on the host between two calls of the same instance (the corpus's swap cases have the
 * plug-in change them itself): each call resolves its paths afresh, so a link that led inside
 * and now leads out is refused with the official runtime's EPERM (63), and one that leads back is
 * followed again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WasiLinkSwapTest {
    @TempDir
    Path tmp;

    private Plugin probe(Path mount, boolean readOnly) {
        Manifest m = Manifest.builder().addWasm(WasmSource.ofData(Corpus.wasm("wasi_paths.wasm")))
                .allowedPaths(Map.of((readOnly ? "ro:" : "") + mount, "/m")).build();
        return WasmEngine.shared().compile(m, PluginOptions.builder().wasi(true).logLevel(LogLevel.OFF).build()).instantiate();
    }

    private static void relink(Path link, Path target) throws IOException {
        Files.delete(link);
        Files.createSymbolicLink(link, target);
    }

    @Test
    void aLinkSwappedOutwardsBetweenCallsIsRefusedOnBothMountKinds() throws IOException {
        for (boolean readOnly : new boolean[] {false, true}) {
            Path root = Files.createDirectories(tmp.resolve(readOnly ? "ro" : "rw"));
            Path mount = Files.createDirectories(root.resolve("mount"));
            Files.writeString(mount.resolve("inside.txt"), "inside\n");
            Files.createDirectories(mount.resolve("dir"));
            Files.writeString(mount.resolve("dir/file.txt"), "in dir\n");
            Files.createDirectories(root.resolve("out"));
            Files.writeString(root.resolve("out/file.txt"), "outside\n");
            Files.createSymbolicLink(mount.resolve("link"), Path.of("inside.txt"));
            Files.createSymbolicLink(mount.resolve("dirlink"), Path.of("dir"));
            String script = "read m link\nread m dirlink/file.txt\n";
            try (Plugin p = probe(mount, readOnly)) {
                assertEquals("read m link -> ok inside\nread m dirlink/file.txt -> ok in dir\n", p.call("probe", script));
                relink(mount.resolve("link"), Path.of("../out/file.txt"));
                relink(mount.resolve("dirlink"), root.resolve("out").toAbsolutePath());
                assertEquals("read m link -> errno 63\nread m dirlink/file.txt -> errno 63\n", p.call("probe", script));
                relink(mount.resolve("link"), root.resolve("out/file.txt").toAbsolutePath());
                relink(mount.resolve("dirlink"), Path.of("../out"));
                assertEquals("read m link -> errno 63\nread m dirlink/file.txt -> errno 63\n", p.call("probe", script));
                relink(mount.resolve("link"), Path.of("dir/../inside.txt"));
                relink(mount.resolve("dirlink"), Path.of("./dir"));
                assertEquals("read m link -> ok inside\nread m dirlink/file.txt -> ok in dir\n", p.call("probe", script));
            }
        }
    }

    @Test
    void aDirectoryReplacedByALinkBetweenCallsIsRefused() throws IOException {
        Path mount = Files.createDirectories(tmp.resolve("mount"));
        Files.createDirectories(mount.resolve("sub"));
        Files.writeString(mount.resolve("sub/file.txt"), "in sub\n");
        Files.createDirectories(tmp.resolve("out"));
        Files.writeString(tmp.resolve("out/file.txt"), "outside\n");
        try (Plugin p = probe(mount, false)) {
            assertEquals("read m sub/file.txt -> ok in sub\n", p.call("probe", "read m sub/file.txt\n"));
            Files.delete(mount.resolve("sub/file.txt"));
            Files.delete(mount.resolve("sub"));
            Files.createSymbolicLink(mount.resolve("sub"), tmp.resolve("out"));
            assertEquals("read m sub/file.txt -> errno 63\nwrite m sub/file.txt x -> errno 63\n",
                    p.call("probe", "read m sub/file.txt\nwrite m sub/file.txt x\n"));
            assertEquals("outside\n", Files.readString(tmp.resolve("out/file.txt")));
        }
    }

    /**
     * A directory descriptor whose directory the plug-in moves away and replaces with a link out: the
     * official runtime's handle follows the moved directory (the reads answer from {@code sub2});
     * this runtime holds a path, so the descriptor then reaches nothing (ENOENT), never the outside.
     */
    @Test
    void aDirectoryDescriptorWhoseDirectoryWasReplacedByALinkReachesNothing() throws IOException {
        Path mount = Files.createDirectories(tmp.resolve("mount"));
        Files.createDirectories(mount.resolve("sub"));
        Files.writeString(mount.resolve("sub/nested.txt"), "nested\n");
        Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(tmp.resolve("outside/secret.txt"), "outside\n");
        try (Plugin p = probe(mount, false)) {
            assertEquals("opendir m sub -> ok\nread @ nested.txt -> ok nested\nrename m sub m sub2 -> ok\n"
                    + "symlink ../outside m sub -> ok\nread @ secret.txt -> errno 44\nlist @ . -> errno 44\n"
                    + "write @ planted.txt x -> errno 44\nread m sub2/nested.txt -> ok nested\n",
                    p.call("probe", "opendir m sub\nread @ nested.txt\nrename m sub m sub2\nsymlink ../outside m sub\n"
                            + "read @ secret.txt\nlist @ .\nwrite @ planted.txt x\nread m sub2/nested.txt\n"));
            assertEquals(List.of("secret.txt"), names(tmp.resolve("outside")));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
        }
    }
}
