package io.wasmudf.sql;

import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.WasmException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The logic behind the SQL functions, shared by H2 and PostgreSQL: each database's glue resolves
 * its connection's {@link ConnectionState} and passes its own {@code Connection}. NULL input gives
 * NULL output (pass '' to call with empty input).
 */
public final class WasmFunctions {
    private final PluginStore store;

    public WasmFunctions(PluginStore store) {
        this.store = store;
    }

    public PluginStore store() {
        return store;
    }

    public String register(Connection c, String name, byte[] wasm, String manifestJson) throws SQLException {
        return store.register(c, name, wasm, manifestJson);
    }

    public String register(Connection c, String name, String manifestJson) throws SQLException {
        return store.register(c, name, manifestJson);
    }

    public boolean unregister(Connection c, String name) throws SQLException {
        return store.unregister(c, PluginName.check(name));
    }

    /** {@code function} is {@code plugin} or {@code plugin.export}. */
    public byte[] call(Connection c, ConnectionState s, String function, byte[] input) throws SQLException {
        String[] pe = PluginName.split(function);
        return call(c, s, pe[0], pe[1], input);
    }

    public byte[] call(Connection c, ConnectionState s, String plugin, String export, byte[] input) throws SQLException {
        if (input == null) {
            return null;
        }
        if (plugin == null || export == null) {
            throw SqlStates.invalid("plug-in and export must not be NULL");
        }
        InstanceCache.Entry e = instance(c, s, plugin);
        if (!e.compiled().functionExists(export)) {
            s.cache().invalidate(plugin);
            throw new SQLException("plug-in '" + plugin + "' has no export '" + export + "'; its exports are "
                    + String.join(", ", callable(e.compiled())), SqlStates.MISSING_EXPORT);
        }
        try {
            return s.cache().call(e, export, input);
        } catch (WasmException ex) {
            throw SqlStates.translate(ex, plugin, export);
        }
    }

    public String callText(Connection c, ConnectionState s, String function, String input) throws SQLException {
        return text(call(c, s, function, bytes(input)));
    }

    public String callText(Connection c, ConnectionState s, String plugin, String export, String input) throws SQLException {
        return text(call(c, s, plugin, export, bytes(input)));
    }

    /** The output, checked to be JSON (its UTF-8 bytes), or null for NULL input. */
    public byte[] callJson(Connection c, ConnectionState s, String plugin, String export, byte[] input) throws SQLException {
        byte[] out = call(c, s, plugin, export, input);
        if (out != null) {
            JsonRows.parse(out, plugin + "." + export);
        }
        return out;
    }

    /** The elements of a JSON-array output; none for NULL input. */
    public List<JsonRows.Row> rows(Connection c, ConnectionState s, String plugin, String export, byte[] input) throws SQLException {
        byte[] out = call(c, s, plugin, export, input);
        return out == null ? List.of() : JsonRows.rows(out, plugin + "." + export);
    }

    public List<StoredPlugin> plugins(Connection c) throws SQLException {
        return store.list(c);
    }

    /**
     * The connection's instance of the plug-in's current version. One indexed read of the version
     * per call, or per statement where the database names its statements ({@link
     * ConnectionState#enterStatement}); the row and module are read only when the version changed or
     * nothing is cached.
     */
    private InstanceCache.Entry instance(Connection c, ConnectionState s, String plugin) throws SQLException {
        Long checked = s.checkedVersion(plugin);
        long version = checked != null ? checked : store.version(s.versionQuery(c), plugin);
        if (version < 0) {
            s.cache().invalidate(plugin);
            throw SqlStates.unknownPlugin(plugin);
        }
        s.markChecked(plugin, version);
        InstanceCache.Entry e = s.cache().lookup(plugin, version);
        if (e != null) {
            return e;
        }
        StoredPlugin row = store.find(c, plugin);
        if (row == null) {
            throw SqlStates.unknownPlugin(plugin);
        }
        CompiledPlugin cp;
        try {
            cp = store.compiled(c, row);
        } catch (WasmException ex) {
            throw SqlStates.translate(ex, plugin, null);
        }
        return s.cache().put(plugin, row.version(), cp);
    }

    private static List<String> callable(CompiledPlugin cp) {
        return cp.exports().stream().filter(cp::functionExists).collect(java.util.stream.Collectors.toList());
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
