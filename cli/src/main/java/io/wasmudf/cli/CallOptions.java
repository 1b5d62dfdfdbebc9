package io.wasmudf.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code wasmudf call}: {@code extism call}'s flags, with its defaults and
 * its parsing of {@code --config}, {@code --allow-path} and {@code --link}, plus
 * {@code --interpreter} (this runtime's own).
 */
final class CallOptions {
    String plugin;
    String function;
    String input = "";
    boolean stdin;
    int loop = 1;
    boolean wasi;
    String logLevel = "";
    final List<String> allowedPaths = new ArrayList<>();
    final List<String> allowedHosts = new ArrayList<>();
    boolean httpResponseHeaders;
    long timeoutMs;
    int memoryMaxPages;
    long httpResponseMax = -1;
    long varMax = -1;
    final List<String> config = new ArrayList<>();
    String setConfig = "";
    boolean manifest;
    final List<String> link = new ArrayList<>();
    boolean verbose;
    boolean interpreter;
    String codeCache;
    boolean noCodeCache;
    boolean help;
    boolean version;

    static CallOptions parse(String[] args) {
        CallOptions o = new CallOptions();
        Flags flags = new Flags()
                .value("input", 'i', v -> o.input = v)
                .bool("stdin", null, v -> o.stdin = v)
                .value("loop", null, v -> o.loop = (int) number(v))
                .bool("wasi", null, v -> o.wasi = v)
                .value("allow-path", null, o.allowedPaths::add)
                .value("allow-host", null, o.allowedHosts::add)
                .bool("enable-http-response-headers", null, v -> o.httpResponseHeaders = v)
                .value("timeout", null, v -> o.timeoutMs = unsigned(v))
                .value("memory-max", null, v -> o.memoryMaxPages = (int) number(v))
                .value("http-response-max", null, v -> o.httpResponseMax = number(v))
                .value("var-max", null, v -> o.varMax = number(v))
                .value("config", null, o.config::add)
                .value("set-config", null, v -> o.setConfig = v)
                .bool("manifest", 'm', v -> o.manifest = v)
                .value("log-level", null, v -> o.logLevel = v)
                .value("link", null, o.link::add)
                .bool("verbose", 'v', v -> o.verbose = v)
                .bool("quiet", 'q', v -> { })            // extism: silences its own messages, never the output
                .value("github-token", null, v -> { })   // extism: for its other subcommands
                .bool("interpreter", null, v -> o.interpreter = v)
                .value("code-cache", null, v -> o.codeCache = v)
                .bool("no-code-cache", null, v -> o.noCodeCache = v)
                .bool("help", 'h', v -> o.help = v)
                .bool("version", null, v -> o.version = v);
        List<String> operands = flags.parse(args);
        if (o.help || o.version) {
            return o;   // as cobra: asking for help needs no operands
        }
        if (operands.size() != 2) {
            throw new Flags.UsageException("accepts 2 arg(s), received " + operands.size());
        }
        if (flags.wasSet("input") && flags.wasSet("stdin")) {
            throw new Flags.UsageException("if any flags in the group [input stdin] are set none of the others can be;"
                    + " [input stdin] were all set");
        }
        if (o.noCodeCache && o.codeCache != null) {
            throw new Flags.UsageException("--code-cache and --no-code-cache are exclusive");
        }
        o.plugin = operands.get(0);
        o.function = operands.get(1);
        return o;
    }

    /** {@code --config K=V}: a key without {@code =} gets the empty value, as in extism. */
    Map<String, String> configPairs() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : config) {
            int eq = c.indexOf('=');
            m.put(eq < 0 ? c : c.substring(0, eq), eq < 0 ? "" : c.substring(eq + 1));
        }
        return m;
    }

    /**
     * {@code --allow-path}: {@code PATH} maps a folder to itself, {@code HOST:GUEST} maps it
     * elsewhere; a leading {@code ro:} (this runtime's read-only mark) stays on the host side.
     */
    Map<String, String> pathPairs() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : allowedPaths) {
            String ro = p.startsWith("ro:") ? "ro:" : "";
            String rest = p.substring(ro.length());
            int colon = rest.indexOf(':');
            m.put(ro + (colon < 0 ? rest : rest.substring(0, colon)), colon < 0 ? rest : rest.substring(colon + 1));
        }
        return m;
    }

    /** {@code --link NAME=PATH}, or {@code --link PATH} named after the file without its extension. */
    Map<String, String> linkModules() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : link) {
            int eq = l.indexOf('=');
            if (eq >= 0) {
                m.put(l.substring(0, eq), l.substring(eq + 1));
            } else {
                String file = java.nio.file.Path.of(l).getFileName().toString();
                int dot = file.lastIndexOf('.');
                m.put(dot > 0 ? file.substring(0, dot) : file, l);
            }
        }
        return m;
    }

    private static long number(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parsing \"" + v + "\": invalid syntax");
        }
    }

    private static long unsigned(String v) {
        long n = number(v);
        if (n < 0) {
            throw new IllegalArgumentException("parsing \"" + v + "\": invalid syntax");
        }
        return n;
    }

    static final String HELP = "Call a plugin function, as `extism call` does (same flags, output and exit codes)\n"
            + "\n"
            + "Usage:\n"
            + "  wasmudf call [flags] wasm_file function\n"
            + "\n"
            + "Flags:\n"
            + "      --allow-host stringArray         Allow access to an HTTP host (globs allowed); with none, every request fails\n"
            + "      --allow-path stringArray         Allow a folder inside the sandbox: PATH, or HOST_PATH:GUEST_PATH (ro: prefix for read-only)\n"
            + "      --code-cache string              Keep compiled code in this folder (default ~/.cache/wasmudf; wasmudf only)\n"
            + "      --config stringArray             Set config values, in KEY=VALUE format\n"
            + "      --enable-http-response-headers   Let plug-ins read the headers of responses from allowed hosts\n"
            + "  -h, --help                           help for call\n"
            + "      --http-response-max int          Maximum HTTP response size in bytes (default -1: the runtime's 50 MiB)\n"
            + "  -i, --input string                   Input data\n"
            + "      --interpreter                    Run on the interpreter instead of the compiler (wasmudf only)\n"
            + "      --link stringArray               Additional modules to link, NAME=PATH or PATH (named after the file)\n"
            + "      --log-level string               Set log level: trace, debug, warn, info, error (default error)\n"
            + "      --loop int                       Number of times to call the function (default 1)\n"
            + "  -m, --manifest                       Read wasm_file as a JSON Extism manifest instead of a Wasm module\n"
            + "      --memory-max int                 Maximum number of 64 KiB pages to allocate\n"
            + "      --no-code-cache                  Neither read nor write compiled code (wasmudf only)\n"
            + "      --set-config string              Config as a JSON object, merged with any --config values\n"
            + "      --stdin                          Read input from stdin\n"
            + "      --timeout uint                   Timeout in milliseconds\n"
            + "      --var-max int                    Maximum size in bytes of the var store (default -1: 1 MiB)\n"
            + "  -v, --verbose                        Progress lines (reading, compiling, calling) on stderr\n"
            + "      --version                        print the version\n"
            + "      --wasi                           Enable WASI (without it, a module importing WASI fails to load)\n"
            + "\n"
            + "The output is printed with a newline after it; logs, progress and errors go to stderr.\n"
            + "Exit status: 0 on success, 1 on any error (as extism).\n";
}
