package io.wasmudf.cli;

import java.util.Arrays;

/** {@code wasmudf} command line: dispatches to one subcommand. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            System.err.print(usage());
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "call":
                return CallCommand.run(rest, System.in, System.out, System.err);
            case "demo":
                return DemoCommand.run(rest);
            case "sql":
                return SqlCommand.run(rest);
            case "help":
            case "--help":
            case "-h":
                System.out.print(usage());
                return 0;
            default:
                System.err.print("unknown command '" + args[0] + "'\n" + usage());
                return 2;
        }
    }

    static String usage() {
        return "usage: wasmudf <command> [options]\n"
                + "  demo                          run Wasm plug-ins over rows in an embedded H2 database\n"
                + "  sql [--url URL] [-c SQL | -f FILE]\n"
                + "                                an SQL shell on H2 with the wasm_* functions installed\n"
                + "  call PLUGIN FUNCTION [options] call one export of a .wasm file or Extism manifest, as `extism call` does\n"
                + "  help                          this text\n";
    }
}
