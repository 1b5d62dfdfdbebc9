package io.wasmudf.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.WasmSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifest {@code extism call} would build from its command line: the file (a module, an
 * http(s) URL, or with {@code -m} a manifest), the {@code --link} modules before it, then the
 * flags' hosts, paths, config, memory and timeout. Files are read here, relative to the working
 * directory as extism reads them, so a file that cannot be read is named with the reason.
 */
final class CallManifest {
    /** A failure to build the manifest, worded for the user. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private final CallOptions o;
    private final GoLog log;

    CallManifest(CallOptions o, GoLog log) {
        this.o = o;
        this.log = log;
    }

    Manifest build() throws Failure {
        Manifest.Builder b;
        List<WasmSource> wasm = new ArrayList<>();
        for (Map.Entry<String, String> l : o.linkModules().entrySet()) {
            wasm.add(source(l.getValue()).withName(l.getKey()));
        }
        if (o.manifest) {
            verbose("Reading from manifest: " + o.plugin);
            b = ManifestJson.parse(readText(o.plugin)).toBuilder();
            for (WasmSource s : b.build().wasm()) {
                wasm.add(s.type() == WasmSource.Type.PATH ? named(source(s.path()), s) : s);
            }
        } else {
            verbose("Adding wasm file to manifest: " + o.plugin);
            b = Manifest.builder();
            wasm.add(source(o.plugin));
        }
        b.wasm(wasm);
        o.allowedHosts.forEach(b::allowHost);
        o.pathPairs().forEach(b::allowPath);
        if (!o.setConfig.isEmpty()) {
            b.config(jsonConfig(o.setConfig));
        }
        o.configPairs().forEach(b::config);
        if (o.memoryMaxPages > 0) {
            b.maxPages(o.memoryMaxPages);
        }
        if (o.httpResponseMax >= 0) {
            b.maxHttpResponseBytes(o.httpResponseMax);
        }
        if (o.varMax >= 0) {
            b.maxVarBytes(o.varMax);
        }
        if (o.timeoutMs > 0) {
            b.timeoutMs(o.timeoutMs);
        }
        return b.build();
    }

    /** An http(s) URL stays a URL (the runtime fetches it); anything else is a file read now. */
    private WasmSource source(String where) throws Failure {
        if (where.startsWith("http://") || where.startsWith("https://")) {
            return WasmSource.ofUrl(where, Map.of(), "GET");
        }
        try {
            byte[] bytes = Files.readAllBytes(Path.of(where));
            verbose("Read " + where + " (" + Progress.size(bytes.length) + ")");
            return WasmSource.ofData(bytes);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new Failure(e instanceof IOException ? FileError.describe(where, (IOException) e)
                    : "open " + where + ": invalid path");
        }
    }

    /** Keeps the name and hash a manifest gave a path source once its bytes are read. */
    private static WasmSource named(WasmSource read, WasmSource given) {
        WasmSource s = given.name() == null ? read : read.withName(given.name());
        return given.hash() == null ? s : s.withHash(given.hash());
    }

    private static String readText(String file) throws Failure {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new Failure(FileError.describe(file, e));
        }
    }

    private static Map<String, String> jsonConfig(String json) throws Failure {
        try {
            return new ObjectMapper().readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Failure("invalid value for --set-config flag\n" + e.getOriginalMessage());
        }
    }

    private void verbose(String line) {
        if (o.verbose) {
            log.print(line);
        }
    }
}
