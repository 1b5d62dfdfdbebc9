package io.wasmudf.runtime.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * WASI preview 1 for one plug-in instance, with nothing granted but what the manifest maps: no
 * environment, no arguments, empty stdin, stdout and stderr sent to the plug-in's log, a frozen
 * wall clock unless the host passes one, and only the {@code allowed_paths} directories. A host
 * path prefixed {@code ro:} is read-only: Chicory has no read-only mount, so the functions that
 * would change a file under such a directory answer {@code EPERM} here, as the official runtime does.
 */
public final class WasiSandbox implements AutoCloseable {
    public static final String MODULE = "wasi_snapshot_preview1";
    /** What wasi-common, the official runtime's WASI, answers for a write under a read-only preopen. */
    private static final int EPERM = 63;
    private static final int OFLAGS_CREAT = 1;
    private static final int OFLAGS_TRUNC = 8;
    private static final int FDFLAGS_APPEND = 1;
    private static final Clock FROZEN = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private final WasiPreview1 wasi;
    private final Map<String, HostFunction> functions = new HashMap<>();
    /** File descriptors opened under a read-only directory, starting with the preopens themselves. */
    private final Set<Integer> readOnlyFds = new HashSet<>();
    private int firstOpenedFd = 3;
    private final LineSink stdout;
    private final LineSink stderr;

    public WasiSandbox(Map<String, String> allowedPaths, Path baseDir, Clock clock, BiConsumer<LogLevel, String> log) {
        this.stdout = new LineSink(LogLevel.INFO, log);
        this.stderr = new LineSink(LogLevel.WARN, log);
        WasiOptions.Builder opts = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(new byte[0]))
                .withStdout(stdout)
                .withStderr(stderr)
                .withClock(clock == null ? FROZEN : clock);
        if (allowedPaths != null) {
            int fd = 3;
            for (Map.Entry<String, String> e : allowedPaths.entrySet()) {
                String host = e.getKey();
                boolean readOnly = host.startsWith("ro:");
                if (readOnly) {
                    host = host.substring(3);
                }
                Path dir = baseDir == null ? Path.of(host) : baseDir.resolve(host);
                if (!Files.isDirectory(dir)) {
                    throw new ManifestException("allowed_paths: '" + dir + "' is not a directory on the host");
                }
                opts.withDirectory(e.getValue(), dir.toAbsolutePath().normalize());
                if (readOnly) {
                    readOnlyFds.add(fd);
                }
                fd++;
            }
            firstOpenedFd = fd;
        }
        this.wasi = WasiPreview1.builder().withOptions(opts.build()).build();
        for (HostFunction f : wasi.toHostFunctions()) {
            functions.put(f.name(), readOnlyFds.isEmpty() ? f : guard(f));
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

    private HostFunction guard(HostFunction f) {
        switch (f.name()) {
            case "path_open":
                return wrap(f, (inst, args) -> {
                    int dirFd = (int) args[0];
                    if (readOnlyFds.contains(dirFd)) {
                        int oflags = (int) args[4];
                        int fdflags = (int) args[7];
                        if ((oflags & (OFLAGS_CREAT | OFLAGS_TRUNC)) != 0 || (fdflags & FDFLAGS_APPEND) != 0) {
                            return new long[] {EPERM};
                        }
                    }
                    long[] r = f.handle().apply(inst, args);
                    if (r[0] == 0 && readOnlyFds.contains(dirFd)) {
                        readOnlyFds.add(inst.memory().readInt((int) args[8]));
                    }
                    return r;
                });
            case "fd_write":
            case "fd_pwrite":
            case "fd_allocate":
            case "fd_filestat_set_size":
            case "fd_filestat_set_times":
            case "path_create_directory":
            case "path_remove_directory":
            case "path_unlink_file":
            case "path_filestat_set_times":
                return denyOnReadOnly(f, 0);
            case "path_rename":
                return wrap(f, (inst, args) -> readOnlyFds.contains((int) args[0]) || readOnlyFds.contains((int) args[3])
                        ? new long[] {EPERM} : f.handle().apply(inst, args));
            case "path_link":
                return wrap(f, (inst, args) -> readOnlyFds.contains((int) args[4])
                        ? new long[] {EPERM} : f.handle().apply(inst, args));
            case "path_symlink":
                return denyOnReadOnly(f, 2);
            case "fd_close":
                return wrap(f, (inst, args) -> {
                    long[] r = f.handle().apply(inst, args);
                    if (r[0] == 0 && (int) args[0] >= firstOpenedFd) {
                        readOnlyFds.remove((int) args[0]);
                    }
                    return r;
                });
            default:
                return f;
        }
    }

    private HostFunction denyOnReadOnly(HostFunction f, int fdArg) {
        return wrap(f, (inst, args) -> readOnlyFds.contains((int) args[fdArg])
                ? new long[] {EPERM} : f.handle().apply(inst, args));
    }

    private static HostFunction wrap(HostFunction f, com.dylibso.chicory.runtime.WasmFunctionHandle h) {
        return new HostFunction(f.module(), f.name(), f.functionType(), h);
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
