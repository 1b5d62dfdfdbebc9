package io.wasmudf.corpus;

import io.wasmudf.corpus.Expected.Match;
import io.wasmudf.corpus.RecordedOutcome.Stage;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented translation table from a recorded failure to what this project must answer.
 * Each row matches recorded outcomes by stage, kind and text, and says which of our kinds,
 * messages, codes and SQLStates agree with it. A recorded failure that no row matches is an
 * error of the test (add a row, documented in plugins/FORMAT.md), never a pass: there is no
 * catch-all. The rows, first match wins:
 *
 * <table>
 * <tr><th>recorded</th><th>ours</th></tr>
 * <tr><td>load, {@code Unable to create Extism plugin: unknown import: `wasi_snapshot_preview1::F` has not been defined}</td><td>load, LINK_ERROR naming {@code WASI (F)}, 22023</td></tr>
 * <tr><td>load, {@code Unable to create Extism plugin: unknown import: `NS::F` has not been defined}</td><td>load, LINK_ERROR naming {@code 'NS::F'} (ours also names the module and the type), 22023</td></tr>
 * <tr><td>load, {@code Unable to compile Extism plugin: Hash mismatch, …}</td><td>load, INVALID_MANIFEST, the text after the prefix, 22023</td></tr>
 * <tr><td>plugin, {@code Error code: N} (the Python SDK's words)</td><td>PLUGIN_ERROR {@code Returned non-zero exit code: N} (the Rust API's), code N, 38000</td></tr>
 * <tr><td>plugin, any other text</td><td>PLUGIN_ERROR, the same text, 38000</td></tr>
 * <tr><td>exit, exit_code N</td><td>PLUGIN_ERROR, code N (the recorded text is a backtrace), 38000</td></tr>
 * <tr><td>timeout, {@code timeout}</td><td>TIMEOUT, {@code timeout: <which limit>}, 57014</td></tr>
 * <tr><td>oom, cause {@code Variable store is full} / {@code HTTP response exceeds …}</td><td>OUT_OF_MEMORY, the cause, 53200</td></tr>
 * <tr><td>oom, {@code oom}</td><td>OUT_OF_MEMORY, {@code oom: <which limit>}, 53200</td></tr>
 * <tr><td>trap, cause {@code wasm trap: wasm `unreachable` instruction executed}</td><td>TRAP, contains {@code unreachable}, 38001</td></tr>
 * <tr><td>trap, cause {@code … wasm trap: out of bounds memory access}</td><td>TRAP, contains {@code out of bounds memory access}, 38001</td></tr>
 * <tr><td>other, {@code Function not found: NAME}</td><td>FUNCTION_NOT_FOUND, the same text, 42883</td></tr>
 * <tr><td>other, cause {@code HTTP request to URL is not allowed}</td><td>NOT_ALLOWED, the cause, 38002</td></tr>
 * <tr><td>other, cause {@code Vars are disabled by this host}</td><td>NOT_ALLOWED (a host refusal), the cause, 38002</td></tr>
 * <tr><td>other, cause {@code invalid handle offset for WHAT: N}</td><td>TRAP, the cause, 38001</td></tr>
 * <tr><td>trap, cause {@code wasm trap: call stack exhausted}</td><td>TRAP, contains {@code call stack exhausted}, 38001</td></tr>
 * <tr><td>other, {@code expected N arguments, got 0}</td><td>INVALID_EXPORT naming the export's type, 42883</td></tr>
 * </table>
 */
public final class Translations {
    private static final String LOAD_PREFIX = "Unable to (?:create|compile) Extism plugin: ";

    /** One row: recorded outcomes it applies to, and what it expects of ours. */
    record Row(String name, Stage stage, String kind, Pattern text, boolean onCause,
               Function<Matcher, Expected> expect) {
        Expected apply(RecordedOutcome o) {
            if (o.stage() != stage || !kind.equals(o.kind())) {
                return null;
            }
            String subject = onCause ? o.cause() : o.error();
            if (subject == null) {
                return null;
            }
            Matcher m = text.matcher(subject);
            return m.matches() ? expect.apply(m) : null;
        }
    }

