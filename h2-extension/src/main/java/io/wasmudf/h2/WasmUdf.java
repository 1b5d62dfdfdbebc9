package io.wasmudf.h2;

import io.wasmudf.runtime.CodeCache;
import io.wasmudf.sql.AggregateDefinitions;
import io.wasmudf.sql.ConnectionState;
import io.wasmudf.sql.Dialect;
import io.wasmudf.sql.PluginStore;
import io.wasmudf.sql.ResultColumns;
import io.wasmudf.sql.SqlStates;
import io.wasmudf.sql.WasmFunctions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.value.Value;
import org.h2.value.ValueJson;
import org.h2.value.ValueNull;
import org.h2.value.ValueVarbinary;
import org.h2.value.ValueVarchar;

/**
 * The wasm_* functions of H2, created by {@code sql/h2/install.sql} ({@link #install}). Where one SQL
 * name takes text or bytes in the same position, the parameter is an H2 {@code Value} so the
 * argument's own type decides (VARCHAR in, VARCHAR out; VARBINARY in, VARBINARY out).
 */
public final class WasmUdf {
    static final String INSTALL_SCRIPT = "/io/wasmudf/sql/h2/install.sql";
    static final String UNINSTALL_SCRIPT = "/io/wasmudf/sql/h2/uninstall.sql";
    private static final String COLUMN_LIST_URL = "jdbc:columnlist:connection";
    private static volatile CodeCache localCode;
    static final WasmFunctions FUNCTIONS = new WasmFunctions(
            PluginStore.builder(Dialect.H2).reads(new H2StoreReads()).localCode(() -> localCode).build());
    private static final AggregateDefinitions AGGREGATES = new AggregateDefinitions(FUNCTIONS, Dialect.H2, null);

    static {
        AggregateClasses.register();
    }

    static {
        // Before any defined function's alias is loaded (H2 loads these aliases first on open).
        DefinedClasses.register();
    }

    private WasmUdf() {
    }

    /** Installs the store and the functions into the database of {@code c} (needs an admin). */
    public static void install(Connection c) throws SQLException {
        runScript(c, INSTALL_SCRIPT);
    }

    /** Drops the defined functions, the functions and the store (the registered plug-ins with it). */
    public static void uninstall(Connection c) throws SQLException {
        requireAdmin(c, "uninstall");
        io.wasmudf.sql.Definitions.dropAll(c);
        runScript(c, UNINSTALL_SCRIPT);
    }

    /**
     * Lets {@code wasm_register} in this process load compiled classes from {@code cache} (a
     * directory the process's user owns) when the database holds none, and store what it compiles
     * there too; null: none (the default). For embedded use by one user, as the command line's
     * demo does: loaded classes run as JVM code, so only a cache this process trusts will do.
     */
    public static void useLocalCodeCache(CodeCache cache) {
        localCode = cache;
    }

    /** Frees every session's instances (for an application closing its embedded database). */
    public static void closeCaches() {
        H2Sessions.CACHES.closeAll();
    }

    // ---- registration ---------------------------------------------------------------------------

    /** {@code wasm_register(name, wasm VARBINARY)} or {@code wasm_register(name, manifest)}. */
    public static String wasmRegister(Connection c, String name, Value wasmOrManifest) throws SQLException {
        requireAdmin(c);
        H2Sessions.state(c).forgetCheckedVersions();
        if (isBinary(wasmOrManifest)) {
            return FUNCTIONS.register(c, name, wasmOrManifest.getBytesNoCopy(), null);
        }
        return FUNCTIONS.register(c, name, string(wasmOrManifest));
    }

    /** {@code wasm_register(name, wasm VARBINARY, manifest)}: the manifest without its {@code wasm} field. */
    public static String wasmRegister(Connection c, String name, byte[] wasm, String manifest) throws SQLException {
        requireAdmin(c);
        H2Sessions.state(c).forgetCheckedVersions();
        return FUNCTIONS.register(c, name, wasm, manifest);
    }

    /** Refused (2BP01) while functions or aggregates are defined over the plug-in. */
    public static Boolean wasmUnregister(Connection c, String name) throws SQLException {
        return wasmUnregister(c, name, false);
    }

    /** {@code wasm_unregister(name, true)}: drops the SQL objects defined over the plug-in first. */
    public static Boolean wasmUnregister(Connection c, String name, boolean cascade) throws SQLException {
        requireAdmin(c);
        return FUNCTIONS.unregister(c, H2Sessions.state(c), name, cascade);
    }

    // ---- aggregates (WasmAggregate) ---------------------------------------------------------------

    /** {@code wasm_define_aggregate(sql_name, plugin, value_type, returns [, exports])}: the name created. */
    public static String wasmDefineAggregate(Connection c, String sqlName, String plugin, String valueType,
            String returns) throws SQLException {
        return wasmDefineAggregate(c, sqlName, plugin, valueType, returns, null);
    }

    public static String wasmDefineAggregate(Connection c, String sqlName, String plugin, String valueType,
            String returns, String exports) throws SQLException {
        requireAdmin(c);
        return AGGREGATES.define(c, sqlName, plugin, valueType, returns, exports).sqlName();
    }

    static WasmFunctions functions() {
        return FUNCTIONS;
    }

    // ---- calls ----------------------------------------------------------------------------------

