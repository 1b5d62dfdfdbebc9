package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * Lane conversions between integers and floats: trunc_sat (NaN gives 0, out of range saturates,
 * which is what Java's casts do for the signed forms), convert, demote and promote (NaNs as {@link X86Nans}).
 */
final class FloatConversions {
    private static final long LOW32 = 0xFFFFFFFFL;

    private FloatConversions() {}

    static boolean run(OpCode op, MStack s) {
        switch (op) {
            case I32x4_TRUNC_SAT_F32X4_S:
                V128.unary(s, a -> ((int) FloatLaneOps.f32(a, 0) & LOW32) | ((long) (int) FloatLaneOps.f32(a, 1) << 32));
                return true;
            case I32x4_TRUNC_SAT_F32X4_U:
                V128.unary(s, a -> (truncSatU32(FloatLaneOps.f32(a, 0)) & LOW32) | ((long) truncSatU32(FloatLaneOps.f32(a, 1)) << 32));
                return true;
            case F32x4_CONVERT_I32x4_S:
                V128.unary(s, a -> FloatLaneOps.half(Float.floatToRawIntBits((int) a), Float.floatToRawIntBits((int) (a >>> 32))));
                return true;
            case F32x4_CONVERT_I32x4_U:
                V128.unary(s, a -> FloatLaneOps.half(Float.floatToRawIntBits(a & LOW32), Float.floatToRawIntBits(a >>> 32)));
                return true;
            case I32x4_TRUNC_SAT_F64x2_S_ZERO:
                return fromF64Pair(s, true);
            case I32x4_TRUNC_SAT_F64x2_U_ZERO:
                return fromF64Pair(s, false);
            case F64x2_CONVERT_LOW_I32x4_S:
                return toF64Pair(s, lo -> (double) (int) lo, lo -> (double) (int) (lo >>> 32));
            case F64x2_CONVERT_LOW_I32x4_U:
                return toF64Pair(s, lo -> (double) (lo & LOW32), lo -> (double) (lo >>> 32));
            case F64x2_PROMOTE_LOW_F32x4: {
                s.pop();
                long lo = s.pop();
                V128.push(s, X86Nans.promote(FloatLaneOps.bits32(lo, 0)), X86Nans.promote(FloatLaneOps.bits32(lo, 1)));
                return true;
            }
            case F32x4_DEMOTE_LOW_F64x2_ZERO: {
                long hi = s.pop();
                long lo = s.pop();
                V128.push(s, FloatLaneOps.half(X86Nans.demote(lo), X86Nans.demote(hi)), 0);
                return true;
            }
            default:
                return false;
        }
    }

    /** Unsigned 32-bit saturating truncation: NaN and anything up to -1 give 0, 2^32 and above all ones. */
    static int truncSatU32(double d) {
        if (!(d > -1)) {
            return 0;
        }
        if (d >= 4294967296.0) {
            return -1;
        }
        return (int) (long) d;
    }

    /** The two f64 lanes truncated to i32 lanes 0 and 1; lanes 2 and 3 are zero. */
    private static boolean fromF64Pair(MStack s, boolean signed) {
        long hi = s.pop();
        long lo = s.pop();
        double d0 = Double.longBitsToDouble(lo);
        double d1 = Double.longBitsToDouble(hi);
        int r0 = signed ? (int) d0 : truncSatU32(d0);
        int r1 = signed ? (int) d1 : truncSatU32(d1);
        V128.push(s, (r0 & LOW32) | ((long) r1 << 32), 0);
        return true;
    }

    @FunctionalInterface
    private interface LaneToDouble {
        double apply(long lo);
    }

    /** Two f64 lanes computed from the low half of the operand. */
    private static boolean toF64Pair(MStack s, LaneToDouble lane0, LaneToDouble lane1) {
        s.pop();
        long lo = s.pop();
        V128.push(s, Double.doubleToRawLongBits(lane0.apply(lo)), Double.doubleToRawLongBits(lane1.apply(lo)));
        return true;
    }
}
