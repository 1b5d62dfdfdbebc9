package io.wasmudf.cli;

import io.wasmudf.runtime.CodeCache;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.DirectoryCodeCache;
import io.wasmudf.runtime.LogLevel;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestJson;
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
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code wasmudf call PLUGIN FUNCTION [options]}: what {@code extism call} does, on this runtime.
 * The output bytes go to stdout untouched; logs and the error message go to stderr; the exit code
 * is the export's non-zero code where it returned one, else 1 on failure.
 */
final class CallCommand {
    static final String USAGE = "usage: wasmudf call PLUGIN FUNCTION [--input STR | --stdin] [--config K=V]... [--wasi]\n"
            + "         [--allow-host GLOB]... [--allow-path HOST:GUEST]... [--log-level LEVEL] [--timeout MS]\n"
            + "         [--memory-max PAGES] [--interpreter] [--code-cache DIR | --no-code-cache]\n"
            + "  PLUGIN is a .wasm file or an Extism manifest .json (its relative paths resolve against its folder)\n"
            + "  compiled code is kept in --code-cache DIR (default ~/.cache/wasmudf) so the next run starts fast\n";

    private CallCommand() {
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            Path pluginPath = Path.of(o.plugin);
            Manifest.Builder mb;
            Path baseDir = pluginPath.toAbsolutePath().getParent();
            if (o.plugin.endsWith(".json")) {
                mb = ManifestJson.parse(Files.readString(pluginPath)).toBuilder();
            } else {
                mb = Manifest.builder().addWasm(WasmSource.ofData(Files.readAllBytes(pluginPath)));
                baseDir = Path.of("").toAbsolutePath();
            }
            o.config.forEach(c -> mb.config(c[0], c[1]));
            o.hosts.forEach(mb::allowHost);
            o.paths.forEach(p -> mb.allowPath(p[0], p[1]));
            if (o.timeoutMs != null) {
                mb.timeoutMs(o.timeoutMs);
            }
            if (o.maxPages != null) {
                mb.maxPages(o.maxPages);
            }
            PluginOptions options = PluginOptions.builder()
                    .name(pluginPath.getFileName().toString())
                    .wasi(o.wasi ? PluginOptions.Wasi.ON : PluginOptions.Wasi.AUTO)
                    .logLevel(o.logLevel)
                    .logSink((plugin, level, message) -> err.println(level + " " + message))
                    .mode(o.interpreter ? io.wasmudf.runtime.ExecutionMode.INTERPRETER : io.wasmudf.runtime.ExecutionMode.COMPILER)
                    .httpResponseHeaders(true)
                    .build();
            byte[] input = o.stdin ? stdin.readAllBytes() : o.input.getBytes(StandardCharsets.UTF_8);
            CodeCache codeCache = o.noCodeCache ? null
                    : DirectoryCodeCache.of(o.codeCache != null ? Path.of(o.codeCache) : DirectoryCodeCache.defaultDirectory());
            CompiledPlugin compiled = WasmEngine.shared().withBaseDir(baseDir).withCodeCache(codeCache).compile(mb.build(), options);
            try (Plugin plugin = compiled.instantiate()) {
                byte[] output = plugin.call(o.function, input);
                out.write(output);
                out.flush();
                return 0;
            }
        } catch (PluginException e) {
            err.println("Error: " + e.getMessage());
            return e.code() != 0 ? e.code() : 1;
        } catch (WasmException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    /** Parsed command line. */
    private static final class Options {
        String plugin;
        String function;
        String input = "";
        boolean stdin;
        boolean wasi;
        boolean interpreter;
        String codeCache;
        boolean noCodeCache;
        LogLevel logLevel = LogLevel.OFF;
        Long timeoutMs;
        Integer maxPages;
        final java.util.List<String[]> config = new java.util.ArrayList<>();
        final java.util.List<String> hosts = new java.util.ArrayList<>();
        final java.util.List<String[]> paths = new java.util.ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            java.util.List<String> positional = new java.util.ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--input":
                    case "-i":
                        o.input = value(args, ++i, a);
                        break;
                    case "--stdin":
                        o.stdin = true;
                        break;
                    case "--config":
                        o.config.add(pair(value(args, ++i, a), '=', a));
                        break;
                    case "--wasi":
                        o.wasi = true;
                        break;
                    case "--allow-host":
                        o.hosts.add(value(args, ++i, a));
                        break;
                    case "--allow-path":
                        o.paths.add(pair(value(args, ++i, a), ':', a));
                        break;
                    case "--log-level":
                        o.logLevel = LogLevel.parse(value(args, ++i, a));
                        break;
                    case "--timeout":
                        o.timeoutMs = Long.parseLong(value(args, ++i, a));
                        break;
                    case "--memory-max":
                        o.maxPages = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--interpreter":
                        o.interpreter = true;
                        break;
                    case "--code-cache":
                        o.codeCache = value(args, ++i, a);
                        break;
                    case "--no-code-cache":
                        o.noCodeCache = true;
                        break;
                    default:
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        positional.add(a);
                }
            }
            if (positional.size() != 2) {
                throw new IllegalArgumentException("expected PLUGIN and FUNCTION");
            }
            if (o.noCodeCache && o.codeCache != null) {
                throw new IllegalArgumentException("--code-cache and --no-code-cache are exclusive");
            }
            if (o.stdin && !o.input.isEmpty()) {
                throw new IllegalArgumentException("--input and --stdin are exclusive");
            }
            o.plugin = positional.get(0);
            o.function = positional.get(1);
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static String[] pair(String s, char sep, String option) {
            int at = s.indexOf(sep);
            if (sep == ':') {
                at = s.startsWith("ro:") ? s.indexOf(':', 3) : s.indexOf(':');
            }
            if (at <= 0) {
                throw new IllegalArgumentException(option + " expects A" + sep + "B, got '" + s + "'");
            }
            return new String[] {s.substring(0, at), s.substring(at + 1)};
        }
    }
}
