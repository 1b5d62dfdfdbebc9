package io.wasmudf.h2;

import io.wasmudf.sql.AggregateCalls;
import io.wasmudf.sql.AggregateFraming;
import io.wasmudf.sql.AggregateSpec;
import io.wasmudf.sql.AggregateType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.api.Aggregate;
import org.h2.value.Value;
import org.h2.value.ValueJson;

/**
 * One group of an aggregate defined by {@code wasm_define_aggregate}, as H2 runs it: a new instance
 * per group ({@code init} with the session's connection, {@code add} per row, {@code getResult},
 * which may come more than once). Each aggregate is a generated subclass ({@link AggregateClasses})
 * passing its spec. NULL values are skipped; a group with none gives NULL, as SQL's own aggregates
 * do. The state lives here between rows; values are framed and stepped in batches: a step runs once
 * the waiting values reach 64 KiB or the state's own size, whichever is more, so a growing state
 * (a concatenation) is copied into the plug-in a logarithmic number of times, not once per row.
 */
public class WasmAggregate implements Aggregate {
    /** {@code -Dwasmudf.aggregate.batchBytes} (read per group; 0 steps every row, for comparison). */
    static final String BATCH_PROPERTY = "wasmudf.aggregate.batchBytes";
    static final int DEFAULT_BATCH_BYTES = 64 * 1024;
    private static final Map<String, AggregateSpec> SPECS = new ConcurrentHashMap<>();
    private static final AggregateCalls CALLS = new AggregateCalls(WasmUdf.functions());

    private final AggregateSpec spec;
    private final AggregateFraming pending = new AggregateFraming();
    private final int batchBytes = Integer.getInteger(BATCH_PROPERTY, DEFAULT_BATCH_BYTES);
    private Connection conn;
    /** The plug-in's state; null until the first non-NULL value. */
    private byte[] state;

    public WasmAggregate(String specJson) {
        this.spec = SPECS.computeIfAbsent(specJson, j -> {
            try {
                return AggregateSpec.fromJson(j);
            } catch (SQLException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    @Override
    public void init(Connection c) {
        this.conn = c;
    }

    @Override
    public int getInternalType(int[] inputTypes) throws SQLException {
        if (inputTypes.length != 1) {
            throw new SQLException(spec.signature() + " takes one argument, not " + inputTypes.length, "42883");
        }
        return h2Type(spec.returnType());
    }

    static int h2Type(AggregateType t) {
        switch (t) {
            case TEXT:
                return Value.VARCHAR;
            case BYTES:
                return Value.VARBINARY;
            case INTEGER:
                return Value.INTEGER;
            case BIGINT:
                return Value.BIGINT;
            case DOUBLE:
                return Value.DOUBLE;
            default:
                return Value.JSON;
        }
    }

    @Override
    public void add(Object value) throws SQLException {
        if (value == null) {
            return;
        }
        if (state == null) {
            state = CALLS.init(conn, H2Sessions.state(conn), spec);
        }
        pending.append(spec.valueType().encode(value));
        if (pending.bytes() >= (batchBytes == 0 ? 0 : Math.max(batchBytes, state.length))) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (pending.count() > 0) {
            state = CALLS.step(conn, H2Sessions.state(conn), spec, pending.takeStepInput(state));
        }
    }

    @Override
    public Object getResult() throws SQLException {
        if (state == null) {
            return null;
        }
        flush();
        Object r = CALLS.finish(conn, H2Sessions.state(conn), spec, state);
        return spec.returnType() == AggregateType.JSON ? ValueJson.fromJson((String) r) : r;
    }
}
