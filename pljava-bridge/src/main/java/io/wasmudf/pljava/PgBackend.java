package io.wasmudf.pljava;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wasmudf.sql.CacheLimits;
import io.wasmudf.sql.CacheStat;
import io.wasmudf.sql.CallTimeLimits;
import io.wasmudf.sql.ConnectionState;
import io.wasmudf.sql.Dialect;
import io.wasmudf.sql.InstanceCache;
import io.wasmudf.sql.JsonRows;
import io.wasmudf.sql.PluginName;
import io.wasmudf.sql.PluginStore;
import io.wasmudf.sql.SqlStates;
import io.wasmudf.sql.StatementWatch;
import io.wasmudf.sql.WasmFunctions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One PostgreSQL backend's side of the SQL functions, below the PL/Java boundary: jdbc-core's
 * {@link WasmFunctions} over the PostgreSQL store, and this backend's {@link ConnectionState} (its
 * instance cache). PL/Java runs one JVM per backend, so {@link WasmUdf} keeps one of these in a
 * static; the real-server tests make one per JDBC connection. Every method takes the connection to
 * run SQL on ({@code jdbc:default:connection} inside the server).
 *
 * <p>What PL/Java cannot return directly crosses as JSON text (jsonb has no PL/Java mapping, and
 * composite rows would need PL/Java's API): {@code wasm_rows} elements as {@code [ordinal, value]}
 * arrays, {@code wasm_cache_stats} rows as objects; the SQL wrappers in install.sql unpack them.
 */
public final class PgBackend implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WasmFunctions functions;
    /** For registrations from code that may not read files: path and URL sources refused. */
    private final WasmFunctions bytesOnly;
    private final ConnectionState state;
    private final boolean externalSources;
    private final PgTyped typed;

    /**
     * @param label the name of this backend in {@code wasm_cache_stats()}
     * @param externalSources whether manifests may name a path or URL (not in trusted PL/Java)
     */
    public PgBackend(String label, CacheLimits limits, boolean externalSources) {
        this(label, limits, CallTimeLimits.defaults(), externalSources);
    }

    /** @param timeLimits the administrator's bound on every call (read once per backend, {@link PgSettings}) */
    public PgBackend(String label, CacheLimits limits, CallTimeLimits timeLimits, boolean externalSources) {
        this(label, limits, timeLimits, externalSources, PgDefinitionDdl.installed());
    }

    /** @param ddl how defined functions are created (tests: over a schema of their own) */
    public PgBackend(String label, CacheLimits limits, CallTimeLimits timeLimits, boolean externalSources,
            PgDefinitionDdl ddl) {
        this.functions = new WasmFunctions(
                PluginStore.builder(Dialect.POSTGRES).allowExternalSources(true).build());
        this.bytesOnly = new WasmFunctions(
                PluginStore.builder(Dialect.POSTGRES).allowExternalSources(false).build());
        this.state = new ConnectionState(new InstanceCache(label, limits), StatementWatch.NONE, timeLimits);
        this.externalSources = externalSources;
        this.typed = new PgTyped(functions, state, ddl);
    }

    /** wasm_define and the typed functions' calls, on this backend's cache. */
    public PgTyped typed() {
        return typed;
    }

    // ---- registration ---------------------------------------------------------------------------

    public String register(Connection c, String name, byte[] wasm, String manifest) throws SQLException {
        if (wasm == null) {
            throw SqlStates.invalid("wasm_register needs the module's bytes, not NULL");
        }
        return functions.register(c, name, wasm, manifest);
    }

    public String register(Connection c, String name, String manifest) throws SQLException {
        return register(c, name, manifest, externalSources);
    }

    /**
     * @param mayReadFiles whether the calling code may read files: decided per call in the server,
     *     since one backend's JVM can run the bridge both as trusted {@code java} and as {@code javaU}
     */
    public String register(Connection c, String name, String manifest, boolean mayReadFiles) throws SQLException {
        if (manifest == null) {
            throw SqlStates.invalid("wasm_register needs the module's bytes or a manifest, not NULL");
        }
        if (!mayReadFiles) {
            refuseExternalSources(manifest);
            return bytesOnly.register(c, name, manifest);
        }
        return functions.register(c, name, manifest);
    }

    /** Says why a path or URL cannot be used here, before jdbc-core's general refusal. */
    private static void refuseExternalSources(String manifest) throws SQLException {
        JsonNode wasm;
        try {
            JsonNode root = JSON.readTree(manifest);
            wasm = root == null ? null : root.get("wasm");
        } catch (IOException e) {
            return;   // not JSON: jdbc-core's parser reports it (22023)
        }
        if (wasm == null || !wasm.isArray()) {
            return;
        }
        for (JsonNode src : wasm) {
            String what = src.has("path") ? "path '" + src.get("path").asText() + "'"
                    : src.has("url") ? "url '" + src.get("url").asText() + "'" : null;
            if (what != null) {
                throw new SQLException("wasm_register cannot load the manifest's wasm " + what + ": the bridge runs in "
                        + "trusted PL/Java (LANGUAGE java), where functions may not read files or open sockets. Pass the "
                        + "module's bytes instead: wasm_register(name, wasm bytea [, manifest jsonb]), e.g. with "
                        + "pg_read_binary_file(...) as a superuser or a bytea parameter from the client; or install the "
                        + "bridge's functions in javaU", SqlStates.NOT_PRIVILEGED);
            }
        }
    }

    public boolean unregister(Connection c, String name) throws SQLException {
        return functions.unregister(c, state, name);
    }

    /** {@code wasm_unregister(name, cascade)}: with cascade, the definitions over the plug-in are dropped first. */
    public boolean unregister(Connection c, String name, boolean cascade) throws SQLException {
        return functions.unregister(c, state, name, cascade);
    }

    // ---- calls ----------------------------------------------------------------------------------

    public String call(Connection c, String function, String input) throws SQLException {
        return functions.callText(c, state, function, input);
    }

    public byte[] call(Connection c, String function, byte[] input) throws SQLException {
        return functions.call(c, state, function, input);
    }

    public String call(Connection c, String plugin, String export, String input) throws SQLException {
        return functions.callText(c, state, plugin, export, input);
    }

    public byte[] call(Connection c, String plugin, String export, byte[] input) throws SQLException {
        return functions.call(c, state, plugin, export, input);
    }

    /** The output, checked to be JSON, as text (PostgreSQL's jsonb input parses it again). */
    public String callJson(Connection c, String function, byte[] input) throws SQLException {
        String[] pe = PluginName.split(function);
        return callJson(c, pe[0], pe[1], input);
    }

    public String callJson(Connection c, String plugin, String export, byte[] input) throws SQLException {
        byte[] out = functions.callJson(c, state, plugin, export, input);
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    /** {@code wasm_rows}: one {@code [ordinal, value]} JSON array per element (value a string or null). */
    public Iterator<String> rows(Connection c, String function, byte[] input) throws SQLException {
        String[] pe = PluginName.split(function);
        return rows(c, pe[0], pe[1], input);
    }

    public Iterator<String> rows(Connection c, String plugin, String export, byte[] input) throws SQLException {
        List<String> out = new ArrayList<>();
        for (JsonRows.Row r : functions.rows(c, state, plugin, export, input)) {
            ArrayNode a = JSON.createArrayNode();
            a.add(r.ordinal);
            a.add(r.value);
            out.add(a.toString());
        }
        return out.iterator();
    }

    /** {@code wasm_cache_stats()}: this backend's counters of registered plug-ins, one JSON object each. */
    public Iterator<String> cacheStats(Connection c) throws SQLException {
        return statsJson(functions.stats(c, state.cache().stats()));
    }

    /** This backend's counters, unregistered plug-ins included. */
    public Iterator<String> cacheStats() {
        return statsJson(state.cache().stats());
    }

    private static Iterator<String> statsJson(List<CacheStat> stats) {
        List<String> out = new ArrayList<>();
        for (CacheStat s : stats) {
            ObjectNode o = JSON.createObjectNode();
            o.put("connection", s.connection);
            o.put("plugin", s.plugin);
            o.put("version", s.version);
            o.put("instances", s.instances);
            o.put("calls", s.calls);
            o.put("errors", s.errors);
            o.put("hits", s.hits);
            o.put("misses", s.misses);
            o.put("evictions", s.evictions);
            o.put("wasm_ms", s.wasmNanos / 1e6);
            o.put("memory_bytes", s.memoryBytes);
            out.add(o.toString());
        }
        return out.iterator();
    }

    public InstanceCache cache() {
        return state.cache();
    }

    @Override
    public void close() {
        state.close();
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
