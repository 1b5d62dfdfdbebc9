package io.wasmudf.pljava;

import io.wasmudf.sql.AggregateCalls;
import io.wasmudf.sql.AggregateDefinitions;
import io.wasmudf.sql.AggregateSpec;
import io.wasmudf.sql.AggregateStateBytes;
import io.wasmudf.sql.ConnectionState;
import io.wasmudf.sql.Dialect;
import io.wasmudf.sql.WasmFunctions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The support functions of every aggregate {@code wasm_define_aggregate} creates in PostgreSQL,
 * below the PL/Java boundary. PostgreSQL keeps the transition state, a {@code bytea} laid out by
 * {@link AggregateStateBytes}: its header (the aggregate's {@code INITCOND}) names the aggregate, so
 * one SFUNC, one COMBINEFUNC and one FINALFUNC per result type serve all of them.
 * <ul>
 * <li>{@link #step} (SFUNC, strict: with a non-NULL INITCOND PostgreSQL skips NULL values and keeps
 * the state): the first value runs {@code init}. Values wait framed in the state until they reach {@code pendingBytes}, then one
 * {@code step} call takes them all (0: a step per row).</li>
 * <li>{@link #merge} (COMBINEFUNC, strict): a state that saw no value yields to the other.</li>
 * <li>{@link #finish} (FINALFUNC): NULL for a group without values, as sum() and string_agg() give.</li>
 * </ul>
 * The state is never changed in place: PostgreSQL may call the final function more than once.
 */
public final class PgAggregate {
    private final AggregateCalls calls;
    private final AggregateDefinitions definitions;
    private final int pendingBytes;
    private final Map<String, AggregateSpec> specs = new HashMap<>();

    /**
     * @param supportSchema where install.sql put the {@code wasm_agg_*} functions ({@code wasmudf})
     * @param pendingBytes framed values kept in the state before a step (0: step every row)
     */
    public PgAggregate(WasmFunctions functions, String supportSchema, int pendingBytes) {
        this.calls = new AggregateCalls(functions);
        this.definitions = new AggregateDefinitions(functions, Dialect.POSTGRES, supportSchema);
        this.pendingBytes = pendingBytes;
    }

    public String define(Connection c, String sqlName, String plugin, String valueType, String returns, String exports)
            throws SQLException {
        return definitions.define(c, sqlName, plugin, valueType, returns, exports).sqlName();
    }

    public AggregateDefinitions definitions() {
        return definitions;
    }

    public byte[] step(Connection c, ConnectionState s, byte[] state, Object value) throws SQLException {
        if (state == null || value == null) {
            return state;
        }
        AggregateStateBytes st = AggregateStateBytes.read(state);
        AggregateSpec spec = spec(st);
        byte[] v = spec.valueType().encode(value);
        if (!st.initialized()) {
            st = AggregateStateBytes.read(st.withPluginState(calls.init(c, s, spec)));
        }
        if (st.pendingBytes() + 4 + v.length <= pendingBytes) {
            return st.withPending(v);
        }
        return st.withPluginState(calls.step(c, s, spec, st.stepInputWith(v)));
    }

    public byte[] merge(Connection c, ConnectionState s, byte[] a, byte[] b) throws SQLException {
        AggregateStateBytes sa = AggregateStateBytes.read(a);
        AggregateStateBytes sb = AggregateStateBytes.read(b);
        if (!sa.specJson().equals(sb.specJson())) {
            throw new SQLException("cannot combine the states of two different aggregates", "22023");
        }
        if (!sb.initialized()) {
            return a;
        }
        if (!sa.initialized()) {
            return b;
        }
        AggregateSpec spec = spec(sa);
        return sa.withPluginState(calls.merge(c, s, spec, stepped(c, s, spec, sa), stepped(c, s, spec, sb)));
    }

    /** The result as the aggregate's return type (String, byte[], Integer, Long, Double), or null. */
    public Object finish(Connection c, ConnectionState s, byte[] state) throws SQLException {
        if (state == null) {
            return null;
        }
        AggregateStateBytes st = AggregateStateBytes.read(state);
        if (!st.initialized()) {
            return null;
        }
        AggregateSpec spec = spec(st);
        return calls.finish(c, s, spec, stepped(c, s, spec, st));
    }

    /** The plug-in's state with the waiting values stepped in. */
    private byte[] stepped(Connection c, ConnectionState s, AggregateSpec spec, AggregateStateBytes st)
            throws SQLException {
        return st.pendingBytes() == 0 ? st.pluginState() : calls.step(c, s, spec, st.stepInput());
    }

    private AggregateSpec spec(AggregateStateBytes st) throws SQLException {
        AggregateSpec spec = specs.get(st.specJson());
        if (spec == null) {
            if (specs.size() > 256) {
                specs.clear();
            }
            spec = AggregateSpec.fromJson(st.specJson());
            specs.put(st.specJson(), spec);
        }
        return spec;
    }
}
