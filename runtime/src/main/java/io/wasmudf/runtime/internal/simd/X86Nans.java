package io.wasmudf.runtime.internal.simd;

/**
 * Which NaN a float lane operation returns. Wasm lets an engine return any quiet NaN from
 * arithmetic; the official Extism runtime (wasmtime) on x86-64 returns what SSE does, and plug-ins
 * that print a NaN show its sign ("-nan"), so the same rules are followed here, on raw bits so that
 * no Java float conversion can touch a payload: a NaN operand comes back quieted (the first one when
 * both are NaN), a NaN made from numbers (0/0, sqrt(-1)) is the x86 default NaN, sign bit set, and
 * min/max answer a canonical NaN whenever an operand is NaN, as Cranelift's lowering of them does.
 */
final class X86Nans {
    static final int QUIET32 = 0x00400000;
    static final int DEFAULT32 = 0xFFC00000;
    static final long QUIET64 = 0x0008000000000000L;
    static final long DEFAULT64 = 0xFFF8000000000000L;

    private X86Nans() {}

    static boolean isNan32(int bits) {
        return (bits & 0x7FFFFFFF) > 0x7F800000;
    }

    static boolean isNan64(long bits) {
        return (bits & Long.MAX_VALUE) > 0x7FF0000000000000L;
    }

    /** The result of an arithmetic operation whose operands are {@code a} and {@code b} (bits) and whose Java result is {@code r}. */
    static int arith32(int a, int b, float r) {
        if (isNan32(a)) {
            return a | QUIET32;
        }
        if (isNan32(b)) {
            return b | QUIET32;
        }
        return r != r ? DEFAULT32 : Float.floatToRawIntBits(r);
    }

    static long arith64(long a, long b, double r) {
        if (isNan64(a)) {
            return a | QUIET64;
        }
        if (isNan64(b)) {
            return b | QUIET64;
        }
        return r != r ? DEFAULT64 : Double.doubleToRawLongBits(r);
    }

    /**
     * min: the default NaN (sign set); max: the canonical NaN carrying the OR of the operands' signs
     * (Cranelift computes max through an OR of both orders' maxps results).
     */
    static int minMaxNan32(int a, int b, boolean min) {
        return min ? DEFAULT32 : ((a | b) & 0x80000000) | 0x7FC00000;
    }

    static long minMaxNan64(long a, long b, boolean min) {
        return min ? DEFAULT64 : ((a | b) & Long.MIN_VALUE) | 0x7FF8000000000000L;
    }

    /** f64 to f32 (cvtpd2ps): a NaN keeps its sign and the top of its payload, quieted. */
    static int demote(long bits) {
        if (isNan64(bits)) {
            return (int) ((bits >>> 32) & 0x80000000L) | 0x7FC00000 | (int) ((bits >>> 29) & 0x3FFFFF);
        }
        return Float.floatToRawIntBits((float) Double.longBitsToDouble(bits));
    }

    /** f32 to f64 (cvtps2pd): a NaN keeps its sign and payload, quieted. */
    static long promote(int bits) {
        if (isNan32(bits)) {
            return ((long) (bits & 0x80000000) << 32) | 0x7FF8000000000000L | ((long) (bits & 0x3FFFFF) << 29);
        }
        return Double.doubleToRawLongBits(Float.intBitsToFloat(bits));
    }
}
