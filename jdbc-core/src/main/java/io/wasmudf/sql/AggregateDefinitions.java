package io.wasmudf.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wasm_define_aggregate}: checks the plug-in and its exports, replaces an aggregate of ours
 * of the same name (never another object), creates the database's own aggregate and records it
 * in {@code wasmudf_definitions} (kind 'aggregate', with the statement that drops it). The
 * DDL differs per database: H2 names a class generated for the spec ({@link #H2_CLASS_PREFIX}),
 * PostgreSQL names the shared support functions and carries the spec in its initial state.
 */
public final class AggregateDefinitions {
    /** H2 aggregates are created FOR this prefix and the spec JSON; the H2 glue's class factory answers. */
    public static final String H2_CLASS_PREFIX = "wasmudf.aggregate:";

    private final WasmFunctions functions;
    private final Dialect dialect;
    private final String supportSchema;

    /** @param supportSchema PostgreSQL: the schema of the {@code wasm_agg_*} support functions ({@code wasmudf}) */
    public AggregateDefinitions(WasmFunctions functions, Dialect dialect, String supportSchema) {
        this.functions = functions;
        this.dialect = dialect;
        this.supportSchema = supportSchema;
    }

    /** Defines (or redefines) the aggregate and returns its spec. The caller checked it is an admin. */
    public AggregateSpec define(Connection c, String sqlName, String plugin, String valueType, String returns,
            String exportsJson) throws SQLException {
        AggregateSpec spec = checkExports(c, AggregateSpec.define(dialect, sqlName, plugin, valueType, returns,
                exportsJson));
        dropOurs(c, spec);
        try (Statement st = c.createStatement()) {
            for (String sql : createSql(spec)) {
                st.execute(sql);
            }
        }
        Definitions.insert(c, spec.sqlName(), "aggregate", spec.plugin(), spec.toJson(), dropSql(spec));
        return spec;
    }

    /** The statements that create the aggregate (and, in PostgreSQL, its privileges). */
    public List<String> createSql(AggregateSpec spec) {
        List<String> out = new ArrayList<>();
        if (dialect == Dialect.H2) {
            out.add("CREATE AGGREGATE " + spec.quotedName() + " FOR '" + H2_CLASS_PREFIX + spec.toJson() + "'");
            return out;
        }
        String on = spec.quotedName() + "(" + spec.valueType().pgName() + ")";
        String f = supportSchema + ".";
        out.add("CREATE AGGREGATE " + on + " (SFUNC = " + f + "wasm_agg_step, STYPE = bytea, INITCOND = E'\\\\x"
                + hex(AggregateStateBytes.initial(spec)) + "', FINALFUNC = " + f + "wasm_agg_finish_"
                + spec.returnType().pgSuffix()
                + (spec.mergeExport() != null ? ", COMBINEFUNC = " + f + "wasm_agg_merge" : "") + ", PARALLEL = UNSAFE)");
        out.add("REVOKE ALL ON FUNCTION " + on + " FROM PUBLIC");
        out.add("GRANT EXECUTE ON FUNCTION " + on + " TO wasmudf_user");
        return out;
    }

    /** The registry's {@code drop_sql}: removes the aggregate (it has no other objects of its own). */
    public String dropSql(AggregateSpec spec) {
        return dialect == Dialect.H2 ? "DROP AGGREGATE IF EXISTS " + spec.quotedName()
                : "DROP AGGREGATE IF EXISTS " + spec.quotedName() + "(" + spec.valueType().pgName() + ")";
    }

    /** The plug-in must be registered and export init, step and finish; a default merge it lacks is dropped. */
    private AggregateSpec checkExports(Connection c, AggregateSpec spec) throws SQLException {
        StoredPlugin p = null;
        for (StoredPlugin sp : functions.plugins(c)) {
            if (sp.name().equals(spec.plugin())) {
                p = sp;
            }
        }
        if (p == null) {
            throw SqlStates.unknownPlugin(spec.plugin());
        }
        List<String> exports = p.exports();
        if (spec.mergeExport() != null && !exports.contains(spec.mergeExport()) && !spec.mergeNamed()) {
            spec = spec.withoutMerge();
        }
        for (String e : new String[] {spec.initExport(), spec.stepExport(), spec.mergeExport(), spec.finishExport()}) {
            if (e != null && !exports.contains(e)) {
                throw new SQLException("wasm_define_aggregate " + spec.signature() + ": plug-in '" + spec.plugin()
                        + "' has no export '" + e + "'; its exports are " + String.join(", ", exports),
                        SqlStates.MISSING_EXPORT);
            }
        }
        return spec;
    }

    /** Drops an earlier definition of ours under this name; refuses an object that is not ours. */
    private void dropOurs(Connection c, AggregateSpec spec) throws SQLException {
        Definitions.Row old = Definitions.find(c, spec.sqlName());
        if (old != null) {
            Definitions.drop(c, old);
        } else if (Definitions.routineExists(c, dialect, spec.schema(), spec.name())) {
            throw new SQLException("wasm_define_aggregate: " + spec.sqlName() + " already exists and was not "
                    + "defined by wasm_define_aggregate or wasm_define; drop it or choose another name", "42723");
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
