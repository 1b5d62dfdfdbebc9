package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A {@code v128} as Chicory's stack holds it: two longs, {@code lo} (bytes 0-7, little-endian) pushed
 * before {@code hi} (bytes 8-15). Lane-wise operations whose lanes never cross the middle work on
 * each 64-bit half alone; the helpers here apply a lane function to every lane of a half.
 */
final class V128 {
    private V128() {}

    static void push(MStack s, long lo, long hi) {
        s.push(lo);
        s.push(hi);
    }

    /** One operand, each half mapped alone. */
    static void unary(MStack s, LongUnaryOperator perHalf) {
        long hi = s.pop();
        long lo = s.pop();
        push(s, perHalf.applyAsLong(lo), perHalf.applyAsLong(hi));
    }

    /** Two operands (the first pushed first), each pair of halves mapped alone. */
    static void binary(MStack s, LongBinaryOperator perHalf) {
        long bh = s.pop();
        long bl = s.pop();
        long ah = s.pop();
        long al = s.pop();
        push(s, perHalf.applyAsLong(al, bl), perHalf.applyAsLong(ah, bh));
    }

    /** Lane {@code i} ({@code bits} wide) of a half, sign-extended. */
    static int lane(long half, int i, int bits) {
        return (int) (half << (64 - bits - i * bits) >> (64 - bits));
    }

    /** Lane {@code i} of a whole vector, sign-extended. */
    static int lane(long lo, long hi, int i, int bits) {
        int perHalf = 64 / bits;
        return lane(i < perHalf ? lo : hi, i % perHalf, bits);
    }

    static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** {@code half} with lane {@code i} replaced by the low {@code bits} of {@code value}. */
    static long withLane(long half, int i, int bits, long value) {
        long m = mask(bits) << (i * bits);
        return (half & ~m) | ((value << (i * bits)) & m);
    }

    /** Lanes 8, 16 or 32 bits wide, given to {@code f} sign-extended; results are truncated to the lane. */
    static long lanes(long a, long b, int bits, IntBinaryOperator f) {
        long m = mask(bits);
        long r = 0;
        for (int i = 0, n = 64 / bits; i < n; i++) {
            r |= (f.applyAsInt(lane(a, i, bits), lane(b, i, bits)) & m) << (i * bits);
        }
        return r;
    }

    static long lanes(long a, int bits, IntUnaryOperator f) {
        long m = mask(bits);
        long r = 0;
        for (int i = 0, n = 64 / bits; i < n; i++) {
            r |= (f.applyAsInt(lane(a, i, bits)) & m) << (i * bits);
        }
        return r;
    }

    /** A half filled with copies of the low {@code bits} of {@code value}. */
    static long splat(long value, int bits) {
        switch (bits) {
            case 8:
                return (value & 0xFFL) * 0x0101010101010101L;
            case 16:
                return (value & 0xFFFFL) * 0x0001000100010001L;
            case 32:
                return (value & 0xFFFFFFFFL) * 0x0000000100000001L;
            default:
                return value;
        }
    }
}
