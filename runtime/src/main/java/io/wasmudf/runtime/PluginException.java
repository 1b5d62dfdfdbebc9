package io.wasmudf.runtime;

/**
 * A call failed in a way the plug-in itself reported: it set an error message, returned a non-zero
 * code, or exited through WASI {@code proc_exit} with a non-zero status. The message is the
 * plug-in's own (capped at 64 KiB, marked when cut); {@link #code()} is the export's return code
 * or exit status, 0 when the plug-in set an error and returned 0 or set one and then trapped.
 */
public final class PluginException extends WasmException {
    private final String export;
    private final int code;
    private final String pluginMessage;

    public PluginException(String export, int code, String pluginMessage) {
        super(Kind.PLUGIN_ERROR, pluginMessage != null ? pluginMessage : "Returned non-zero exit code: " + code);
        this.export = export;
        this.code = code;
        this.pluginMessage = pluginMessage;
    }

    /** The export that failed. */
    public String export() {
        return export;
    }

    /** The export's return code, or the WASI exit status. */
    public int code() {
        return code;
    }

    /** The message the plug-in set with {@code error_set}, or null if it set none. */
    public String pluginMessage() {
        return pluginMessage;
    }
}
