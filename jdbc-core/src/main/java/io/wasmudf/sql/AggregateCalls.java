package io.wasmudf.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Calls an aggregate's exports through the same path as {@code wasm_call} ({@link WasmFunctions}:
 * the connection's instance cache, time limits, memory budget, one version per statement; a trapped
 * instance is dropped), and names the aggregate in every error, keeping its SQLState.
 */
public final class AggregateCalls {
    private static final byte[] EMPTY = new byte[0];

    private final WasmFunctions functions;

    public AggregateCalls(WasmFunctions functions) {
        this.functions = functions;
    }

    public byte[] init(Connection c, ConnectionState s, AggregateSpec spec) throws SQLException {
        return call(c, s, spec, spec.initExport(), EMPTY);
    }

    /** {@code step} over framed input ({@link AggregateFraming}): the new state. */
    public byte[] step(Connection c, ConnectionState s, AggregateSpec spec, byte[] input) throws SQLException {
        return call(c, s, spec, spec.stepExport(), input);
    }

    public byte[] merge(Connection c, ConnectionState s, AggregateSpec spec, byte[] a, byte[] b) throws SQLException {
        if (spec.mergeExport() == null) {
            throw new SQLException(spec.signature() + ": the aggregate has no merge export, so partial states "
                    + "cannot be combined", "0A000");
        }
        return call(c, s, spec, spec.mergeExport(), AggregateFraming.mergeInput(a, b));
    }

    /** The result of {@code finish} as the aggregate's return type ({@link AggregateType#decode}). */
    public Object finish(Connection c, ConnectionState s, AggregateSpec spec, byte[] state) throws SQLException {
        return spec.returnType().decode(call(c, s, spec, spec.finishExport(), state), spec.signature());
    }

    private byte[] call(Connection c, ConnectionState s, AggregateSpec spec, String export, byte[] input)
            throws SQLException {
        try {
            return functions.call(c, s, spec.plugin(), export, input);
        } catch (SQLException e) {
            throw new SQLException(spec.signature() + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }
}
