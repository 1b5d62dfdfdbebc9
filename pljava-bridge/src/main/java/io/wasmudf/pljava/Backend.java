package io.wasmudf.pljava;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.ExecutionMode;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.ModuleCache;
import io.wasmudf.runtime.Plugin;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import io.wasmudf.runtime.WasmException;
import io.wasmudf.runtime.WasmSource;

import java.io.FilePermission;
import java.io.IOException;
import java.net.SocketPermission;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL functions below the PL/Java boundary, for ONE PostgreSQL backend: the bridge keeps one
 * of these in a static (one JVM per backend), the real-server tests one per JDBC connection.
 * Every method takes the connection to run SQL on ({@code jdbc:default:connection} in the server).
 *
 * <p>The instance cache: a backend's first call of a plug-in instantiates it from the shared
 * compiled module; later calls reuse the warm instance (vars persist across rows, as in Extism).
 * Each call reads the plug-in's sha256 from the store, so a new version registered by any backend
 * is picked up at the next call. Bounded by count and memory (LRU).
 */
public final class Backend {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final int maxInstances;
    private final long maxMemoryBytes;
    private final PluginOptions options;
    /** Access-ordered: the eldest entry is the least recently used. */
    private final LinkedHashMap<String, Entry> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Stats> stats = new TreeMap<>();

    private static final class Entry {
        final String sha256;
        final Plugin plugin;

        Entry(String sha256, Plugin plugin) {
            this.sha256 = sha256;
            this.plugin = plugin;
        }
    }

    static final class Stats {
        long instances;
        long calls;
        long errors;
        long hits;
        long misses;
        long evictions;
        long nanos;
    }

    public Backend(String id) {
        this(id, 32, 512L * 1024 * 1024, ExecutionMode.COMPILER);
    }

    public Backend(String id, int maxInstances, long maxMemoryBytes, ExecutionMode mode) {
        this.id = id;
        this.maxInstances = maxInstances;
        this.maxMemoryBytes = maxMemoryBytes;
        this.options = PluginOptions.builder().mode(mode).build();
    }

    // ---- registration ---------------------------------------------------------------------------

    /** {@code wasm_register(name, wasm [, manifest])} and {@code wasm_register(name, manifest)}. */
    public synchronized String register(Connection c, String name, byte[] wasm, String manifestJson) throws SQLException {
        if (name == null || name.isBlank()) {
            throw SqlErrors.of(SqlErrors.NULL_VALUE, "wasm_register: the plug-in name must not be null or empty");
        }
        if (name.contains(".")) {
            throw SqlErrors.of(SqlErrors.INVALID_PARAMETER,
                    "wasm_register: plug-in name '" + name + "' must not contain '.' (it separates plug-in and export in wasm_call)");
        }
        if (wasm == null && manifestJson == null) {
            throw SqlErrors.of(SqlErrors.NULL_VALUE, "wasm_register: give the module's bytes or a manifest");
        }
        String stored;
        Manifest manifest;
        byte[] module;
        try {
            Manifest.Builder b = manifestJson == null ? Manifest.builder() : ManifestJson.parsePartial(manifestJson);
            if (wasm != null) {
                if (manifestJson != null && hasWasm(manifestJson)) {
                    throw SqlErrors.of(SqlErrors.INVALID_PARAMETER,
                            "wasm_register: give the module either as bytes or in the manifest's \"wasm\", not both");
                }
                b.wasm(List.of(WasmSource.ofData(wasm)));
            }
            Manifest parsed = b.build();
            if (parsed.wasm().size() != 1) {
                throw SqlErrors.of(SqlErrors.INVALID_PARAMETER, "wasm_register: the manifest must have exactly one wasm "
                        + "module (multi-module manifests are not supported by the store)");
            }
            WasmSource src = parsed.wasm().get(0);
            module = bytesOf(src);
            if (src.hash() != null && !src.hash().equals(ModuleCache.sha256(module))) {
                throw SqlErrors.of(SqlErrors.INVALID_PARAMETER, "wasm_register: hash mismatch, found "
                        + ModuleCache.sha256(module) + " but the manifest expects " + src.hash());
            }
            manifest = parsed.toBuilder().wasm(List.of(WasmSource.ofData(module))).build();
            stored = manifestWithoutWasm(manifestJson);
        } catch (WasmException e) {
            throw SqlErrors.of(name, null, e);
        }
        CompiledPlugin compiled;
        try {
            compiled = WasmEngine.shared().compile(manifest, options);   // validates: parses, links, lists exports
        } catch (WasmException e) {
            throw SqlErrors.of(name, null, e);
        }
        String sha = ModuleCache.sha256(module);
        PgPluginStore.upsert(c, name, sha, module, stored, String.join(",", compiled.exports()));
        return sha;
    }

    public synchronized boolean unregister(Connection c, String name) throws SQLException {
        if (name == null) {
            return false;
        }
        return PgPluginStore.delete(c, name);
    }

