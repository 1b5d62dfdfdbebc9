package io.wasmudf.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestException;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.ModuleCache;
import io.wasmudf.runtime.WasmSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

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
        byte[] bytes = load(src);
        if (src.hash() != null && !src.hash().equals(ModuleCache.sha256(bytes))) {
            throw SqlStates.invalid("bad manifest: hash mismatch, found " + ModuleCache.sha256(bytes) + " but expected " + src.hash());
        }
        WasmSource inline = WasmSource.ofData(bytes);
        return m.toBuilder().wasm(java.util.List.of(inline)).build();
    }

    private byte[] load(WasmSource src) throws SQLException {
        if (src.type() == WasmSource.Type.DATA) {
            return src.data();
        }
        if (!allowExternalSources) {
            throw new SQLException("bad manifest: this database cannot read wasm from a path or URL here; pass the module's bytes: "
                    + "wasm_register(name, bytes, manifest)", SqlStates.NOT_PRIVILEGED);
        }
        try {
            if (src.type() == WasmSource.Type.PATH) {
                return Files.readAllBytes(Path.of(src.path()));
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(src.url())).timeout(Duration.ofSeconds(60))
                    .method(src.method() == null ? "GET" : src.method(), HttpRequest.BodyPublishers.noBody());
            src.headers().forEach(rb::header);
            HttpResponse<byte[]> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                throw SqlStates.invalid("bad manifest: fetching " + src.url() + " failed: HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            throw new SQLException("bad manifest: cannot read the module: " + e, SqlStates.INVALID_PARAMETER, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while fetching " + src.url(), SqlStates.INVALID_PARAMETER, e);
        }
    }
}
