package io.wasmudf.sql;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * An aggregate's whole transition state as one byte string, for databases that keep the state
 * themselves between rows (PostgreSQL's {@code bytea} STYPE): a header naming the aggregate (so
 * one set of support functions serves every aggregate, and the header is the aggregate's
 * {@code INITCOND}), whether {@code init} has run, then exactly a {@code step} input: u32 LE state
 * length, the plug-in's state and the values framed but not yet stepped.
 * <pre>
 * "WAG1" | u32 LE spec length | spec JSON ({@link AggregateSpec#toJson}) | u8 1 if init ran
 *        | u32 LE state length | plug-in state | (u32 LE value length | value)*
 * </pre>
 */
public final class AggregateStateBytes {
    private static final byte[] MAGIC = {'W', 'A', 'G', '1'};

    private final byte[] bytes;
    private final int flag;
    private final String specJson;

    private AggregateStateBytes(byte[] bytes, int flag, String specJson) {
        this.bytes = bytes;
        this.flag = flag;
        this.specJson = specJson;
    }

    /** The state before the first value: the header, init not yet run. */
    public static byte[] initial(AggregateSpec spec) {
        byte[] json = spec.toJson().getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[MAGIC.length + 4 + json.length + 1];
        System.arraycopy(MAGIC, 0, b, 0, MAGIC.length);
        AggregateFraming.putU32(b, MAGIC.length, json.length);
        System.arraycopy(json, 0, b, MAGIC.length + 4, json.length);
        return b;
    }

    public static AggregateStateBytes read(byte[] b) throws SQLException {
        boolean ok = b.length >= MAGIC.length + 5 && Arrays.equals(Arrays.copyOf(b, MAGIC.length), MAGIC);
        int len = ok ? AggregateFraming.getU32(b, MAGIC.length) : -1;
        int flag = MAGIC.length + 4 + len;
        ok &= len >= 0 && flag < b.length;
        if (ok && b[flag] == 1) {
            ok = flag + 5 <= b.length && AggregateFraming.getU32(b, flag + 1) >= 0
                    && flag + 5 + (long) AggregateFraming.getU32(b, flag + 1) <= b.length;
        }
        if (!ok) {
            throw new SQLException("not a wasmudf aggregate state (the support functions are called by the "
                    + "aggregates wasm_define_aggregate creates, not directly)", "22023");
        }
        return new AggregateStateBytes(b, flag, new String(b, MAGIC.length + 4, len, StandardCharsets.UTF_8));
    }

    /** The aggregate's spec, as {@link AggregateSpec#toJson} wrote it. */
    public String specJson() {
        return specJson;
    }

    /** Whether a value has been seen (and {@code init} has run). */
    public boolean initialized() {
        return bytes[flag] == 1;
    }

    public byte[] pluginState() {
        int n = AggregateFraming.getU32(bytes, flag + 1);
        return Arrays.copyOfRange(bytes, flag + 5, flag + 5 + n);
    }

    /** Bytes of framed values waiting for a step. */
    public int pendingBytes() {
        return initialized() ? bytes.length - (flag + 5 + AggregateFraming.getU32(bytes, flag + 1)) : 0;
    }

    /** The {@code step} input: state and the pending values, as they lie. */
    public byte[] stepInput() {
        return Arrays.copyOfRange(bytes, flag + 1, bytes.length);
    }

    /** The {@code step} input for the pending values and one more. */
    public byte[] stepInputWith(byte[] value) {
        byte[] in = Arrays.copyOfRange(bytes, flag + 1, bytes.length + 4 + value.length);
        AggregateFraming.putU32(in, bytes.length - flag - 1, value.length);
        System.arraycopy(value, 0, in, bytes.length - flag + 3, value.length);
        return in;
    }

    /** This state with the plug-in's new state and nothing pending. */
    public byte[] withPluginState(byte[] state) {
        byte[] b = Arrays.copyOf(bytes, flag + 5 + state.length);
        b[flag] = 1;
        AggregateFraming.putU32(b, flag + 1, state.length);
        System.arraycopy(state, 0, b, flag + 5, state.length);
        return b;
    }

    /** This (initialized) state with one more value waiting. */
    public byte[] withPending(byte[] value) {
        byte[] b = Arrays.copyOf(bytes, bytes.length + 4 + value.length);
        AggregateFraming.putU32(b, bytes.length, value.length);
        System.arraycopy(value, 0, b, bytes.length + 4, value.length);
        return b;
    }
}
