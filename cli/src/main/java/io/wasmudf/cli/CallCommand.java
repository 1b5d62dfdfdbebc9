package io.wasmudf.cli;

import io.wasmudf.runtime.CodeCache;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.DirectoryCodeCache;
import io.wasmudf.runtime.ExecutionMode;
import io.wasmudf.runtime.LogLevel;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginException;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import io.wasmudf.runtime.WasmException;
import io.wasmudf.runtime.WasmSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code wasmudf call PLUGIN FUNCTION [flags]}: {@code extism call} on this runtime. Like extism:
 * WASI only with {@code --wasi}; the output followed by a newline on stdout (a blank line after
 * each when {@code --loop} is over 1); plug-in logs at {@code --log-level} (default error) and
 * {@code Error: ...} on stderr; exit status 0, or 1 for every failure, usage errors included.
 */
final class CallCommand {
    private static final int FAILED = 1;
    static final String CACHE_DIR_PROPERTY = "wasmudf.cache.dir";

    private CallCommand() {
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        CallOptions o;
        try {
            o = CallOptions.parse(args);   // pflag's rules: in "-i -h", -h is the input
        } catch (Flags.UsageException e) {
            err.println("Error: " + e.getMessage());
            err.println("Run 'wasmudf call --help' for usage.");
            return FAILED;
        }
        if (o.help || o.version) {
            out.print(o.help ? CallOptions.HELP : Version.line() + "\n");
            out.flush();
            return 0;
        }
        GoLog log = new GoLog(err);
        Manifest manifest;
        CompiledPlugin compiled;
        try {
            manifest = new CallManifest(o, log).build();
        } catch (CallManifest.Failure | WasmException e) {
            err.println("Error: " + e.getMessage());
            return FAILED;
        }
        try {
            compiled = compile(manifest, o, log);
        } catch (WasmException e) {
            err.println("Error: " + loadFailure(e, manifest, o));
            return FAILED;
        }
        byte[] input;
        try {
            input = o.stdin ? stdin.readAllBytes() : o.input.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("Error: reading stdin: " + FileError.reason(e));
            return FAILED;
        }
        try (Plugin plugin = compiled.instantiate()) {
            return callLoop(plugin, o, input, out, err, log);
        } catch (WasmException e) {
            err.println("Error: " + e.getMessage());
            return FAILED;
        }
    }

    private static int callLoop(Plugin plugin, CallOptions o, byte[] input, PrintStream out, PrintStream err, GoLog log) {
        for (int i = 0; i < o.loop; i++) {
            verbose(o, log, "Calling " + o.function + " with " + input.length + " bytes of input");
            byte[] output = callOnce(plugin, o.function, input, err);
            if (output == null) {
                return FAILED;
            }
            verbose(o, log, "Call returned " + output.length + " bytes");
            out.write(output, 0, output.length);
            out.write('\n');
            if (o.loop > 1) {
                out.write('\n');
            }
            out.flush();
        }
        return 0;
    }

    private static CompiledPlugin compile(Manifest manifest, CallOptions o, GoLog log) {
        PluginOptions options = PluginOptions.builder()
                .name(Path.of(o.plugin).getFileName().toString())
                .wasi(o.wasi ? PluginOptions.Wasi.ON : PluginOptions.Wasi.OFF)
                .logLevel(logLevel(o.logLevel))
                .logSink((plugin, level, message) -> log.print(message))
                .mode(o.interpreter ? ExecutionMode.INTERPRETER : ExecutionMode.COMPILER)
                .httpResponseHeaders(o.httpResponseHeaders)
                .build();
        long started = System.nanoTime();
        verbose(o, log, "Creating plugin: compiling " + describe(manifest));
        CodeCache codeCache = o.noCodeCache ? null : DirectoryCodeCache.of(codeCacheDirectory(o));
        CompiledPlugin compiled = WasmEngine.shared().withCodeCache(codeCache).compile(manifest, options);
        verbose(o, log, "Compiled in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        return compiled;
    }

    /**
     * {@code --code-cache}, else {@code -Dwasmudf.cache.dir} (the build's tests set it, so they never
     * write the user's cache), else the runtime's usual place ({@code ~/.cache/wasmudf}).
     */
    static Path codeCacheDirectory(CallOptions o) {
        if (o.codeCache != null) {
            return Path.of(o.codeCache);
        }
        String property = System.getProperty(CACHE_DIR_PROPERTY);
        return property != null && !property.isBlank() ? Path.of(property) : DirectoryCodeCache.defaultDirectory();
    }

    /** One call; prints extism's error lines and returns null when it fails. */
    private static byte[] callOnce(Plugin plugin, String function, byte[] input, PrintStream err) {
        try {
            return plugin.call(function, input);
        } catch (PluginException e) {
            String message = e.pluginMessage() != null ? e.pluginMessage()
                    : "encountered an unknown error in call to Extism plugin function " + function;
            err.println("Error: " + message + (e.code() != 0 ? "\nreturned non-zero exit code: " + e.code() : ""));
        } catch (WasmException e) {
            err.println("Error: " + callFailure(e));
        }
        return null;
    }

    /**
     * extism reports a timeout as just "timeout", and a plug-in it could not set up (found out here
     * only when the first call instantiates it) without an exit code; every other failed call
     * ended the export with 1.
     */
    private static String callFailure(WasmException e) {
        switch (e.kind()) {
            case TIMEOUT:
                return "timeout";
            case INVALID_MANIFEST:
            case INVALID_MODULE:
            case LINK_ERROR:
                return e.getMessage();
            default:
                return e.getMessage() + "\nreturned non-zero exit code: 1";
        }
    }

    /**
     * A module importing WASI without {@code --wasi} fails to link; it is worded as the official
     * runtime (libextism) words it, naming the first WASI import.
     */
    private static String loadFailure(WasmException e, Manifest manifest, CallOptions o) {
        if (e.kind() == WasmException.Kind.LINK_ERROR && !o.wasi) {
            for (WasmSource s : manifest.wasm()) {
                Optional<String> wasi = s.type() == WasmSource.Type.DATA ? WasiImports.first(s.data()) : Optional.empty();
                if (wasi.isPresent()) {
                    return "Unable to create Extism plugin: " + WasiImports.unknownImport(wasi.get());
                }
            }
        }
        if (e.kind() == WasmException.Kind.INVALID_MODULE && !o.manifest && o.plugin.endsWith(".json")) {
            return e.getMessage() + " (a manifest? pass -m to read " + o.plugin + " as one)";
        }
        return e.getMessage();
    }

    /** extism's --log-level: trace, debug, info, warn, error; anything else (or nothing) is error. */
    static LogLevel logLevel(String s) {
        switch (s) {
            case "trace": return LogLevel.TRACE;
            case "debug": return LogLevel.DEBUG;
            case "info": return LogLevel.INFO;
            case "warn": return LogLevel.WARN;
            default: return LogLevel.ERROR;
        }
    }

    private static String describe(Manifest m) {
        StringBuilder sb = new StringBuilder();
        for (WasmSource s : m.wasm()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(s.name() != null ? s.name() + " " : "")
                    .append(s.type() == WasmSource.Type.DATA ? "(" + Progress.size(s.data().length) + ")" : s.url());
        }
        return sb.toString();
    }

    private static void verbose(CallOptions o, GoLog log, String line) {
        if (o.verbose) {
            log.print(line);
        }
    }
}
