package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.OpCode;

/** Integer lane arithmetic: add/sub/mul, neg/abs, min/max, avgr, saturating add/sub, shifts, popcnt. */
final class IntLaneOps {
    private static final long H8 = 0x8080808080808080L;
    private static final long H16 = 0x8000800080008000L;
    private static final long H32 = 0x8000000080000000L;

    private IntLaneOps() {}

    static boolean run(OpCode op, MStack s) {
        switch (op) {
            case I8x16_ADD:
                V128.binary(s, (a, b) -> add(a, b, H8));
                return true;
            case I16x8_ADD:
                V128.binary(s, (a, b) -> add(a, b, H16));
                return true;
            case I32x4_ADD:
                V128.binary(s, (a, b) -> add(a, b, H32));
                return true;
            case I64x2_ADD:
                V128.binary(s, Long::sum);
                return true;
            case I8x16_SUB:
                V128.binary(s, (a, b) -> sub(a, b, H8));
                return true;
            case I16x8_SUB:
                V128.binary(s, (a, b) -> sub(a, b, H16));
                return true;
            case I32x4_SUB:
                V128.binary(s, (a, b) -> sub(a, b, H32));
                return true;
            case I64x2_SUB:
                V128.binary(s, (a, b) -> a - b);
                return true;
            case I16x8_MUL:
                V128.binary(s, (a, b) -> V128.lanes(a, b, 16, (x, y) -> x * y));
                return true;
            case I32x4_MUL:
                V128.binary(s, (a, b) -> V128.lanes(a, b, 32, (x, y) -> x * y));
                return true;
            case I64x2_MUL:
                V128.binary(s, (a, b) -> a * b);
                return true;
            case I8x16_NEG:
                V128.unary(s, a -> sub(0, a, H8));
                return true;
            case I16x8_NEG:
                V128.unary(s, a -> sub(0, a, H16));
                return true;
            case I32x4_NEG:
                V128.unary(s, a -> sub(0, a, H32));
                return true;
            case I64x2_NEG:
                V128.unary(s, a -> -a);
                return true;
            case I8x16_ABS:
                V128.unary(s, a -> V128.lanes(a, 8, Math::abs));
                return true;
            case I16x8_ABS:
                V128.unary(s, a -> V128.lanes(a, 16, Math::abs));
                return true;
            case I32x4_ABS:
                V128.unary(s, a -> V128.lanes(a, 32, Math::abs));
                return true;
            case I64x2_ABS:
                V128.unary(s, Math::abs);
                return true;
            case I8x16_MIN_S:
                return minMax(s, 8, true, true);
            case I8x16_MIN_U:
                return minMax(s, 8, false, true);
            case I8x16_MAX_S:
                return minMax(s, 8, true, false);
            case I8x16_MAX_U:
                return minMax(s, 8, false, false);
            case I16x8_MIN_S:
                return minMax(s, 16, true, true);
            case I16x8_MIN_U:
                return minMax(s, 16, false, true);
            case I16x8_MAX_S:
                return minMax(s, 16, true, false);
            case I16x8_MAX_U:
                return minMax(s, 16, false, false);
            case I32x4_MIN_S:
                return minMax(s, 32, true, true);
            case I32x4_MIN_U:
                return minMax(s, 32, false, true);
            case I32x4_MAX_S:
                return minMax(s, 32, true, false);
            case I32x4_MAX_U:
                return minMax(s, 32, false, false);
            case I8x16_AVGR_U:
                V128.binary(s, (a, b) -> V128.lanes(a, b, 8, (x, y) -> ((x & 0xFF) + (y & 0xFF) + 1) >>> 1));
                return true;
            case I16x8_AVGR_U:
                V128.binary(s, (a, b) -> V128.lanes(a, b, 16, (x, y) -> ((x & 0xFFFF) + (y & 0xFFFF) + 1) >>> 1));
                return true;
            case I8x16_ADD_SAT_S:
                return saturating(s, 8, true, 1);
            case I8x16_ADD_SAT_U:
                return saturating(s, 8, false, 1);
            case I8x16_SUB_SAT_S:
                return saturating(s, 8, true, -1);
            case I8x16_SUB_SAT_U:
                return saturating(s, 8, false, -1);
            case I16x8_ADD_SAT_S:
                return saturating(s, 16, true, 1);
            case I16x8_ADD_SAT_U:
                return saturating(s, 16, false, 1);
            case I16x8_SUB_SAT_S:
                return saturating(s, 16, true, -1);
            case I16x8_SUB_SAT_U:
                return saturating(s, 16, false, -1);
            case I8x16_SHL:
                return shift(s, 8, 0);
            case I8x16_SHR_S:
                return shift(s, 8, 1);
            case I8x16_SHR_U:
                return shift(s, 8, 2);
            case I16x8_SHL:
                return shift(s, 16, 0);
            case I16x8_SHR_S:
                return shift(s, 16, 1);
            case I16x8_SHR_U:
                return shift(s, 16, 2);
            case I32x4_SHL:
                return shift(s, 32, 0);
            case I32x4_SHR_S:
                return shift(s, 32, 1);
            case I32x4_SHR_U:
                return shift(s, 32, 2);
            case I64x2_SHL:
                return shift(s, 64, 0);
            case I64x2_SHR_S:
                return shift(s, 64, 1);
            case I64x2_SHR_U:
                return shift(s, 64, 2);
            case I8x16_POPCNT:
                V128.unary(s, a -> V128.lanes(a, 8, x -> Integer.bitCount(x & 0xFF)));
                return true;
            default:
                return false;
        }
    }

    /** Lane-wise wrapping add without carries crossing lanes: {@code h} has each lane's top bit. */
    private static long add(long a, long b, long h) {
        return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
    }

    private static long sub(long a, long b, long h) {
        return ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
    }

    private static boolean minMax(MStack s, int bits, boolean signed, boolean min) {
        long m = V128.mask(bits);
        V128.binary(s, (a, b) -> V128.lanes(a, b, bits, (x, y) -> {
            long ux = signed ? x : x & m;
            long uy = signed ? y : y & m;
            return (int) ((ux < uy) == min ? ux : uy);
        }));
        return true;
    }

    /** {@code sign} 1 adds, -1 subtracts; the exact result is clamped to the lane's range. */
    private static boolean saturating(MStack s, int bits, boolean signed, int sign) {
        int m = (int) V128.mask(bits);
        int lowest = signed ? -(1 << (bits - 1)) : 0;
        int highest = signed ? (1 << (bits - 1)) - 1 : m;
        V128.binary(s, (a, b) -> V128.lanes(a, b, bits, (x, y) -> {
            int ux = signed ? x : x & m;
            int uy = signed ? y : y & m;
            return Math.max(lowest, Math.min(highest, ux + sign * uy));
        }));
        return true;
    }

    /** kind 0 shl, 1 shr_s, 2 shr_u; the count (an i32 on top) is taken modulo the lane width. */
    private static boolean shift(MStack s, int bits, int kind) {
        int c = (int) s.pop() & (bits - 1);
        if (bits == 64) {
            V128.unary(s, a -> kind == 0 ? a << c : kind == 1 ? a >> c : a >>> c);
            return true;
        }
        int m = (int) V128.mask(bits);
        V128.unary(s, a -> V128.lanes(a, bits, x -> kind == 0 ? x << c : kind == 1 ? x >> c : (x & m) >>> c));
        return true;
    }
}
