package io.wasmudf.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/** {@code wasmudf} command line: dispatches to one subcommand. */
public final class Main {
    static final String USAGE = "usage: wasmudf <command> [options]\n"
            + "  demo                            run Wasm plug-ins over rows in an embedded H2 database\n"
            + "  sql [--url URL] [-c SQL | -f FILE]\n"
            + "                                  an SQL shell on H2 with the wasm_* functions installed\n"
            + "  call [flags] wasm_file function call one export of a .wasm file (or with -m a manifest), as `extism call`\n"
            + "  help [command]                  this text, or a command's\n"
            + "Every command answers -h/--help and --version.\n";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "call":
                return CallCommand.run(rest, in, out, err);
            case "demo":
                return DemoCommand.run(rest, out, err);
            case "sql":
                return SqlCommand.run(rest, in, out, err);
            case "help":
                return rest.length == 0 ? help(out) : run(new String[] {rest[0], "--help"}, in, out, err);
            case "--help":
            case "-h":
                return help(out);
            case "--version":
            case "version":
                out.println(Version.line());
                return 0;
            default:
                err.print((args[0].startsWith("-") ? "unknown option '" : "unknown command '")
                        + args[0] + "'\n" + USAGE);
                return 2;
        }
    }

    private static int help(PrintStream out) {
        out.print(USAGE);
        return 0;
    }
}
