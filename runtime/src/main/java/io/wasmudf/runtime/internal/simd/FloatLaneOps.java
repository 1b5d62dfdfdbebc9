package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * f32x4 and f64x2 arithmetic, rounding and comparisons with Java's IEEE 754 float and double
 * arithmetic, which is what Wasm asks for; NaN results follow {@link X86Nans}. abs and neg only
 * touch the sign bit and pmin/pmax return an operand as it is, as Wasm requires. Lanes are handled
 * as raw bits and only turned into floats for the arithmetic itself.
 */
final class FloatLaneOps {
    private static final long LOW32 = 0xFFFFFFFFL;

    private FloatLaneOps() {}

    @FunctionalInterface
    interface FloatBinary {
        float apply(float a, float b);
    }

    @FunctionalInterface
    interface FloatUnary {
        float apply(float a);
    }

    @FunctionalInterface
    interface FloatTest {
        boolean test(float a, float b);
    }

    @FunctionalInterface
    interface DoubleTest {
        boolean test(double a, double b);
    }

    /** Lane 0 or 1 of a half, as raw f32 bits. */
    static int bits32(long half, int lane) {
        return (int) (half >>> (32 * lane));
    }

    static float f32(long half, int lane) {
        return Float.intBitsToFloat(bits32(half, lane));
    }

    static long half(int lane0, int lane1) {
        return (lane0 & LOW32) | ((long) lane1 << 32);
    }

    static boolean run(OpCode op, MStack s) {
        switch (op) {
            case F32x4_ADD: return f32(s, (a, b) -> a + b);
            case F32x4_SUB: return f32(s, (a, b) -> a - b);
            case F32x4_MUL: return f32(s, (a, b) -> a * b);
            case F32x4_DIV: return f32(s, (a, b) -> a / b);
            case F32x4_MIN: return f32MinMax(s, true);
            case F32x4_MAX: return f32MinMax(s, false);
            case F32x4_PMIN: return f32Pick(s, (a, b) -> b < a);
            case F32x4_PMAX: return f32Pick(s, (a, b) -> a < b);
            case F32x4_SQRT: return f32(s, a -> (float) Math.sqrt(a));
            case F32x4_CEIL: return f32(s, a -> (float) Math.ceil(a));
            case F32x4_FLOOR: return f32(s, a -> (float) Math.floor(a));
            case F32x4_TRUNC: return f32(s, a -> (float) truncate(a));
            case F32x4_NEAREST: return f32(s, a -> (float) Math.rint(a));
            case F32x4_ABS:
                V128.unary(s, a -> a & 0x7FFFFFFF7FFFFFFFL);
                return true;
            case F32x4_NEG:
                V128.unary(s, a -> a ^ 0x8000000080000000L);
                return true;
            case F32x4_EQ: return f32Compare(s, (a, b) -> a == b);
            case F32x4_NE: return f32Compare(s, (a, b) -> a != b);
            case F32x4_LT: return f32Compare(s, (a, b) -> a < b);
            case F32x4_GT: return f32Compare(s, (a, b) -> a > b);
            case F32x4_LE: return f32Compare(s, (a, b) -> a <= b);
            case F32x4_GE: return f32Compare(s, (a, b) -> a >= b);
            case F64x2_ADD: return f64(s, (a, b) -> a + b);
            case F64x2_SUB: return f64(s, (a, b) -> a - b);
            case F64x2_MUL: return f64(s, (a, b) -> a * b);
            case F64x2_DIV: return f64(s, (a, b) -> a / b);
            case F64x2_MIN: return f64MinMax(s, true);
            case F64x2_MAX: return f64MinMax(s, false);
            case F64x2_PMIN: return f64Pick(s, (a, b) -> b < a);
            case F64x2_PMAX: return f64Pick(s, (a, b) -> a < b);
            case F64x2_SQRT: return f64(s, Math::sqrt);
            case F64x2_CEIL: return f64(s, Math::ceil);
            case F64x2_FLOOR: return f64(s, Math::floor);
            case F64x2_TRUNC: return f64(s, FloatLaneOps::truncate);
            case F64x2_NEAREST: return f64(s, Math::rint);
            case F64x2_ABS:
                V128.unary(s, a -> a & Long.MAX_VALUE);
                return true;
            case F64x2_NEG:
                V128.unary(s, a -> a ^ Long.MIN_VALUE);
                return true;
            case F64x2_EQ: return f64Compare(s, (a, b) -> a == b);
            case F64x2_NE: return f64Compare(s, (a, b) -> a != b);
            case F64x2_LT: return f64Compare(s, (a, b) -> a < b);
            case F64x2_GT: return f64Compare(s, (a, b) -> a > b);
            case F64x2_LE: return f64Compare(s, (a, b) -> a <= b);
            case F64x2_GE: return f64Compare(s, (a, b) -> a >= b);
            default: return FloatConversions.run(op, s);
        }
    }

