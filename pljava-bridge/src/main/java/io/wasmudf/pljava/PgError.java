package io.wasmudf.pljava;

import io.wasmudf.runtime.WasmException;

import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error in the shape PostgreSQL's own functions give one: SQLSTATE, a short message, and a
 * DETAIL and HINT where there is more to say. PL/Java renders any exception that leaves Java as
 * {@code <class name>: <getMessage()>} with {@code getSQLState()} and has no way to add a detail
 * or hint, so {@link PgErrorReport} raises this shape as a real PostgreSQL error instead. Made
 * from the SQLExceptions of jdbc-core: their message stays the user's first line, and a runtime
 * failure's own wording moves to DETAIL under a one-line summary naming the plug-in.
 */
public final class PgError {
    /** A failure that does not say what it is: PostgreSQL's internal_error. */
    static final String INTERNAL = "XX000";
    private static final String NOT_PRIVILEGED = "42501";
    private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");
    private static final String EXPORTS_ARE = "; its exports are ";
    private static final String SEE_PLUGINS = " (see wasm_plugins())";
    private static final Pattern PLUGIN_NAME = Pattern.compile("^plug-in '([^']+)'");

    private final String sqlState;
    private final String message;
    private final String detail;
    private final String hint;

    PgError(String sqlState, String message, String detail, String hint) {
        this.sqlState = SQLSTATE.matcher(String.valueOf(sqlState)).matches() ? sqlState : INTERNAL;
        this.message = Objects.requireNonNull(message);
        this.detail = detail;
        this.hint = hint;
    }

    public String sqlState() {
        return sqlState;
    }

    public String message() {
        return message;
    }

    /** Null when there is nothing more to say. */
    public String detail() {
        return detail;
    }

    /** Null when there is nothing to suggest. */
    public String hint() {
        return hint;
    }

    /** The shape of anything a PL/Java entry point can throw. */
    public static PgError of(Throwable t) {
        if (t instanceof SecurityException) {
            return new PgError(NOT_PRIVILEGED, "the Java security policy denied wasmudf a permission it needs", t.getMessage(),
                    "Grant it in a policy file named in pljava.policy_urls: see sql/postgres/wasmudf.policy.");
        }
        if (!(t instanceof SQLException)) {
            // Not one of the bridge's own errors: a bug. The class name helps a report, so it goes to DETAIL.
            return new PgError(INTERNAL, "wasmudf failed unexpectedly", String.valueOf(t),
                    "The server log has the stack trace when log_min_messages is DEBUG1 or lower.");
        }
        SQLException e = (SQLException) t;
        String state = e.getSQLState();
        String msg = e.getMessage() == null ? "wasmudf failed (no message)" : e.getMessage();
        WasmException w = runtimeCause(e);
        if (w != null) {
            return ofRuntime(state, msg, w);
        }
        int exports = msg.indexOf(EXPORTS_ARE);
        if (exports >= 0) {
            String list = msg.substring(exports + EXPORTS_ARE.length());
            return new PgError(state, msg.substring(0, exports), "Its exports are " + list + ".",
                    callHint(msg.substring(0, exports), list));
        }
        if (msg.endsWith(SEE_PLUGINS)) {
            return new PgError(state, msg.substring(0, msg.length() - SEE_PLUGINS.length()), null,
                    "wasm_plugins() lists the registered plug-ins; wasm_register(name, wasm) adds one.");
        }
        return new PgError(state, msg, null, null);
    }

    /** "Call one of them, e.g. wasm_call('p', 'e', input) ...", with the first export not named _like_this. */
    private static String callHint(String message, String exportList) {
        Matcher plugin = PLUGIN_NAME.matcher(message);
        String example = null;
        for (String e : exportList.split(",\\s*")) {
            if (!e.isEmpty() && !e.startsWith("_")) {
                example = e;
                break;
            }
        }
        if (!plugin.find() || example == null) {
            return "Call one of them: wasm_call(plugin, export, input) or wasm_call('plugin.export', input).";
        }
        String p = plugin.group(1);
        return "Call one of them, e.g. wasm_call('" + p + "', '" + example + "', input) or wasm_call('" + p + "." + example
                + "', input).";
    }

    /** jdbc-core writes "WHERE: RUNTIME MESSAGE" (WHERE names the plug-in and export). */
    private static PgError ofRuntime(String state, String msg, WasmException w) {
        String tail = ": " + w.getMessage();
        String where = msg.endsWith(tail) ? msg.substring(0, msg.length() - tail.length()) : null;
        String summary;
        String detail = w.getMessage();
        String hint = null;
        switch (w.kind()) {
            case TRAP:
                summary = " trapped";
                detail = detail + ". The instance was discarded: the next call starts a fresh one.";
                break;
            case TIMEOUT:
                summary = w.getMessage().startsWith("cancelled") ? " was cancelled" : " ran out of time";
                hint = "If the call needs longer, raise the time limit the detail names (a plug-in's own limit is "
                        + "its manifest's timeout_ms).";
                break;
            case OUT_OF_MEMORY:
                summary = " hit a memory limit";
                hint = "Raise the limit in the plug-in's manifest (memory.max_pages counts 64 KiB pages; "
                        + "memory.max_var_bytes caps vars) and register it again.";
                break;
            case OUTPUT_TOO_LARGE:
                summary = " returned more output than the host allows";
                break;
            case FUNCTION_NOT_FOUND:
                summary = " cannot be called";
                break;
            default:
                // The plug-in's own error and the setup errors read best whole, as jdbc-core words them.
                return new PgError(state, msg, null, null);
        }
        if (where == null) {
            return new PgError(state, msg, null, hint);
        }
        return new PgError(state, where + summary, detail, hint);
    }

    private static WasmException runtimeCause(Throwable t) {
        Throwable c = t.getCause();
        for (int depth = 0; c != null && depth < 16; c = c.getCause(), depth++) {
            if (c instanceof WasmException) {
                return (WasmException) c;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return sqlState + " " + message + (detail == null ? "" : " DETAIL " + detail) + (hint == null ? "" : " HINT " + hint);
    }
}
