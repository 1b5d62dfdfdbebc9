package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;

/** Bitwise operations, any_true/all_true/bitmask, and integer lane comparisons (all-ones lanes for true). */
final class V128Bits {
    private V128Bits() {}

    static boolean run(OpCode op, MStack s, Instruction ins) {
        switch (op) {
            case V128_NOT:
                if (V128LocalWrites.isSwap(ins)) {
                    long hi = s.pop();
                    long lo = s.pop();
                    s.push(hi);
                    s.push(lo);
                } else {
                    V128.unary(s, a -> ~a);
                }
                return true;
            case V128_AND:
                V128.binary(s, (a, b) -> a & b);
                return true;
            case V128_ANDNOT:
                V128.binary(s, (a, b) -> a & ~b);
                return true;
            case V128_OR:
                V128.binary(s, (a, b) -> a | b);
                return true;
            case V128_XOR:
                V128.binary(s, (a, b) -> a ^ b);
                return true;
            case V128_BITSELECT: {
                long ch = s.pop();
                long cl = s.pop();
                long bh = s.pop();
                long bl = s.pop();
                long ah = s.pop();
                long al = s.pop();
                V128.push(s, (al & cl) | (bl & ~cl), (ah & ch) | (bh & ~ch));
                return true;
            }
            case V128_ANY_TRUE: {
                long hi = s.pop();
                long lo = s.pop();
                s.push((lo | hi) != 0 ? 1 : 0);
                return true;
            }
            case I8x16_ALL_TRUE:
                return allTrue(s, 8);
            case I16x8_ALL_TRUE:
                return allTrue(s, 16);
            case I32x4_ALL_TRUE:
                return allTrue(s, 32);
            case I64x2_ALL_TRUE:
                return allTrue(s, 64);
            case I8x16_BITMASK:
                return bitmask(s, 8);
            case I16x8_BITMASK:
                return bitmask(s, 16);
            case I32x4_BITMASK:
                return bitmask(s, 32);
            case I64x2_BITMASK:
                return bitmask(s, 64);
            case I8x16_EQ:
                V128.binary(s, V128Bits::eq8);
                return true;
            default:
                return compare(op, s);
        }
    }

    private static boolean allTrue(MStack s, int bits) {
        long hi = s.pop();
        long lo = s.pop();
        long m = V128.mask(bits);
        boolean all = true;
        for (int sh = 0; sh < 64 && all; sh += bits) {
            all = ((lo >>> sh) & m) != 0 && ((hi >>> sh) & m) != 0;
        }
        s.push(all ? 1 : 0);
        return true;
    }

    private static boolean bitmask(MStack s, int bits) {
        long hi = s.pop();
        long lo = s.pop();
        int perHalf = 64 / bits;
        int r = 0;
        for (int i = 0; i < perHalf; i++) {
            r |= (int) ((lo >>> (i * bits + bits - 1)) & 1) << i;
            r |= (int) ((hi >>> (i * bits + bits - 1)) & 1) << (i + perHalf);
        }
        s.push(r);
        return true;
    }

    /** 0xFF in each byte where a and b agree: a byte of a^b is zero iff adding 0x7F leaves its top bit clear. */
    private static long eq8(long a, long b) {
        long x = a ^ b;
        long nonZero = ((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x;
        return ((~nonZero & 0x8080808080808080L) >>> 7) * 0xFF;
    }

    private static boolean compare(OpCode op, MStack s) {
        switch (op) {
            case I8x16_NE: return cmp(s, 8, 0, 1);
            case I8x16_LT_S: return cmp(s, 8, 1, 2);
            case I8x16_LT_U: return cmp(s, 8, 2, 2);
            case I8x16_GT_S: return cmp(s, 8, 1, 3);
            case I8x16_GT_U: return cmp(s, 8, 2, 3);
            case I8x16_LE_S: return cmp(s, 8, 1, 4);
            case I8x16_LE_U: return cmp(s, 8, 2, 4);
            case I8x16_GE_S: return cmp(s, 8, 1, 5);
            case I8x16_GE_U: return cmp(s, 8, 2, 5);
            case I16x8_EQ: return cmp(s, 16, 0, 0);
            case I16x8_NE: return cmp(s, 16, 0, 1);
            case I16x8_LT_S: return cmp(s, 16, 1, 2);
            case I16x8_LT_U: return cmp(s, 16, 2, 2);
            case I16x8_GT_S: return cmp(s, 16, 1, 3);
            case I16x8_GT_U: return cmp(s, 16, 2, 3);
            case I16x8_LE_S: return cmp(s, 16, 1, 4);
            case I16x8_LE_U: return cmp(s, 16, 2, 4);
            case I16x8_GE_S: return cmp(s, 16, 1, 5);
            case I16x8_GE_U: return cmp(s, 16, 2, 5);
            case I32x4_EQ: return cmp(s, 32, 0, 0);
            case I32x4_NE: return cmp(s, 32, 0, 1);
            case I32x4_LT_S: return cmp(s, 32, 1, 2);
            case I32x4_LT_U: return cmp(s, 32, 2, 2);
            case I32x4_GT_S: return cmp(s, 32, 1, 3);
            case I32x4_GT_U: return cmp(s, 32, 2, 3);
            case I32x4_LE_S: return cmp(s, 32, 1, 4);
            case I32x4_LE_U: return cmp(s, 32, 2, 4);
            case I32x4_GE_S: return cmp(s, 32, 1, 5);
            case I32x4_GE_U: return cmp(s, 32, 2, 5);
            case I64x2_EQ: return cmp(s, 64, 0, 0);
            case I64x2_NE: return cmp(s, 64, 0, 1);
            case I64x2_LT_S: return cmp(s, 64, 1, 2);
            case I64x2_GT_S: return cmp(s, 64, 1, 3);
            case I64x2_LE_S: return cmp(s, 64, 1, 4);
            case I64x2_GE_S: return cmp(s, 64, 1, 5);
            default: return false;
        }
    }

    /**
     * sign 0 either (eq/ne), 1 signed, 2 unsigned; rel 0 eq, 1 ne, 2 lt, 3 gt, 4 le, 5 ge.
     * Lanes are compared as longs: sign-extended, or zero-extended for unsigned.
     */
    private static boolean cmp(MStack s, int bits, int sign, int rel) {
        long m = V128.mask(bits);
        V128.binary(s, (a, b) -> {
            long r = 0;
            for (int i = 0, n = 64 / bits; i < n; i++) {
                long x = bits == 64 ? a : V128.lane(a, i, bits);
                long y = bits == 64 ? b : V128.lane(b, i, bits);
                int c = sign == 2 ? Long.compareUnsigned(x & m, y & m) : Long.compare(x, y);
                if (holds(c, rel)) {
                    r |= m << (i * bits);
                }
            }
            return r;
        });
        return true;
    }

    private static boolean holds(int c, int rel) {
        switch (rel) {
            case 0: return c == 0;
            case 1: return c != 0;
            case 2: return c < 0;
            case 3: return c > 0;
            case 4: return c <= 0;
            default: return c >= 0;
        }
    }
}