    /** {@code wasm_call(function, input)}: {@code function} is {@code plugin} or {@code plugin.export}. */
    public static Value wasmCall(Connection c, String function, Value input) throws SQLException {
        ConnectionState s = H2Sessions.state(c);
        return isBinary(input) ? ValueVarbinary.getNoCopy(FUNCTIONS.call(c, s, function, input.getBytesNoCopy()))
                : text(FUNCTIONS.callText(c, s, function, string(input)));
    }

    /** {@code wasm_call(plugin, export, input)}. */
    public static Value wasmCall(Connection c, String plugin, String export, Value input) throws SQLException {
        ConnectionState s = H2Sessions.state(c);
        return isBinary(input) ? ValueVarbinary.getNoCopy(FUNCTIONS.call(c, s, plugin, export, input.getBytesNoCopy()))
                : text(FUNCTIONS.callText(c, s, plugin, export, string(input)));
    }

    /** {@code wasm_call_json(function, input)}: the output as H2 JSON (an error if it is not JSON). */
    public static Value wasmCallJson(Connection c, String function, Value input) throws SQLException {
        return json(FUNCTIONS.callJson(c, H2Sessions.state(c), function, inputBytes(input)));
    }

    public static Value wasmCallJson(Connection c, String plugin, String export, Value input) throws SQLException {
        return json(FUNCTIONS.callJson(c, H2Sessions.state(c), plugin, export, inputBytes(input)));
    }

    /** {@code wasm_rows(function, input)}: one row (ORDINAL, VALUE) per element of a JSON-array output. */
    public static ResultSet wasmRows(Connection c, String function, Value input) throws SQLException {
        // The column list comes from this declaration, never from running the plug-in.
        return H2Tables.of(ResultColumns.ROWS,
                isColumnList(c) ? List.of() : FUNCTIONS.rows(c, H2Sessions.state(c), function, inputBytes(input)));
    }

    public static ResultSet wasmRows(Connection c, String plugin, String export, Value input) throws SQLException {
        return H2Tables.of(ResultColumns.ROWS,
                isColumnList(c) ? List.of() : FUNCTIONS.rows(c, H2Sessions.state(c), plugin, export, inputBytes(input)));
    }

    // ---- listings -------------------------------------------------------------------------------

    /** {@code wasm_plugins()}: NAME, SHA256, SIZE, EXPORTS, VERSION, REGISTERED_AT. */
    public static ResultSet wasmPlugins(Connection c) throws SQLException {
        return H2Tables.of(ResultColumns.PLUGINS, isColumnList(c) ? List.of() : FUNCTIONS.plugins(c));
    }

    /**
     * {@code wasm_cache_stats()}: per live session and plug-in: CONNECTION, PLUGIN, VERSION (of the warm
     * instance, NULL if none), INSTANCES, CALLS, ERRORS, HITS, MISSES, EVICTIONS, WASM_MS, MEMORY_BYTES.
     */
    public static ResultSet wasmCacheStats(Connection c) throws SQLException {
        return H2Tables.of(ResultColumns.CACHE_STATS,
                isColumnList(c) ? List.of() : FUNCTIONS.stats(c, H2Sessions.CACHES.stats()));
    }

    // ---- helpers --------------------------------------------------------------------------------

    static boolean isColumnList(Connection c) throws SQLException {
        return COLUMN_LIST_URL.equals(c.getMetaData().getURL());
    }

    private static boolean isNull(Value v) {
        return v == null || v == ValueNull.INSTANCE;
    }

    private static boolean isBinary(Value v) {
        int t = v == null ? Value.NULL : v.getValueType();
        return t == Value.VARBINARY || t == Value.BINARY || t == Value.BLOB;
    }

    /** The argument's bytes (UTF-8 for text), or null for NULL: jdbc-core answers NULL with NULL. */
    private static byte[] inputBytes(Value v) {
        return isBinary(v) ? v.getBytesNoCopy() : isNull(v) ? null : v.getString().getBytes(StandardCharsets.UTF_8);
    }

    private static String string(Value v) {
        return isNull(v) ? null : v.getString();
    }

    private static Value text(String out) {
        return out == null ? ValueNull.INSTANCE : ValueVarchar.get(out);
    }

    private static Value json(byte[] out) {
        return out == null ? ValueNull.INSTANCE : ValueJson.fromJson(out);
    }

    /**
     * H2 has no EXECUTE privilege, so registration checks the caller itself (from its session, not
     * with a nested query, which would end H2's record of the running statement).
     */
    private static void requireAdmin(Connection c) throws SQLException {
        requireAdmin(c, "register or unregister");
    }

    static void requireAdmin(Connection c, String what) throws SQLException {
        Session s = H2Sessions.session(c);
        boolean admin = s instanceof SessionLocal && ((SessionLocal) s).getUser().isAdmin();
        if (!admin) {
            throw new SQLException("only an admin may " + what + " Wasm plug-ins (user "
                    + c.getMetaData().getUserName() + " is not)", SqlStates.NOT_PRIVILEGED);
        }
    }

    private static void runScript(Connection c, String resource) throws SQLException {
        String script;
        // Through the class loader: the scripts live in the wasmudf-sql jar, and a class of a named
        // module would look for them in its own module only.
        try (InputStream in = WasmUdf.class.getClassLoader().getResourceAsStream(resource.substring(1))) {
            if (in == null) {
                throw new SQLException("missing resource " + resource + " (is wasmudf-sql on the classpath?)", "58000");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read " + resource + ": " + e, "58000", e);
        }
        try (Statement s = c.createStatement()) {
            // The scripts hold no ';' inside literals, so splitting on it is enough.
            for (String sql : script.replaceAll("(?m)^\\s*--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
        }
    }
}
