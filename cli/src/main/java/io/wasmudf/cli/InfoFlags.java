package io.wasmudf.cli;

import java.io.PrintStream;

/**
 * {@code -h}/{@code --help} and {@code --version} for a command that takes no option values
 * ({@code demo}), answered before anything else runs, so {@code demo --help} never runs the demo.
 * Arguments after {@code --} are operands, not flags.
 */
final class InfoFlags {
    private InfoFlags() {
    }

    /** Prints the help or the version and returns 0 when asked for one; otherwise returns -1. */
    static int answer(String[] args, String help, PrintStream out) {
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("-h") || a.equals("--help")) {
                out.print(help);
                out.flush();
                return 0;
            }
            if (a.equals("--version")) {
                out.println(Version.line());
                out.flush();
                return 0;
            }
        }
        return -1;
    }
}
