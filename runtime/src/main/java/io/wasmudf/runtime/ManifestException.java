package io.wasmudf.runtime;

/** A manifest that cannot be read, or whose modules cannot be loaded or verified. */
public final class ManifestException extends WasmException {
    public ManifestException(String message) {
        super(Kind.INVALID_MANIFEST, message);
    }

    public ManifestException(String message, Throwable cause) {
        super(Kind.INVALID_MANIFEST, message, cause);
    }
}
