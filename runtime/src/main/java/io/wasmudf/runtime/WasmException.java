package io.wasmudf.runtime;

/**
 * Every failure the runtime reports. The {@link Kind} tells a caller (for example the SQL layer
 * choosing a SQLState) what went wrong without parsing messages.
 */
public class WasmException extends RuntimeException {

    /** What kind of failure this is. */
    public enum Kind {
        /** The plug-in reported an error (error_set or a non-zero return code). */
        PLUGIN_ERROR,
        /** The Wasm code trapped (unreachable, out-of-bounds access, stack overflow...). */
        TRAP,
        /** The call ran past the manifest's {@code timeout_ms}, or was cancelled. */
        TIMEOUT,
        /**
         * A memory limit was hit: {@code memory.max_pages}, the host's page cap, {@code max_var_bytes},
         * the JVM-wide {@link MemoryBudget}, or the JVM's own heap (the message says which).
         */
        OUT_OF_MEMORY,
        /** The output is larger than the host allows. */
        OUTPUT_TOO_LARGE,
        /** The export does not exist. */
        FUNCTION_NOT_FOUND,
        /** The export exists but has a type no Extism host calls (it takes parameters or returns more than an i32). */
        INVALID_EXPORT,
        /** The bytes are not a valid Wasm module. */
        INVALID_MODULE,
        /** The manifest is malformed or refers to something that cannot be had. */
        INVALID_MANIFEST,
        /** A module imports something no one provides, or with the wrong type. */
        LINK_ERROR,
        /** The plug-in was denied something the manifest or the host does not grant (a host, a path, vars). */
        NOT_ALLOWED,
        /** The host failed (an I/O error, a host function that threw). */
        HOST_ERROR
    }

    private final Kind kind;

    public WasmException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public WasmException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