    /** Rounds toward zero, keeping the sign of zero. */
    private static double truncate(double a) {
        return a < 0 ? Math.ceil(a) : Math.floor(a);
    }

    private static int lane32(long a, long b, int i, FloatBinary f) {
        int x = bits32(a, i);
        int y = bits32(b, i);
        return X86Nans.arith32(x, y, f.apply(Float.intBitsToFloat(x), Float.intBitsToFloat(y)));
    }

    private static int lane32(long a, int i, FloatUnary f) {
        int x = bits32(a, i);
        return X86Nans.arith32(x, x, f.apply(Float.intBitsToFloat(x)));
    }

    private static boolean f32(MStack s, FloatBinary f) {
        V128.binary(s, (a, b) -> half(lane32(a, b, 0, f), lane32(a, b, 1, f)));
        return true;
    }

    private static boolean f32(MStack s, FloatUnary f) {
        V128.unary(s, a -> half(lane32(a, 0, f), lane32(a, 1, f)));
        return true;
    }

    /** Wasm min/max (NaN wins, -0 below +0), NaNs as {@link X86Nans#minMaxNan32}. */
    private static boolean f32MinMax(MStack s, boolean min) {
        FloatBinary f = min ? Math::min : Math::max;
        V128.binary(s, (a, b) -> {
            int[] r = new int[2];
            for (int i = 0; i < 2; i++) {
                int x = bits32(a, i);
                int y = bits32(b, i);
                r[i] = X86Nans.isNan32(x) || X86Nans.isNan32(y) ? X86Nans.minMaxNan32(x, y, min)
                        : Float.floatToRawIntBits(f.apply(Float.intBitsToFloat(x), Float.intBitsToFloat(y)));
            }
            return half(r[0], r[1]);
        });
        return true;
    }

    /** pmin/pmax: the second operand's lane where {@code takeSecond} holds, else the first's, bits untouched. */
    private static boolean f32Pick(MStack s, FloatTest takeSecond) {
        V128.binary(s, (a, b) -> {
            int[] r = new int[2];
            for (int i = 0; i < 2; i++) {
                r[i] = takeSecond.test(f32(a, i), f32(b, i)) ? bits32(b, i) : bits32(a, i);
            }
            return half(r[0], r[1]);
        });
        return true;
    }

    private static boolean f32Compare(MStack s, FloatTest f) {
        V128.binary(s, (a, b) -> (f.test(f32(a, 0), f32(b, 0)) ? LOW32 : 0) | (f.test(f32(a, 1), f32(b, 1)) ? ~LOW32 : 0));
        return true;
    }

    private static boolean f64(MStack s, DoubleBinaryOperator f) {
        V128.binary(s, (a, b) -> X86Nans.arith64(a, b, f.applyAsDouble(Double.longBitsToDouble(a), Double.longBitsToDouble(b))));
        return true;
    }

    private static boolean f64(MStack s, DoubleUnaryOperator f) {
        V128.unary(s, a -> X86Nans.arith64(a, a, f.applyAsDouble(Double.longBitsToDouble(a))));
        return true;
    }

    private static boolean f64MinMax(MStack s, boolean min) {
        DoubleBinaryOperator f = min ? Math::min : Math::max;
        V128.binary(s, (a, b) -> X86Nans.isNan64(a) || X86Nans.isNan64(b) ? X86Nans.minMaxNan64(a, b, min)
                : Double.doubleToRawLongBits(f.applyAsDouble(Double.longBitsToDouble(a), Double.longBitsToDouble(b))));
        return true;
    }

    private static boolean f64Pick(MStack s, DoubleTest takeSecond) {
        V128.binary(s, (a, b) -> takeSecond.test(Double.longBitsToDouble(a), Double.longBitsToDouble(b)) ? b : a);
        return true;
    }

    private static boolean f64Compare(MStack s, DoubleTest f) {
        V128.binary(s, (a, b) -> f.test(Double.longBitsToDouble(a), Double.longBitsToDouble(b)) ? -1L : 0L);
        return true;
    }
}
