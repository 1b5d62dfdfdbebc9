package io.wasmudf.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestException;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.WasmEngine;
import io.wasmudf.runtime.WasmSource;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Turns the arguments of {@code wasm_register} into a manifest with its one module inline: the
 * store keeps module bytes, so a path or URL is read once, at registration.
 */
final class ModuleLoading {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Whether path and URL sources may be read (PL/Java's trusted language may not). */
    private final boolean allowExternalSources;

    ModuleLoading(boolean allowExternalSources) {
        this.allowExternalSources = allowExternalSources;
    }

    /** {@code wasm_register(name, wasm [, manifest])}: the module's bytes, the manifest without {@code wasm}. */
    Manifest withBytes(byte[] wasm, String manifestJson) throws SQLException {
        if (wasm == null || wasm.length == 0) {
            throw SqlStates.invalid("the module is empty: pass the .wasm file's bytes");
        }
        if (manifestJson == null) {
            return Manifest.of(wasm);
        }
        try {
            JsonNode root = MAPPER.readTree(manifestJson);
            if (root != null && root.has("wasm")) {
                throw SqlStates.invalid("the manifest must not have a 'wasm' field when the module's bytes are passed");
            }
        } catch (IOException e) {
            // Not JSON: let the strict parser below say so.
        }
        try {
            return ManifestJson.parsePartial(manifestJson).addWasm(WasmSource.ofData(wasm)).build();
        } catch (ManifestException e) {
            throw new SQLException("bad manifest: " + e.getMessage(), SqlStates.INVALID_PARAMETER, e);
        }
    }

    /** {@code wasm_register(name, manifest)}: the manifest's single {@code wasm} source, loaded and inlined. */
    Manifest fromManifest(String manifestJson) throws SQLException {
        Manifest m;
        try {
            m = ManifestJson.parse(manifestJson);
        } catch (ManifestException e) {
            throw new SQLException("bad manifest: " + e.getMessage(), SqlStates.INVALID_PARAMETER, e);
        }
        if (m.wasm().size() != 1) {
            throw SqlStates.invalid("bad manifest: the store holds one module per plug-in, the manifest has " + m.wasm().size());
        }
        WasmSource src = m.wasm().get(0);
        if (src.type() != WasmSource.Type.DATA && !allowExternalSources) {
            throw new SQLException("bad manifest: this database cannot read wasm from a path or URL here; pass the module's bytes: "
                    + "wasm_register(name, bytes, manifest)", SqlStates.NOT_PRIVILEGED);
        }
        byte[] bytes;
        try {
            bytes = WasmEngine.shared().loadSource(src);
        } catch (ManifestException e) {
            throw new SQLException("bad manifest: " + e.getMessage(), SqlStates.INVALID_PARAMETER, e);
        }
        return m.toBuilder().wasm(java.util.List.of(WasmSource.ofData(bytes))).build();
    }
}
