package io.wasmudf.sql;

import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.Manifest;
import io.wasmudf.runtime.ManifestJson;
import io.wasmudf.runtime.WasmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plug-in store: table {@code wasmudf_plugins} in the database itself, written through the
 * caller's connection so registration is part of the caller's transaction, and read through the
 * database's privileged path ({@link StoreReads}).
 */
public final class PluginStore {
    private final Dialect dialect;
    private final CompiledPlugins compiled;
    private final ModuleLoading loading;
    private final StoreReads reads;

    private PluginStore(Builder b) {
        this.dialect = b.dialect;
        this.compiled = b.compiled;
        this.loading = new ModuleLoading(b.allowExternalSources);
        this.reads = b.reads != null ? b.reads : new SqlStoreReads(b.dialect);
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
            for (String sql : dialect.createDefinitionsStore()) {
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

    /** How the functions read the store (a privileged path: callers may not read the table). */
    public StoreReads reads() {
        return reads;
    }

    /**
     * The compiled plug-in of {@code version} of a stored row, from the process-wide cache; on a
     * miss the module is read and its classes loaded from the compiled-code store when it holds them
     * for this build, both through the privileged read path (never written here: only registration
     * writes). Returns null when that version is gone (re-registered meanwhile).
     */
    public CompiledPlugin compiled(Connection c, StoredPlugin row) throws SQLException {
        try {
            return compiled.get(row.name(), row.sha256(), row.settingsJson(), () -> {
                byte[] m = reads.module(c, row.name(), row.version());
                if (m == null) {
                    throw new VersionGone();
                }
                return m;
            }, StoredCode.reader(id -> reads.code(c, id)));
        } catch (VersionGone gone) {
            return null;
        }
    }

    /** The version being loaded was replaced between reading its row and its module. */
    private static final class VersionGone extends SQLException {
        private static final long serialVersionUID = 1L;

        VersionGone() {
            super("version replaced while loading", "40001");
        }
    }

    /** Builds a {@link PluginStore}. */
    public static final class Builder {
        private final Dialect dialect;
        private CompiledPlugins compiled = CompiledPlugins.shared();
        private boolean allowExternalSources = true;
        private StoreReads reads;

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

        /** The read path (default: SQL on the caller's connection, {@link SqlStoreReads}). */
        public Builder reads(StoreReads reads) {
            this.reads = reads;
            return this;
        }

        public PluginStore build() {
            return new PluginStore(this);
        }
    }
}