    private static boolean hasWasm(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return n != null && n.has("wasm") && !n.get("wasm").isNull() && n.get("wasm").size() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String manifestWithoutWasm(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(json);
            ((ObjectNode) n).remove("wasm");
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw SqlErrors.of(SqlErrors.INVALID_PARAMETER, "wasm_register: manifest is not valid JSON");
        }
    }

    /**
     * The module's bytes. Paths and URLs are read by the database server, which trusted PL/Java
     * ({@code LANGUAGE java}) forbids: there they are refused with a message that says so.
     */
    private static byte[] bytesOf(WasmSource src) throws SQLException {
        switch (src.type()) {
            case DATA:
                return src.data();
            case PATH:
                if (!permitted(new FilePermission(src.path(), "read"))) {
                    throw SqlErrors.of(SqlErrors.NOT_ALLOWED, "wasm_register: the manifest's wasm path '" + src.path()
                            + "' cannot be read: the bridge runs in trusted PL/Java (LANGUAGE java), where functions may "
                            + "not read files. Pass the module's bytes instead: wasm_register(name, pg_read_binary_file(...)"
                            + " or a bytea parameter [, manifest]), or install the bridge in javaU");
                }
                try {
                    return Files.readAllBytes(Path.of(src.path()));
                } catch (IOException | SecurityException e) {
                    throw SqlErrors.of(SqlErrors.INVALID_PARAMETER,
                            "wasm_register: cannot read wasm file '" + src.path() + "': " + e);
                }
            default: {
                URI uri = URI.create(src.url());
                String host = uri.getHost() == null ? "*" : uri.getHost();
                if (!permitted(new SocketPermission(host, "connect,resolve"))) {
                    throw SqlErrors.of(SqlErrors.NOT_ALLOWED, "wasm_register: the manifest's wasm url '" + src.url()
                            + "' cannot be fetched: the bridge runs in trusted PL/Java (LANGUAGE java), where functions "
                            + "may not open sockets. Pass the module's bytes instead, or install the bridge in javaU");
                }
                try {
                    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .method(src.method() == null ? "GET" : src.method(), HttpRequest.BodyPublishers.noBody());
                    src.headers().forEach(rb::header);
                    HttpResponse<byte[]> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                            .send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() / 100 != 2) {
                        throw SqlErrors.of(SqlErrors.INVALID_PARAMETER,
                                "wasm_register: fetching " + src.url() + " failed: HTTP " + r.statusCode());
                    }
                    return r.body();
                } catch (IOException | SecurityException e) {
                    throw SqlErrors.of(SqlErrors.INVALID_PARAMETER, "wasm_register: fetching " + src.url() + " failed: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw SqlErrors.of(SqlErrors.QUERY_CANCELED, "wasm_register: interrupted while fetching " + src.url());
                }
            }
        }
    }

    @SuppressWarnings("removal")
    static boolean permitted(java.security.Permission p) {
        SecurityManager sm = System.getSecurityManager();
        if (sm == null) {
            return true;
        }
        try {
            sm.checkPermission(p);
            return true;
        } catch (SecurityException e) {
            return false;
        }
    }

    // ---- calls ----------------------------------------------------------------------------------

    /** {@code wasm_call(function, input)}: function is 'plugin' or 'plugin.export'. */
    public byte[] call(Connection c, String function, byte[] input) throws SQLException {
        if (function == null) {
            throw SqlErrors.of(SqlErrors.NULL_VALUE, "wasm_call: the function name must not be null");
        }
        int dot = function.indexOf('.');
        return dot < 0 ? call(c, function, function, input) : call(c, function.substring(0, dot), function.substring(dot + 1), input);
    }

    public synchronized byte[] call(Connection c, String plugin, String export, byte[] input) throws SQLException {
        if (plugin == null || export == null) {
            throw SqlErrors.of(SqlErrors.NULL_VALUE, "wasm_call: plug-in and export must not be null");
        }
        if (input == null) {
            return null;
        }
        Entry e = instance(c, plugin);
        Stats s = stats(plugin);
        if (!e.plugin.functionExists(export)) {
            s.errors++;
            throw SqlErrors.of(SqlErrors.UNDEFINED_EXPORT, "wasm plug-in '" + plugin + "' has no export '" + export
                    + "' (exports: " + String.join(", ", e.plugin.compiled().exports()) + ")");
        }
        long t0 = System.nanoTime();
        try {
            s.calls++;
            return e.plugin.call(export, input);
        } catch (WasmException ex) {
            s.errors++;
            // The runtime keeps the instance warm after a plug-in error and discards it itself
            // after a failure inside running Wasm (trap, timeout, memory), so nothing to do here.
            throw SqlErrors.of(plugin, export, ex);
        } finally {
            s.nanos += System.nanoTime() - t0;
        }
    }

