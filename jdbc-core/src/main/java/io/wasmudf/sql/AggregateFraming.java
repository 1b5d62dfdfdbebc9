package io.wasmudf.sql;

import java.util.Arrays;

/**
 * The inputs of an aggregate's exports (plugins/FORMAT.md, "Aggregates"): two things in one Extism
 * input by a u32 little-endian length prefix.
 * <ul>
 * <li>{@code step}: u32 LE state length, the state, then one or more values, each a u32 LE length
 * and its bytes (the glue sends several values per call: fewer calls per row).</li>
 * <li>{@code merge}: u32 LE length of the first state, it, then the second state (to the end).</li>
 * </ul>
 * Values waiting for the next {@code step} are kept already framed ({@link #append}), so a step's
 * input is the state's prefix and a copy of that buffer.
 */
public final class AggregateFraming {
    private byte[] pending = new byte[256];
    private int length;
    private int count;

    /** Frames {@code value} at the end of the pending values. */
    public void append(byte[] value) {
        ensure(4 + value.length);
        putU32(pending, length, value.length);
        System.arraycopy(value, 0, pending, length + 4, value.length);
        length += 4 + value.length;
        count++;
    }

    /** How many values wait for the next step. */
    public int count() {
        return count;
    }

    /** Their framed size in bytes. */
    public int bytes() {
        return length;
    }

    /** The step input for {@code state} and the pending values; the pending values are cleared. */
    public byte[] takeStepInput(byte[] state) {
        byte[] in = new byte[4 + state.length + length];
        putU32(in, 0, state.length);
        System.arraycopy(state, 0, in, 4, state.length);
        System.arraycopy(pending, 0, in, 4 + state.length, length);
        clear();
        return in;
    }

    public void clear() {
        length = 0;
        count = 0;
        if (pending.length > 1 << 20) {
            pending = new byte[256];   // do not keep a big buffer for a group that has gone quiet
        }
    }

    /** The {@code merge} input for two states. */
    public static byte[] mergeInput(byte[] a, byte[] b) {
        byte[] in = new byte[4 + a.length + b.length];
        putU32(in, 0, a.length);
        System.arraycopy(a, 0, in, 4, a.length);
        System.arraycopy(b, 0, in, 4 + a.length, b.length);
        return in;
    }

    /** A {@code step} input for one value (the per-row form). */
    public static byte[] stepInput(byte[] state, byte[] value) {
        byte[] in = new byte[8 + state.length + value.length];
        putU32(in, 0, state.length);
        System.arraycopy(state, 0, in, 4, state.length);
        putU32(in, 4 + state.length, value.length);
        System.arraycopy(value, 0, in, 8 + state.length, value.length);
        return in;
    }

    public static void putU32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    public static int getU32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private void ensure(int more) {
        if (length + more > pending.length) {
            long want = Math.max((long) pending.length * 2, (long) length + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("aggregate values waiting for a step exceed 2 GiB");
            }
            pending = Arrays.copyOf(pending, (int) want);
        }
    }
}
