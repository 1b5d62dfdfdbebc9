package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.OpCode;

/** Integer lane width changes: extend, narrow (saturating), extmul, extadd_pairwise, q15mulr_sat, dot. */
final class IntWidening {
    private IntWidening() {}

    static boolean run(OpCode op, MStack s) {
        switch (op) {
            case I16x8_EXTEND_LOW_I8x16_S:
                return extend(s, 8, true, false);
            case I16x8_EXTEND_HIGH_I8x16_S:
                return extend(s, 8, true, true);
            case I16x8_EXTEND_LOW_I8x16_U:
                return extend(s, 8, false, false);
            case I16x8_EXTEND_HIGH_I8x16_U:
                return extend(s, 8, false, true);
            case I32x4_EXTEND_LOW_I16x8_S:
                return extend(s, 16, true, false);
            case I32x4_EXTEND_HIGH_I16x8_S:
                return extend(s, 16, true, true);
            case I32x4_EXTEND_LOW_I16x8_U:
                return extend(s, 16, false, false);
            case I32x4_EXTEND_HIGH_I16x8_U:
                return extend(s, 16, false, true);
            case I64x2_EXTEND_LOW_I32x4_S:
                return extend(s, 32, true, false);
            case I64x2_EXTEND_HIGH_I32x4_S:
                return extend(s, 32, true, true);
            case I64x2_EXTEND_LOW_I32x4_U:
                return extend(s, 32, false, false);
            case I64x2_EXTEND_HIGH_I32x4_U:
                return extend(s, 32, false, true);
            case I8x16_NARROW_I16x8_S:
                return narrow(s, 16, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case I8x16_NARROW_I16x8_U:
                return narrow(s, 16, 0, 0xFF);
            case I16x8_NARROW_I32x4_S:
                return narrow(s, 32, Short.MIN_VALUE, Short.MAX_VALUE);
            case I16x8_NARROW_I32x4_U:
                return narrow(s, 32, 0, 0xFFFF);
            case I16x8_EXTMUL_LOW_I8x16_S:
                return extmul(s, 8, true, false);
            case I16x8_EXTMUL_HIGH_I8x16_S:
                return extmul(s, 8, true, true);
            case I16x8_EXTMUL_LOW_I8x16_U:
                return extmul(s, 8, false, false);
            case I16x8_EXTMUL_HIGH_I8x16_U:
                return extmul(s, 8, false, true);
            case I32x4_EXTMUL_LOW_I16x8_S:
                return extmul(s, 16, true, false);
            case I32x4_EXTMUL_HIGH_I16x8_S:
                return extmul(s, 16, true, true);
            case I32x4_EXTMUL_LOW_I16x8_U:
                return extmul(s, 16, false, false);
            case I32x4_EXTMUL_HIGH_I16x8_U:
                return extmul(s, 16, false, true);
            case I64x2_EXTMUL_LOW_I32x4_S:
                return extmul(s, 32, true, false);
            case I64x2_EXTMUL_HIGH_I32x4_S:
                return extmul(s, 32, true, true);
            case I64x2_EXTMUL_LOW_I32x4_U:
                return extmul(s, 32, false, false);
            case I64x2_EXTMUL_HIGH_I32x4_U:
                return extmul(s, 32, false, true);
            case I16x8_EXTADD_PAIRWISE_I8x16_S:
                return extaddPairwise(s, 8, true);
            case I16x8_EXTADD_PAIRWISE_I8x16_U:
                return extaddPairwise(s, 8, false);
            case I32x4_EXTADD_PAIRWISE_I16x8_S:
                return extaddPairwise(s, 16, true);
            case I32x4_EXTADD_PAIRWISE_I16x8_U:
                return extaddPairwise(s, 16, false);
            case I16x8_Q15MULR_SAT_S:
                V128.binary(s, (a, b) -> V128.lanes(a, b, 16, (x, y) -> Math.min((x * y + 0x4000) >> 15, Short.MAX_VALUE)));
                return true;
            case I32x4_DOT_I16x8_S:
                V128.binary(s, IntWidening::dot);
                return true;
            default:
                return false;
        }
    }

    /** Lane {@code i} of a half, sign- or zero-extended to a long. */
    private static long ext(long half, int i, int bits, boolean signed) {
        long v = V128.lane(half, i, bits);
        return signed ? v : v & V128.mask(bits);
    }

    /**
     * Half {@code part} (0 low, 1 high) of the vector made by widening the lanes of {@code half}
     * ({@code bits} wide) to twice their width.
     */
    static long extend(long half, int bits, boolean signed, int part) {
        int perOut = 32 / bits;
        long r = 0;
        for (int i = 0; i < perOut; i++) {
            long v = ext(half, part * perOut + i, bits, signed);
            r |= (v & V128.mask(2 * bits)) << (i * 2 * bits);
        }
        return r;
    }

    private static boolean extend(MStack s, int bits, boolean signed, boolean high) {
        long hi = s.pop();
        long lo = s.pop();
        long half = high ? hi : lo;
        V128.push(s, extend(half, bits, signed, 0), extend(half, bits, signed, 1));
        return true;
    }

    /** The lanes of the first operand then of the second, each clamped to [min, max], at half width. */
    private static boolean narrow(MStack s, int bits, int min, int max) {
        long bh = s.pop();
        long bl = s.pop();
        long ah = s.pop();
        long al = s.pop();
        V128.push(s, narrow(al, ah, bits, min, max), narrow(bl, bh, bits, min, max));
        return true;
    }

    private static long narrow(long lo, long hi, int bits, int min, int max) {
        int out = bits / 2;
        int perHalf = 64 / bits;
        long r = 0;
        for (int i = 0; i < 2 * perHalf; i++) {
            int v = V128.lane(i < perHalf ? lo : hi, i % perHalf, bits);
            int c = Math.max(min, Math.min(max, v));
            r |= (c & V128.mask(out)) << (i * out);
        }
        return r;
    }

    private static boolean extmul(MStack s, int bits, boolean signed, boolean high) {
        long bh = s.pop();
        long bl = s.pop();
        long ah = s.pop();
        long al = s.pop();
        long a = high ? ah : al;
        long b = high ? bh : bl;
        int perOut = 32 / bits;
        long[] out = new long[2];
        for (int part = 0; part < 2; part++) {
            for (int i = 0; i < perOut; i++) {
                int lane = part * perOut + i;
                long p = ext(a, lane, bits, signed) * ext(b, lane, bits, signed);
                out[part] |= (p & V128.mask(2 * bits)) << (i * 2 * bits);
            }
        }
        V128.push(s, out[0], out[1]);
        return true;
    }

    private static boolean extaddPairwise(MStack s, int bits, boolean signed) {
        V128.unary(s, h -> {
            long r = 0;
            for (int i = 0, n = 32 / bits; i < n; i++) {
                long sum = ext(h, 2 * i, bits, signed) + ext(h, 2 * i + 1, bits, signed);
                r |= (sum & V128.mask(2 * bits)) << (i * 2 * bits);
            }
            return r;
        });
        return true;
    }

    private static long dot(long a, long b) {
        long r = 0;
        for (int i = 0; i < 2; i++) {
            int sum = V128.lane(a, 2 * i, 16) * V128.lane(b, 2 * i, 16) + V128.lane(a, 2 * i + 1, 16) * V128.lane(b, 2 * i + 1, 16);
            r |= (sum & 0xFFFFFFFFL) << (32 * i);
        }
        return r;
    }
}
