package io.wasmudf.runtime.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import io.wasmudf.runtime.LogLevel;
import io.wasmudf.runtime.ManifestException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * WASI preview 1 for one plug-in instance, with nothing granted but what the manifest maps: no
 * environment, no arguments, empty stdin, stdout and stderr sent to the plug-in's log, the host's
 * real clocks (the wall clock may be replaced, e.g. frozen, by the host), and only the
 * {@code allowed_paths} directories, every path confined to them as {@link ConfinedFiles} does. A
 * host path prefixed {@code ro:} is read-only: Chicory has no read-only mount, so the functions that
 * would change a file under such a directory answer {@code EPERM} here, as the official runtime does.
 * {@code poll_oneoff} clock subscriptions really sleep; the call's watchdog interrupts a sleep that
 * outlasts the call's time limit, and the call then fails as a timeout.
 */
public final class WasiSandbox implements AutoCloseable {
    public static final String MODULE = "wasi_snapshot_preview1";

    private final WasiPreview1 wasi;
    private final Map<String, HostFunction> functions = new HashMap<>();
    private final LineSink stdout;
    private final LineSink stderr;

    /**
     * @param clock the wall clock WASI reads; null for the host's real one. The monotonic clock is
     *              always the host's: sleeps and language runtimes' schedulers need it to move.
     */
    public WasiSandbox(Map<String, String> allowedPaths, Path baseDir, Clock clock, BiConsumer<LogLevel, String> log) {
        this.stdout = new LineSink(LogLevel.INFO, log);
        this.stderr = new LineSink(LogLevel.WARN, log);
        Clock wall = clock == null ? Clock.systemUTC() : clock;
        WasiOptions.Builder opts = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(new byte[0]))
                .withStdout(stdout)
                .withStderr(stderr)
                .withClock(wall);
        Map<Integer, Path> preopens = new HashMap<>();
        Set<Integer> readOnly = new HashSet<>();
        if (allowedPaths != null) {
            // Chicory numbers preopens from 3 in the order of their guest paths; a repeated guest path keeps its place
            Map<String, Integer> fds = new HashMap<>();
            for (Map.Entry<String, String> e : allowedPaths.entrySet()) {
                String host = e.getKey();
                boolean ro = host.startsWith("ro:");
                if (ro) {
                    host = host.substring(3);
                }
                Path dir = realDirectory(baseDir == null ? Path.of(host) : baseDir.resolve(host));
                opts.withDirectory(e.getValue(), dir);
                int fd = fds.computeIfAbsent(e.getValue(), g -> 3 + fds.size());
                preopens.put(fd, dir);
                readOnly.remove(fd);
                if (ro) {
                    readOnly.add(fd);
                }
            }
        }
        this.wasi = WasiPreview1.builder().withOptions(opts.build()).build();
        ConfinedFiles files = new ConfinedFiles(wasi, wall, preopens, readOnly);
        for (HostFunction f : wasi.toHostFunctions()) {
            functions.put(f.name(), files.wrap(f));
        }
    }

    /** The directory itself, links resolved: the host chose it, and confinement starts inside it. */
    private static Path realDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ManifestException("allowed_paths: '" + dir + "' is not a directory on the host");
        }
        try {
            return dir.toRealPath();
        } catch (java.io.IOException e) {
            throw new ManifestException("allowed_paths: '" + dir + "' cannot be opened: " + e.getMessage());
        }
    }

    private static volatile Map<String, com.dylibso.chicory.wasm.types.FunctionType> types;

    /** The type of the WASI function of that name, or null if Chicory has no such function. */
    public static com.dylibso.chicory.wasm.types.FunctionType typeOf(String name) {
        Map<String, com.dylibso.chicory.wasm.types.FunctionType> t = types;
        if (t == null) {
            t = new HashMap<>();
            try (WasiPreview1 w = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build()) {
                for (HostFunction f : w.toHostFunctions()) {
                    t.put(f.name(), f.functionType());
                }
            }
            types = t;
        }
        return t.get(name);
    }

    /** The WASI function of that name, or null. */
    public ImportFunction function(String name) {
        return functions.get(name);
    }

    /** Flushes partial log lines. */
    public void flush() {
        stdout.flushLine();
        stderr.flushLine();
    }

    @Override
    public void close() {
        flush();
        wasi.close();
    }

    /** Turns a byte stream into log lines. */
    private static final class LineSink extends OutputStream {
        private static final int MAX_LINE = 64 * 1024;
        private final LogLevel level;
        private final BiConsumer<LogLevel, String> log;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSink(LogLevel level, BiConsumer<LogLevel, String> log) {
            this.level = level;
            this.log = log;
        }

        @Override
        public void write(int b) {
            if (b == '\n' || line.size() >= MAX_LINE) {
                flushLine();
                if (b == '\n') {
                    return;
                }
            }
            line.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        void flushLine() {
            if (line.size() > 0) {
                log.accept(level, line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }
    }
}
