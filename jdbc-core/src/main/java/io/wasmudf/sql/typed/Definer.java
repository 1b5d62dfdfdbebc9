package io.wasmudf.sql.typed;

import io.wasmudf.sql.ConnectionState;
import io.wasmudf.sql.Definitions;
import io.wasmudf.sql.SqlStates;
import io.wasmudf.sql.StoredPlugin;
import io.wasmudf.sql.WasmFunctions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wasm_define} and {@code wasm_define_all}: checks the plug-in and export, replaces an
 * earlier definition of the same name (never an object that is not in the registry: 42723), runs
 * the database's DDL and records the row, all on the caller's connection and transaction.
 */
public final class Definer {
    /** duplicate_function */
    public static final String NAME_TAKEN = "42723";
    public static final String KIND = "function";

    private final WasmFunctions functions;
    private final DefinitionDdl ddl;

    public Definer(WasmFunctions functions, DefinitionDdl ddl) {
        this.functions = functions;
        this.ddl = ddl;
    }

    public DefinitionDdl ddl() {
        return ddl;
    }

    public TypedSignature signature(String sqlName, String function, String arguments, String returns) throws SQLException {
        return TypedSignature.parse(sqlName, function, arguments, returns, ddl.defaultSchema(), ddl.folding());
    }

    /** Defines one function; returns its schema-qualified name. */
    public String define(Connection c, String sqlName, String function, String arguments, String returns) throws SQLException {
        return define(c, signature(sqlName, function, arguments, returns));
    }

    public String define(Connection c, TypedSignature sig) throws SQLException {
        requireExport(c, sig.plugin(), sig.export());
        Definitions.Row old = Definitions.find(c, sig.sqlName());
        if (old != null) {
            Definitions.drop(c, old);
        } else if (ddl.routineExists(c, sig.schema(), sig.name())) {
            throw new SQLException("cannot define " + sig.sqlName() + ": a function of that name exists and was not made by "
                    + "wasm_define; drop it or choose another name", NAME_TAKEN);
        }
        try (Statement st = c.createStatement()) {
            for (String sql : ddl.create(sig)) {
                st.execute(sql);
            }
        }
        Definitions.insert(c, sig.sqlName(), KIND, sig.plugin(), sig.specJson(), ddl.drop(sig));
        return sig.sqlName();
    }

    /**
     * Defines every function the plug-in's {@code metadata} export describes
     * ({@link PluginMetadata}), in {@code schema} (null: the default); returns their names.
     */
    public List<String> defineAll(Connection c, ConnectionState s, String plugin, String schema) throws SQLException {
        requireExport(c, plugin, PluginMetadata.EXPORT);
        byte[] out = functions.call(c, s, plugin, PluginMetadata.EXPORT, new byte[0]);
        List<String> names = new ArrayList<>();
        for (PluginMetadata.Function f : PluginMetadata.parse(out, plugin)) {
            String sqlName = schema == null ? f.sqlName : schema + "." + f.sqlName;
            names.add(define(c, signature(sqlName, plugin + "." + f.export, f.arguments, f.returns)));
        }
        return names;
    }

    private void requireExport(Connection c, String plugin, String export) throws SQLException {
        for (StoredPlugin p : functions.plugins(c)) {
            if (p.name().equals(plugin)) {
                if (!p.exports().contains(export)) {
                    throw new SQLException("plug-in '" + plugin + "' has no export '" + export + "'; its exports are "
                            + String.join(", ", p.exports()), SqlStates.MISSING_EXPORT);
                }
                return;
            }
        }
        throw SqlStates.unknownPlugin(plugin);
    }
}
