package io.wasmudf.pljava;

import io.wasmudf.sql.CacheLimits;
import io.wasmudf.sql.CallTimeLimits;
import io.wasmudf.sql.ConnectionState;
import io.wasmudf.sql.Dialect;
import io.wasmudf.sql.ExternalSources;
import io.wasmudf.sql.InstanceCache;
import io.wasmudf.sql.JsonRows;
import io.wasmudf.sql.PluginStore;
import io.wasmudf.sql.ResultColumns;
import io.wasmudf.sql.StatementWatch;
import io.wasmudf.sql.WasmFunctions;

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
    /** For registrations from code that may not read files. */
    private static final ExternalSources TRUSTED = ExternalSources.refused("the bridge runs in trusted PL/Java "
            + "(LANGUAGE java), where functions may not read files or open sockets. Pass the module's bytes instead: "
            + "wasm_register(name, wasm bytea [, manifest jsonb]), e.g. with pg_read_binary_file(...) as a superuser or "
            + "a bytea parameter from the client; or install the bridge's functions in javaU");

    private final WasmFunctions functions;
    private final ConnectionState state;
    private final boolean externalSources;
    private PgAggregate aggregates;
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
        this(label, null, limits, timeLimits, externalSources);
    }

    /**
     * @param schema the store's schema, which every read names (null: the connection's search path
     *     finds the tables, as for a client that set it)
     */
    public PgBackend(String label, String schema, CacheLimits limits, CallTimeLimits timeLimits, boolean externalSources) {
        this(label, schema, limits, timeLimits, externalSources, PgDefinitionDdl.installed());
    }

    /** @param ddl how defined functions are created (tests: over a schema of their own) */
    public PgBackend(String label, CacheLimits limits, CallTimeLimits timeLimits, boolean externalSources,
            PgDefinitionDdl ddl) {
        this(label, null, limits, timeLimits, externalSources, ddl);
    }

    private PgBackend(String label, String schema, CacheLimits limits, CallTimeLimits timeLimits, boolean externalSources,
            PgDefinitionDdl ddl) {
        this.functions = new WasmFunctions(PluginStore.builder(Dialect.POSTGRES).schema(schema).build());
        this.state = new ConnectionState(new InstanceCache(label, limits), StatementWatch.NONE, timeLimits);
        this.externalSources = externalSources;
        this.aggregates = new PgAggregate(functions, "wasmudf", PgAggregateSettings.PENDING_BYTES);
        this.typed = new PgTyped(functions, state, ddl);
    }

    /** wasm_define and the typed functions' calls, on this backend's cache. */
    public PgTyped typed() {
        return typed;
    }

    /** Aggregates whose support functions live in {@code schema} (tests install them elsewhere). */
    PgBackend aggregateSupport(String schema, int pendingBytes) {
        this.aggregates = new PgAggregate(functions, schema, pendingBytes);
        return this;
    }

    // ---- aggregates (PgAggregate) ------------------------------------------------------------------

    public String defineAggregate(Connection c, String sqlName, String plugin, String valueType, String returns,
            String exports) throws SQLException {
        return aggregates.define(c, sqlName, plugin, valueType, returns, exports);
    }

    public byte[] aggregateStep(Connection c, byte[] stateBytes, Object value) throws SQLException {
        return aggregates.step(c, state, stateBytes, value);
    }

    public byte[] aggregateMerge(Connection c, byte[] a, byte[] b) throws SQLException {
        return aggregates.merge(c, state, a, b);
    }

    public Object aggregateFinish(Connection c, byte[] stateBytes) throws SQLException {
        return aggregates.finish(c, state, stateBytes);
    }

    PgAggregate aggregates() {
        return aggregates;
    }

    // ---- registration ---------------------------------------------------------------------------

    public String register(Connection c, String name, byte[] wasm, String manifest) throws SQLException {
        return forgettingPins(functions.register(c, name, wasm, manifest));
    }

    /** After this backend's own registration: the running statement sees it at its next call. */
    private String forgettingPins(String sha256) {
        state.forgetCheckedVersions();
        return sha256;
    }

    public String register(Connection c, String name, String manifest) throws SQLException {
        return register(c, name, manifest, externalSources);
    }

    /**
     * @param mayReadFiles whether the calling code may read files: decided per call in the server,
     *     since one backend's JVM can run the bridge both as trusted {@code java} and as {@code javaU}
     */
    public String register(Connection c, String name, String manifest, boolean mayReadFiles) throws SQLException {
        return forgettingPins(functions.register(c, name, manifest, mayReadFiles ? ExternalSources.ALLOWED : TRUSTED));
    }

    public boolean unregister(Connection c, String name) throws SQLException {
        return functions.unregister(c, state, name);
    }

    /** {@code wasm_unregister(name, cascade)}: with cascade, the definitions over the plug-in are dropped first. */
    public boolean unregister(Connection c, String name, boolean cascade) throws SQLException {
        return functions.unregister(c, state, name, cascade);
    }

    // ---- calls ----------------------------------------------------------------------------------

    /**
     * Which statement the next calls belong to ({@link PgStatements}): within one, each plug-in's
     * version is read once. Null (the default) reads it on every call.
     */
    public void enterStatement(Object statement) {
        state.enterStatement(statement);
    }

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
        return text(functions.callJson(c, state, function, input));
    }

    public String callJson(Connection c, String plugin, String export, byte[] input) throws SQLException {
        return text(functions.callJson(c, state, plugin, export, input));
    }

    /** {@code wasm_rows} of an older install.sql: one {@code [ordinal, value]} JSON array per element. */
    public Iterator<String> rows(Connection c, String function, byte[] input) throws SQLException {
        return PgJsonRows.arrays(ResultColumns.ROWS, functions.rows(c, state, function, input));
    }

    public Iterator<String> rows(Connection c, String plugin, String export, byte[] input) throws SQLException {
        return PgJsonRows.arrays(ResultColumns.ROWS, functions.rows(c, state, plugin, export, input));
    }

    /**
     * {@code wasm_rows}: one {@code {ordinal, value}} text array per element (value a string or
     * null), which PL/Java hands to SQL as {@code text[]}: no JSON to build or parse per element.
     */
    public Iterator<String[]> rowArrays(Connection c, String function, byte[] input) throws SQLException {
        return pairs(functions.rows(c, state, function, input));
    }

    public Iterator<String[]> rowArrays(Connection c, String plugin, String export, byte[] input) throws SQLException {
        return pairs(functions.rows(c, state, plugin, export, input));
    }

    private static Iterator<String[]> pairs(List<JsonRows.Row> rows) {
        List<String[]> out = new ArrayList<>(rows.size());
        for (JsonRows.Row r : rows) {
            out.add(new String[] {Integer.toString(r.ordinal), r.value});
        }
        return out.iterator();
    }

    /** {@code wasm_cache_stats()}: this backend's counters of registered plug-ins, one JSON object each. */
    public Iterator<String> cacheStats(Connection c) throws SQLException {
        return PgJsonRows.objects(ResultColumns.CACHE_STATS, functions.stats(c, state.cache().stats()));
    }

    /** This backend's counters, unregistered plug-ins included. */
    public Iterator<String> cacheStats() {
        return PgJsonRows.objects(ResultColumns.CACHE_STATS, state.cache().stats());
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

    /** JSON output, already checked to be JSON (so UTF-8) by jdbc-core. */
    private static String text(byte[] json) {
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }
}
