package io.wasmudf.sql;

import io.wasmudf.runtime.PluginException;
import io.wasmudf.runtime.WasmException;
import java.sql.SQLException;

/**
 * The SQLStates the wasm_* functions raise, and the translation of runtime failures into them.
 * Class 38 (external routine exception) is for failures inside a plug-in; the others reuse the
 * standard states a DBA already knows for the same kind of problem.
 */
public final class SqlStates {
    /** The plug-in reported an error (error_set or a non-zero return code). */
    public static final String PLUGIN_ERROR = "38000";
    /** The Wasm code trapped (unreachable, out-of-bounds access, stack overflow). */
    public static final String TRAP = "38001";
    /** A module import cannot be satisfied, or the plug-in was denied a host or path. */
    public static final String LINK_OR_DENIED = "38002";
    /** The host failed while serving the plug-in (I/O, a host function threw). */
    public static final String HOST_ERROR = "38003";
    /** No plug-in of that name is registered. */
    public static final String UNKNOWN_PLUGIN = "42704";
    /** The plug-in has no callable export of that name. */
    public static final String MISSING_EXPORT = "42883";
    /** A bad manifest, an invalid module, a bad argument (plug-in name, non-JSON output). */
    public static final String INVALID_PARAMETER = "22023";
    /** The call ran past the manifest's timeout_ms. */
    public static final String TIMEOUT = "57014";
    /** The plug-in hit its memory cap (memory.max_pages or the host's default cap). */
    public static final String OUT_OF_MEMORY = "53200";
    /** The output is larger than the host's limit (program limit exceeded). */
    public static final String OUTPUT_TOO_LARGE = "54000";
    /** The caller may not register or unregister plug-ins. */
    public static final String NOT_PRIVILEGED = "42501";
    /** Text output that is not UTF-8 (SQL's "character not in repertoire"). */
    public static final String NOT_UTF8 = "22021";

    private SqlStates() {
    }

    /** The SQLState for a runtime failure. */
    public static String of(WasmException e) {
        switch (e.kind()) {
            case PLUGIN_ERROR:
                return PLUGIN_ERROR;
            case TRAP:
                return TRAP;
            case TIMEOUT:
                return TIMEOUT;
            case OUT_OF_MEMORY:
                return OUT_OF_MEMORY;
            case OUTPUT_TOO_LARGE:
                return OUTPUT_TOO_LARGE;
            case FUNCTION_NOT_FOUND:
            case INVALID_EXPORT: // no export with a callable Extism signature: SQL's undefined function
                return MISSING_EXPORT;
            case INVALID_MODULE:
            case INVALID_MANIFEST:
                return INVALID_PARAMETER;
            case LINK_ERROR:
            case NOT_ALLOWED:
                return LINK_OR_DENIED;
            default:
                return HOST_ERROR;
        }
    }

    /** A SQLException for a failure of {@code plugin} (and {@code export}, if known). */
    public static SQLException translate(WasmException e, String plugin, String export) {
        String where = export == null ? "plug-in '" + plugin + "'" : "plug-in '" + plugin + "', export '" + export + "'";
        String message;
        if (e instanceof PluginException) {
            PluginException p = (PluginException) e;
            message = where + " failed: " + e.getMessage() + (p.code() != 0 && p.pluginMessage() != null ? " (code " + p.code() + ")" : "");
        } else {
            message = where + ": " + e.getMessage();
        }
        return new SQLException(message, of(e), e);
    }

    public static SQLException unknownPlugin(String plugin) {
        return new SQLException("no Wasm plug-in named '" + plugin + "' is registered (see wasm_plugins())", UNKNOWN_PLUGIN);
    }

    public static SQLException invalid(String message) {
        return new SQLException(message, INVALID_PARAMETER);
    }
}