    public String call(Connection c, String function, String input) throws SQLException {
        byte[] out = call(c, function, input == null ? null : input.getBytes(StandardCharsets.UTF_8));
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    public String call(Connection c, String plugin, String export, String input) throws SQLException {
        byte[] out = call(c, plugin, export, input == null ? null : input.getBytes(StandardCharsets.UTF_8));
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    /** The elements of a JSON-array output, as JSON texts, in order ({@code wasm_rows}). */
    public Iterator<String> rowElements(Connection c, String plugin, String export, String input) throws SQLException {
        String out = call(c, plugin, export, input);
        if (out == null) {
            return List.<String>of().iterator();
        }
        JsonNode n;
        try {
            n = JSON.readTree(out);
        } catch (IOException ex) {
            throw SqlErrors.of(SqlErrors.EXTERNAL_ROUTINE, "wasm_rows: the output of wasm plug-in '" + plugin
                    + "' export '" + export + "' is not JSON: " + abbreviate(out));
        }
        if (n == null || !n.isArray()) {
            throw SqlErrors.of(SqlErrors.EXTERNAL_ROUTINE, "wasm_rows: the output of wasm plug-in '" + plugin
                    + "' export '" + export + "' is not a JSON array: " + abbreviate(out));
        }
        List<String> rows = new ArrayList<>(n.size());
        for (JsonNode el : n) {
            rows.add(el.toString());
        }
        return rows.iterator();
    }

    public Iterator<String> rowElements(Connection c, String function, String input) throws SQLException {
        int dot = function.indexOf('.');
        return dot < 0 ? rowElements(c, function, function, input)
                : rowElements(c, function.substring(0, dot), function.substring(dot + 1), input);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** {@code wasm_cache_stats()} rows as JSON objects. */
    public synchronized Iterator<String> cacheStatsRows() {
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, Stats> en : stats.entrySet()) {
            Stats s = en.getValue();
            ObjectNode o = JSON.createObjectNode();
            o.put("connection", id);
            o.put("plugin", en.getKey());
            o.put("instances", cache.containsKey(en.getKey()) ? 1 : 0);
            o.put("calls", s.calls);
            o.put("errors", s.errors);
            o.put("hits", s.hits);
            o.put("misses", s.misses);
            o.put("evictions", s.evictions);
            o.put("wasm_millis", s.nanos / 1e6);
            rows.add(o.toString());
        }
        return rows.iterator();
    }

    /** Frees every cached instance (the JVM of a backend dies with it; tests call this). */
    public synchronized void close() {
        for (Entry e : cache.values()) {
            e.plugin.close();
        }
        cache.clear();
    }

    // ---- the cache ------------------------------------------------------------------------------

    private Stats stats(String plugin) {
        return stats.computeIfAbsent(plugin, k -> new Stats());
    }

    private Entry instance(Connection c, String plugin) throws SQLException {
        PgPluginStore.Head head = PgPluginStore.head(c, plugin);
        if (head == null) {
            drop(plugin);
            throw SqlErrors.of(SqlErrors.UNDEFINED_PLUGIN, "wasm plug-in '" + plugin + "' is not registered");
        }
        Stats s = stats(plugin);
        Entry e = cache.get(plugin);
        if (e != null && e.sha256.equals(head.sha256())) {
            s.hits++;
            return e;
        }
        s.misses++;
        if (e != null) {
            cache.remove(plugin);
            e.plugin.close();
        }
        PgPluginStore.Stored st = PgPluginStore.load(c, plugin);
        if (st == null) {
            throw SqlErrors.of(SqlErrors.UNDEFINED_PLUGIN, "wasm plug-in '" + plugin + "' is not registered");
        }
        Plugin p;
        try {
            Manifest.Builder b = st.manifest() == null ? Manifest.builder() : ManifestJson.parsePartial(st.manifest());
            Manifest m = b.wasm(List.of(WasmSource.ofData(st.module()))).build();
            p = WasmEngine.shared().compile(m, options).instantiate();
        } catch (WasmException ex) {
            s.errors++;
            throw SqlErrors.of(plugin, null, ex);
        }
        s.instances++;
        Entry fresh = new Entry(st.sha256(), p);
        cache.put(plugin, fresh);
        evict(plugin);
        return fresh;
    }

    private void drop(String plugin) {
        Entry e = cache.remove(plugin);
        if (e != null) {
            e.plugin.close();
        }
    }

    /** LRU eviction down to the bounds, never evicting the entry about to be used. */
    private void evict(String keep) {
        Iterator<Map.Entry<String, Entry>> it = cache.entrySet().iterator();
        while (it.hasNext() && (cache.size() > maxInstances || memory() > maxMemoryBytes)) {
            Map.Entry<String, Entry> en = it.next();
            if (en.getKey().equals(keep)) {
                continue;
            }
            it.remove();
            en.getValue().plugin.close();
            stats(en.getKey()).evictions++;
        }
    }

    private long memory() {
        long sum = 0;
        for (Entry e : cache.values()) {
            sum += e.plugin.memoryFootprint();
        }
        return sum;
    }

    String id() {
        return id;
    }
}
