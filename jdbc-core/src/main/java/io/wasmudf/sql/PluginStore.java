package io.wasmudf.sql;

import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.WasmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plug-in store: table {@code wasmudf_plugins} in the database itself, read and written through
 * the caller's connection so registration is part of the caller's transaction.
 */
public final class PluginStore {
    static final String VERSION_SQL = "SELECT version FROM wasmudf_plugins WHERE name = ?";
    private static final String ROW_SQL =
            "SELECT name, version, sha256, settings, exports, size, registered_at FROM wasmudf_plugins WHERE name = ?";
    private static final String LIST_SQL =
            "SELECT name, version, sha256, settings, exports, size, registered_at FROM wasmudf_plugins ORDER BY name";
    private static final String MODULE_SQL = "SELECT module FROM wasmudf_plugins WHERE name = ? AND version = ?";

    private final Dialect dialect;
    private final CompiledPlugins compiled;
    private final ModuleLoading loading;

    private PluginStore(Builder b) {
        this.dialect = b.dialect;
        this.compiled = b.compiled;
        this.loading = new ModuleLoading(b.allowExternalSources);
    }

    public static Builder builder(Dialect dialect) {
        return new Builder(dialect);
    }

    public Dialect dialect() {
        return dialect;
    }

    public CompiledPlugins compiled() {
        return compiled;
    }

    /** Creates the table and sequence if missing. */
    public void createStore(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : dialect.createStore()) {
                s.execute(sql);
            }
            for (String sql : dialect.createCodeStore()) {
                s.execute(sql);
            }
        }
    }

    /** Registers (or replaces, with a new version) a plug-in from its module bytes; returns its sha256. */
    public String register(Connection c, String name, byte[] wasm, String manifestJson) throws SQLException {
        PluginName.check(name);
        return store(c, name, loading.withBytes(wasm, manifestJson));
    }

    /** Registers a plug-in from a manifest whose single {@code wasm} source gives the module. */
    public String register(Connection c, String name, String manifestJson) throws SQLException {
        PluginName.check(name);
        if (manifestJson == null) {
            throw SqlStates.invalid("the manifest is NULL");
        }
        return store(c, name, loading.fromManifest(manifestJson));
    }

    private String store(Connection c, String name, Manifest m) throws SQLException {
        CompiledPlugin cp;
        try {
            // The registering admin pays the compile and stores the classes beside the module.
            cp = compiled.compile(name, m, StoredCode.writer(c, dialect));
        } catch (WasmException e) {
            // Anything wrong with what is being registered is the caller's argument's fault.
            String state = e.kind() == WasmException.Kind.NOT_ALLOWED ? SqlStates.NOT_PRIVILEGED : SqlStates.INVALID_PARAMETER;
            throw new SQLException("cannot register plug-in '" + name + "': " + e.getMessage(), state, e);
        }
        List<String> exports = cp.exports().stream().filter(cp::functionExists).collect(Collectors.toList());
        byte[] module = m.wasm().get(0).data();
        try (PreparedStatement ps = c.prepareStatement(dialect.upsert())) {
            ps.setString(1, name);
            ps.setString(2, cp.sha256());
            ps.setBytes(3, module);
            ps.setString(4, ManifestJson.settingsToJson(m));
            ps.setString(5, String.join(",", exports));
            ps.setInt(6, module.length);
            ps.executeUpdate();
        }
        deleteUnusedCode(c);
        return cp.sha256();
    }

    /** Removes a plug-in; returns whether it existed. */
    public boolean unregister(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM wasmudf_plugins WHERE name = ?")) {
            ps.setString(1, name);
            boolean existed = ps.executeUpdate() > 0;
            deleteUnusedCode(c);
            return existed;
        }
    }

    private static void deleteUnusedCode(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(StoredCode.DELETE_UNUSED_SQL)) {
            ps.executeUpdate();
        }
    }

    /**
     * The compiled plug-in of a stored row, from the process-wide cache; on a miss the module is
     * read and its classes loaded from the compiled-code store when it holds them for this build
     * (never written here: only registration writes it).
     */
    public CompiledPlugin compiled(Connection c, StoredPlugin row) throws SQLException {
        return compiled.get(row.name(), row.sha256(), row.settingsJson(), () -> {
            byte[] m = module(c, row.name(), row.version());
            if (m == null) {
                throw new SQLException("plug-in '" + row.name() + "' changed while loading; retry", "40001");
            }
            return m;
        }, StoredCode.reader(c, dialect));
    }

    /** The current version of a plug-in, or -1 if none is registered. The per-call hot path. */
    public long version(PreparedStatement versionQuery, String name) throws SQLException {
        versionQuery.setString(1, name);
        try (ResultSet rs = versionQuery.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** A plug-in's row, or null. */
    public StoredPlugin find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ROW_SQL)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    /** Every registered plug-in, by name. */
    public List<StoredPlugin> list(Connection c) throws SQLException {
        List<StoredPlugin> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LIST_SQL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    /** The module bytes of a given version (null if that version is gone). */
    public byte[] module(Connection c, String name, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MODULE_SQL)) {
            ps.setString(1, name);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    private static StoredPlugin row(ResultSet rs) throws SQLException {
        String exports = rs.getString(5);
        return new StoredPlugin(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                exports.isEmpty() ? List.of() : Arrays.asList(exports.split(",")), rs.getInt(6),
                rs.getObject(7, OffsetDateTime.class));
    }

    /** Builds a {@link PluginStore}. */
    public static final class Builder {
        private final Dialect dialect;
        private CompiledPlugins compiled = CompiledPlugins.shared();
        private boolean allowExternalSources = true;

        private Builder(Dialect dialect) {
            this.dialect = dialect;
        }

        public Builder compiled(CompiledPlugins compiled) {
            this.compiled = compiled;
            return this;
        }

        /** Whether manifests may name a path or URL (false in PL/Java's trusted language). */
        public Builder allowExternalSources(boolean allow) {
            this.allowExternalSources = allow;
            return this;
        }

        public PluginStore build() {
            return new PluginStore(this);
        }
    }
}
