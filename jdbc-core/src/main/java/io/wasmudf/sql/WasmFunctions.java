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

    /** The same, with this call's rule for path and URL sources (see {@link ExternalSources}). */
    public String register(Connection c, String name, String manifestJson, ExternalSources external) throws SQLException {
        return store.register(c, name, manifestJson, external);
    }

    /** Removes a plug-in; refused (2BP01) while SQL objects are defined over it ({@link Definitions}). */
    public boolean unregister(Connection c, ConnectionState s, String name) throws SQLException {
        return unregister(c, s, name, false);
    }

    /**
     * Removes a plug-in; with {@code cascade} the SQL objects defined over it first. The caller's
     * own cache forgets it at once (others at their next call).
     */
    public boolean unregister(Connection c, ConnectionState s, String name, boolean cascade) throws SQLException {
        Definitions.beforeUnregister(c, PluginName.check(name), cascade);
        boolean existed = store.unregister(c, PluginName.check(name));
        s.forgetCheckedVersions();
        s.cache().forget(name);
        return existed;
    }

    /** {@code function} is {@code plugin} or {@code plugin.export}. */
    public byte[] call(Connection c, ConnectionState s, String function, byte[] input) throws SQLException {
        String[] pe = s.split(function);
        return call(c, s, pe[0], pe[1], input);
    }

    public byte[] call(Connection c, ConnectionState s, String plugin, String export, byte[] input) throws SQLException {
        if (input == null) {
            return null;
        }
        if (plugin == null || export == null) {
            throw SqlStates.invalid("plug-in and export must not be NULL");
        }
        long[] remaining = new long[1];
        InstanceCache.Entry e = instance(c, s, plugin, remaining);
        if (!e.compiled().hasExport(export)) {
            // A wrong name is the caller's mistake, not the instance's: it stays warm, vars and all.
            // (An export of the wrong type is the runtime's to report, naming the type.)
            throw new SQLException("plug-in '" + plugin + "' has no export '" + export + "'; its exports are "
                    + String.join(", ", e.compiled().exports()), SqlStates.MISSING_EXPORT);
        }
        long statementLeft = remaining[0] != StoreReads.VersionRead.UNKNOWN ? remaining[0] : s.watch().remainingMs();
        long limit = s.limits().forCall(e.compiled().manifest().timeoutMs(), statementLeft);
        try (StatementWatch.Watching w = s.watch().watch(e::cancel)) {
            return s.cache().call(e, export, input, limit);
        } catch (WasmException ex) {
            if (ex.kind() == WasmException.Kind.TIMEOUT) {
                SQLException db = s.watch().cancellation("plug-in '" + plugin + "', export '" + export + "'");
                if (db != null) {
                    throw db;
                }
            }
            throw SqlStates.translate(ex, plugin, export);
        }
    }

    /** Text in, text out: the output must be UTF-8 ({@link TextOutput}: 22021 if it is not). */
    public String callText(Connection c, ConnectionState s, String function, String input) throws SQLException {
        String[] pe = s.split(function);
        return callText(c, s, pe[0], pe[1], input);
    }

    public String callText(Connection c, ConnectionState s, String plugin, String export, String input) throws SQLException {
        return TextOutput.decode(call(c, s, plugin, export, bytes(input)), plugin, export);
    }

    public byte[] callJson(Connection c, ConnectionState s, String function, byte[] input) throws SQLException {
        String[] pe = s.split(function);
        return callJson(c, s, pe[0], pe[1], input);
    }

    /** The output, checked to be JSON (its UTF-8 bytes), or null for NULL input. */
    public byte[] callJson(Connection c, ConnectionState s, String plugin, String export, byte[] input) throws SQLException {
        byte[] out = call(c, s, plugin, export, input);
        if (out != null) {
            JsonRows.parse(out, plugin + "." + export);
        }
        return out;
    }

    public List<JsonRows.Row> rows(Connection c, ConnectionState s, String function, byte[] input) throws SQLException {
        String[] pe = PluginName.split(function);
        return rows(c, s, pe[0], pe[1], input);
    }

    /** The elements of a JSON-array output; none for NULL input. */
    public List<JsonRows.Row> rows(Connection c, ConnectionState s, String plugin, String export, byte[] input) throws SQLException {
        byte[] out = call(c, s, plugin, export, input);
        return out == null ? List.of() : JsonRows.rows(out, plugin + "." + export);
    }

    public List<StoredPlugin> plugins(Connection c) throws SQLException {
        return store.reads().list(c);
    }

    /** Cache counters of plug-ins that are still registered (an unregistered one is not listed). */
    public List<CacheStat> stats(Connection c, List<CacheStat> raw) throws SQLException {
        java.util.Set<String> registered = new java.util.HashSet<>();
        for (StoredPlugin p : plugins(c)) {
            registered.add(p.name());
        }
        List<CacheStat> out = new java.util.ArrayList<>();
        for (CacheStat st : raw) {
            if (registered.contains(st.plugin)) {
                out.add(st);
            }
        }
        return out;
    }

    /**
     * The connection's instance of the plug-in's version for this statement: read once per
     * statement where the database names its statements ({@link ConnectionState#enterStatement}),
     * else once per call, and pinned. The row and module are read, by exactly that version, only
     * when nothing warm is cached. The version, row and module are separate reads: if a
     * re-registration commits between them, the statement's first call of the plug-in reads again;
     * once a statement has pinned a version it never moves, and fails (40001, retry) if that
     * version must be loaded again after it was replaced. {@code remaining[0]} gets the
     * statement's time left where the version read tells it.
     */
    private InstanceCache.Entry instance(Connection c, ConnectionState s, String plugin, long[] remaining)
            throws SQLException {
        Long pinned = s.pinnedVersion(plugin, remaining);
        long version = pinned != null ? pinned : currentVersion(c, s, plugin, remaining);
        for (int attempt = 1; ; attempt++) {
            InstanceCache.Entry e = s.cache().lookup(plugin, version);
            if (e == null) {
                e = load(c, s, plugin, version);
            }
            if (e != null) {
                if (pinned == null) {
                    s.pin(plugin, version);
                }
                return e;
            }
            if (pinned != null || attempt == 3) {
                throw new SQLException("plug-in '" + plugin + "' was replaced while this statement ran and the version "
                        + "the statement uses is no longer stored; retry the statement", "40001");
            }
            version = currentVersion(c, s, plugin, remaining);
        }
    }

    private long currentVersion(Connection c, ConnectionState s, String plugin, long[] remaining) throws SQLException {
        StoreReads.VersionRead read = store.reads().version(c, s, plugin);
        if (read.version < 0) {
            s.cache().invalidate(plugin);
            throw SqlStates.unknownPlugin(plugin);
        }
        remaining[0] = read.statementRemainingMs;
        s.noteStatementRemaining(read.statementRemainingMs);
        return read.version;
    }

    /** A new instance of exactly {@code version}, or null if that version is no longer stored. */
    private InstanceCache.Entry load(Connection c, ConnectionState s, String plugin, long version) throws SQLException {
        StoredPlugin row = store.reads().find(c, plugin, version);
        if (row == null) {
            return null;
        }
        CompiledPlugin cp;
        try {
            cp = store.compiled(c, row);
        } catch (WasmException ex) {
            throw SqlStates.translate(ex, plugin, null);
        }
        if (cp == null) {
            return null;   // replaced between reading its row and its module
        }
        return s.cache().put(plugin, version, cp);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
