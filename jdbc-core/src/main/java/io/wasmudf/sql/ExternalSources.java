package io.wasmudf.sql;

import io.wasmudf.runtime.WasmSource;
import java.sql.SQLException;

/**
 * Whether {@code wasm_register(name, manifest)} may read the manifest's module from a path or URL,
 * and, where it may not, what the caller is told (the database knows why: PL/Java's trusted
 * language may not read files or open sockets). Decided per call, since one PostgreSQL backend can
 * run the bridge both as trusted and as untrusted code.
 */
public final class ExternalSources {
    /** Path and URL sources are read at registration. */
    public static final ExternalSources ALLOWED = new ExternalSources(null);

    private final String why;

    private ExternalSources(String why) {
        this.why = why;
    }

    /** Only inline {@code data} sources; {@code why} ends the refusal (say what to do instead). */
    public static ExternalSources refused(String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("say why path and URL sources are refused");
        }
        return new ExternalSources(why);
    }

    boolean allows(WasmSource src) {
        return why == null || src.type() == WasmSource.Type.DATA;
    }

    SQLException refusal(WasmSource src) {
        String what = src.type() == WasmSource.Type.PATH ? "path '" + src.path() + "'" : "url '" + src.url() + "'";
        return new SQLException("wasm_register cannot load the manifest's wasm " + what + ": " + why,
                SqlStates.NOT_PRIVILEGED);
    }
}
