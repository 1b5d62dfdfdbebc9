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
import java.util.List;

/**
 * Turns the arguments of {@code wasm_register} into a manifest with its one module inline: the
 * store keeps module bytes, so a path or URL is read once, at registration, by the engine the
 * store compiles with.
 */
final class ModuleLoading {
    /** Made on first use: calls never need it, and it loads most of Jackson. */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final WasmEngine engine;

    ModuleLoading(WasmEngine engine) {
        this.engine = engine;
    }

    /** {@code wasm_register(name, wasm [, manifest])}: the module's bytes, the manifest without {@code wasm}. */
    Manifest withBytes(byte[] wasm, String manifestJson) throws SQLException {
        if (wasm == null) {
            throw SqlStates.invalid("wasm_register needs the module's bytes, not NULL");
        }
        if (wasm.length == 0) {
            throw SqlStates.invalid("the module is empty: pass the .wasm file's bytes");
        }
        if (manifestJson == null) {
            return Manifest.of(wasm);
        }
        try {
            JsonNode root = Mapper.MAPPER.readTree(manifestJson);
            if (root != null && root.has("wasm")) {
                throw SqlStates.invalid("the manifest must not have a 'wasm' field when the module's bytes are passed");
            }
        } catch (IOException e) {
            // Not JSON: let the strict parser below say so.
        }
        try {
            return ManifestJson.parsePartial(manifestJson).addWasm(WasmSource.ofData(wasm)).build();
        } catch (ManifestException e) {
            throw badManifest(e);
        }
    }

    /** {@code wasm_register(name, manifest)}: the manifest's single {@code wasm} source, loaded and inlined. */
    Manifest fromManifest(String manifestJson, ExternalSources external) throws SQLException {
        if (manifestJson == null) {
            throw SqlStates.invalid("wasm_register needs the module's bytes or a manifest, not NULL");
        }
        Manifest m;
        try {
            m = ManifestJson.parse(manifestJson);
        } catch (ManifestException e) {
            throw badManifest(e);
        }
        if (m.wasm().size() != 1) {
            throw SqlStates.invalid("bad manifest: the store holds one module per plug-in, the manifest has " + m.wasm().size());
        }
        WasmSource src = m.wasm().get(0);
        if (!external.allows(src)) {
            throw external.refusal(src);
        }
        byte[] bytes;
        try {
            bytes = engine.loadSource(src);
        } catch (ManifestException e) {
            throw badManifest(e);
        }
        return m.toBuilder().wasm(List.of(WasmSource.ofData(bytes))).build();
    }

    private static SQLException badManifest(ManifestException e) {
        return new SQLException("bad manifest: " + e.getMessage(), SqlStates.INVALID_PARAMETER, e);
    }
}