    private static final List<Row> ROWS = List.of(
            row("load: WASI import while WASI is off", Stage.LOAD, "other",
                    LOAD_PREFIX + "unknown import: `wasi_snapshot_preview1::(\\w+)` has not been defined", false,
                    (m, name) -> new Expected(Stage.LOAD, "LINK_ERROR", Match.CONTAINS, "WASI (" + m.group(1) + ")", null, "22023", name)),
            row("load: unknown import", Stage.LOAD, "other", LOAD_PREFIX + "unknown import: `(\\S+::\\S+)` has not been defined", false,
                    (m, name) -> new Expected(Stage.LOAD, "LINK_ERROR", Match.CONTAINS, "'" + m.group(1) + "'", null, "22023", name)),
            row("load: hash mismatch", Stage.LOAD, "other", LOAD_PREFIX + "(Hash mismatch, .*)", false,
                    (m, name) -> new Expected(Stage.LOAD, "INVALID_MANIFEST", Match.EXACT, m.group(1), null, "22023", name)),
            row("plugin: Python SDK's 'Error code: N'", Stage.CALL, "plugin", "Error code: (-?\\d+)", false,
                    (m, name) -> new Expected(Stage.CALL, "PLUGIN_ERROR", Match.EXACT,
                            "Returned non-zero exit code: " + m.group(1), Integer.valueOf(m.group(1)), "38000", name)),
            row("plugin: the plug-in's own message", Stage.CALL, "plugin", "(?s)(.+)", false,
                    (m, name) -> new Expected(Stage.CALL, "PLUGIN_ERROR", Match.EXACT, m.group(1), null, "38000", name)),
            row("timeout", Stage.CALL, "timeout", "(timeout)", false,
                    (m, name) -> new Expected(Stage.CALL, "TIMEOUT", Match.PREFIX_THEN_DETAIL, m.group(1), null, "57014", name)),
            row("oom: a host limit named by the cause", Stage.CALL, "oom",
                    "(Variable store is full|HTTP response exceeds the configured maximum number of bytes: \\d+)", true,
                    (m, name) -> new Expected(Stage.CALL, "OUT_OF_MEMORY", Match.EXACT, m.group(1), null, "53200", name)),
            row("oom: memory limit", Stage.CALL, "oom", "(oom)", false,
                    (m, name) -> new Expected(Stage.CALL, "OUT_OF_MEMORY", Match.PREFIX_THEN_DETAIL, m.group(1), null, "53200", name)),
            row("trap: unreachable", Stage.CALL, "trap", "(?s)(?:.*\\n)?wasm trap: wasm `(unreachable)` instruction executed", true,
                    (m, name) -> new Expected(Stage.CALL, "TRAP", Match.CONTAINS, m.group(1), null, "38001", name)),
            row("trap: out of bounds memory access", Stage.CALL, "trap", "(?s)(?:.*\\n)?wasm trap: (out of bounds memory access)", true,
                    (m, name) -> new Expected(Stage.CALL, "TRAP", Match.CONTAINS, m.group(1), null, "38001", name)),
            row("other: missing export", Stage.CALL, "other", "(Function not found: .+)", false,
                    (m, name) -> new Expected(Stage.CALL, "FUNCTION_NOT_FOUND", Match.EXACT, m.group(1), null, "42883", name)),
            row("other: denied HTTP host", Stage.CALL, "other", "(HTTP request to \\S+ is not allowed)", true,
                    (m, name) -> new Expected(Stage.CALL, "NOT_ALLOWED", Match.EXACT, m.group(1), null, "38002", name)),
            row("other: vars disabled", Stage.CALL, "other", "(Vars are disabled by this host)", true,
                    (m, name) -> new Expected(Stage.CALL, "NOT_ALLOWED", Match.EXACT, m.group(1), null, "38002", name)),
            row("other: a handle outside kernel memory", Stage.CALL, "other", "(invalid handle offset for .+: \\d+)", true,
                    (m, name) -> new Expected(Stage.CALL, "TRAP", Match.EXACT, m.group(1), null, "38001", name)),
            row("trap: call stack exhausted", Stage.CALL, "trap", "(?s)(?:.*\\n)?wasm trap: (call stack exhausted)", true,
                    (m, name) -> new Expected(Stage.CALL, "TRAP", Match.CONTAINS, m.group(1), null, "38001", name)),
            row("other: an export with parameters", Stage.CALL, "other", "expected \\d+ arguments, got 0", false,
                    (m, name) -> new Expected(Stage.CALL, "INVALID_EXPORT", Match.CONTAINS,
                            "an Extism export takes no parameters", null, "42883", name)));

    private Translations() {
    }

    private static Row row(String name, Stage stage, String kind, String regex, boolean onCause,
                           java.util.function.BiFunction<Matcher, String, Expected> expect) {
        return new Row(name, stage, kind, Pattern.compile(regex), onCause, m -> expect.apply(m, name));
    }

    /** What ours must be for a recorded failure; fails for a recorded failure no row covers. */
    static Expected expected(RecordedOutcome o) {
        if (!o.failed()) {
            throw new IllegalArgumentException("not a failure: " + o);
        }
        if ("exit".equals(o.kind()) && o.exitCode() != null && o.stage() == Stage.CALL) {
            return new Expected(Stage.CALL, "PLUGIN_ERROR", Match.NONE, null, o.exitCode(), "38000", "exit: WASI proc_exit code");
        }
        for (Row r : ROWS) {
            Expected e = r.apply(o);
            if (e != null) {
                return e;
            }
        }
        throw new IllegalStateException("no translation covers the recorded outcome " + o
                + ": add a row to io.wasmudf.corpus.Translations (and plugins/FORMAT.md)");
    }

    /** The rows' names, in order (for the README and a test that lists them). */
    public static List<String> rowNames() {
        return ROWS.stream().map(Row::name).toList();
    }
}
