package io.wasmudf.h2;

import io.wasmudf.sql.CacheStat;
import io.wasmudf.sql.ConnectionState;
import io.wasmudf.sql.Dialect;
import io.wasmudf.sql.JsonRows;
import io.wasmudf.sql.PluginName;
import io.wasmudf.sql.PluginStore;
import io.wasmudf.sql.SqlStates;
import io.wasmudf.sql.StoredPlugin;
import io.wasmudf.sql.WasmFunctions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.tools.SimpleResultSet;
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
    static final WasmFunctions FUNCTIONS =
            new WasmFunctions(PluginStore.builder(Dialect.H2).reads(new H2StoreReads()).build());

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

    /** Frees every session's instances (for an application closing its embedded database). */
    public static void closeCaches() {
        H2Sessions.CACHES.closeAll();
    }

    // ---- registration ---------------------------------------------------------------------------

    /** {@code wasm_register(name, wasm VARBINARY)} or {@code wasm_register(name, manifest)}. */
    public static String wasmRegister(Connection c, String name, Value wasmOrManifest) throws SQLException {
        requireAdmin(c);
        H2Sessions.state(c).forgetCheckedVersions();
        if (isNull(wasmOrManifest)) {
            throw SqlStates.invalid("wasm_register needs the module's bytes or a manifest, not NULL");
        }
        if (isBinary(wasmOrManifest)) {
            return FUNCTIONS.register(c, name, wasmOrManifest.getBytesNoCopy(), null);
        }
        return FUNCTIONS.register(c, name, wasmOrManifest.getString());
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

    // ---- calls ----------------------------------------------------------------------------------

    /** {@code wasm_call(function, input)}: {@code function} is {@code plugin} or {@code plugin.export}. */
    public static Value wasmCall(Connection c, String function, Value input) throws SQLException {
        String[] pe = PluginName.split(function);
        return wasmCall(c, pe[0], pe[1], input);
    }

    /** {@code wasm_call(plugin, export, input)}. */
    public static Value wasmCall(Connection c, String plugin, String export, Value input) throws SQLException {
        if (isNull(input)) {
            return ValueNull.INSTANCE;
        }
        byte[] out = FUNCTIONS.call(c, H2Sessions.state(c), plugin, export, inputBytes(input));
        return isBinary(input) ? ValueVarbinary.getNoCopy(out) : ValueVarchar.get(new String(out, StandardCharsets.UTF_8));
    }

    /** {@code wasm_call_json(function, input)}: the output as H2 JSON (an error if it is not JSON). */
    public static Value wasmCallJson(Connection c, String function, Value input) throws SQLException {
        String[] pe = PluginName.split(function);
        return wasmCallJson(c, pe[0], pe[1], input);
    }

    public static Value wasmCallJson(Connection c, String plugin, String export, Value input) throws SQLException {
        if (isNull(input)) {
            return ValueNull.INSTANCE;
        }
        return ValueJson.fromJson(FUNCTIONS.callJson(c, H2Sessions.state(c), plugin, export, inputBytes(input)));
    }

    /** {@code wasm_rows(function, input)}: one row (ORDINAL, VALUE) per element of a JSON-array output. */
    public static ResultSet wasmRows(Connection c, String function, Value input) throws SQLException {
        if (isColumnList(c)) {
            return rowsResult();
        }
        String[] pe = PluginName.split(function);
        return wasmRows(c, pe[0], pe[1], input);
    }

    public static ResultSet wasmRows(Connection c, String plugin, String export, Value input) throws SQLException {
        SimpleResultSet rs = rowsResult();
        // The column list comes from this declaration, never from running the plug-in.
        if (isColumnList(c) || isNull(input)) {
            return rs;
        }
        for (JsonRows.Row r : FUNCTIONS.rows(c, H2Sessions.state(c), plugin, export, inputBytes(input))) {
            rs.addRow(r.ordinal, r.value);
        }
        return rs;
    }

    // ---- listings -------------------------------------------------------------------------------

    /** {@code wasm_plugins()}: NAME, SHA256, SIZE, EXPORTS, VERSION, REGISTERED_AT. */
    public static ResultSet wasmPlugins(Connection c) throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        rs.addColumn("NAME", Types.VARCHAR, 128, 0);
        rs.addColumn("SHA256", Types.VARCHAR, 64, 0);
        rs.addColumn("SIZE", Types.INTEGER, 10, 0);
        rs.addColumn("EXPORTS", Types.VARCHAR, 8000, 0);
        rs.addColumn("VERSION", Types.BIGINT, 19, 0);
        rs.addColumn("REGISTERED_AT", Types.TIMESTAMP_WITH_TIMEZONE, 35, 9);
        if (isColumnList(c)) {
            return rs;
        }
        for (StoredPlugin p : FUNCTIONS.plugins(c)) {
            rs.addRow(p.name(), p.sha256(), p.size(), String.join(",", p.exports()), p.version(), p.registeredAt());
        }
        return rs;
    }

    /**
     * {@code wasm_cache_stats()}: per live session and plug-in: CONNECTION, PLUGIN, VERSION (of the warm
     * instance, NULL if none), INSTANCES, CALLS, ERRORS, HITS, MISSES, EVICTIONS, WASM_MS, MEMORY_BYTES.
     */
    public static ResultSet wasmCacheStats(Connection c) throws SQLException {
        SimpleResultSet rs = new SimpleResultSet();
        rs.addColumn("CONNECTION", Types.VARCHAR, 64, 0);
        rs.addColumn("PLUGIN", Types.VARCHAR, 128, 0);
        rs.addColumn("VERSION", Types.BIGINT, 19, 0);
        for (String n : new String[] {"INSTANCES", "CALLS", "ERRORS", "HITS", "MISSES", "EVICTIONS"}) {
            rs.addColumn(n, Types.BIGINT, 19, 0);
        }
        rs.addColumn("WASM_MS", Types.DOUBLE, 17, 0);
        rs.addColumn("MEMORY_BYTES", Types.BIGINT, 19, 0);
        if (isColumnList(c)) {
            return rs;
        }
        for (CacheStat s : FUNCTIONS.stats(c, H2Sessions.CACHES.stats())) {
            rs.addRow(s.connection, s.plugin, s.version, s.instances, s.calls, s.errors, s.hits, s.misses, s.evictions,
                    s.wasmNanos / 1e6, s.memoryBytes);
        }
        return rs;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static SimpleResultSet rowsResult() {
        SimpleResultSet rs = new SimpleResultSet();
        rs.addColumn("ORDINAL", Types.INTEGER, 10, 0);
        rs.addColumn("VALUE", Types.VARCHAR, Integer.MAX_VALUE, 0);
        return rs;
    }

    static boolean isColumnList(Connection c) throws SQLException {
        return COLUMN_LIST_URL.equals(c.getMetaData().getURL());
    }

    private static boolean isNull(Value v) {
        return v == null || v == ValueNull.INSTANCE;
    }

    private static boolean isBinary(Value v) {
        int t = v.getValueType();
        return t == Value.VARBINARY || t == Value.BINARY || t == Value.BLOB;
    }

    private static byte[] inputBytes(Value v) {
        return isBinary(v) ? v.getBytesNoCopy() : v.getString().getBytes(StandardCharsets.UTF_8);
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
        try (InputStream in = WasmUdf.class.getResourceAsStream(resource)) {
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
