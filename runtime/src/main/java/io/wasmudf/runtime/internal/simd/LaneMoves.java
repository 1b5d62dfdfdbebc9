package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;

/** v128.const, shuffle, swizzle, splats, extract_lane and replace_lane. */
final class LaneMoves {
    private LaneMoves() {}

    static boolean run(OpCode op, MStack s, Instruction ins) {
        switch (op) {
            case V128_CONST:
                V128.push(s, ins.operand(0), ins.operand(1));
                return true;
            case I8x16_SHUFFLE:
                return shuffle(s, ins.operand(0), ins.operand(1));
            case I8x16_SWIZZLE:
                return swizzle(s);
            case I8x16_SPLAT:
                return splat(s, 8);
            case I16x8_SPLAT:
                return splat(s, 16);
            case I32x4_SPLAT:
            case F32x4_SPLAT:
                return splat(s, 32);
            case I64x2_SPLAT:
            case F64x2_SPLAT:
                return splat(s, 64);
            case I8x16_EXTRACT_LANE_S:
                return extract(s, ins, 8, true);
            case I8x16_EXTRACT_LANE_U:
                return extract(s, ins, 8, false);
            case I16x8_EXTRACT_LANE_S:
                return extract(s, ins, 16, true);
            case I16x8_EXTRACT_LANE_U:
                return extract(s, ins, 16, false);
            case I32x4_EXTRACT_LANE:
            case F32x4_EXTRACT_LANE:
                return extract(s, ins, 32, true);
            case I64x2_EXTRACT_LANE:
            case F64x2_EXTRACT_LANE:
                return extract(s, ins, 64, true);
            case I8x16_REPLACE_LANE:
                return replace(s, ins, 8);
            case I16x8_REPLACE_LANE:
                return replace(s, ins, 16);
            case I32x4_REPLACE_LANE:
            case F32x4_REPLACE_LANE:
                return replace(s, ins, 32);
            case I64x2_REPLACE_LANE:
            case F64x2_REPLACE_LANE:
                return replace(s, ins, 64);
            default:
                return false;
        }
    }

    private static int byteAt(long lo, long hi, int i) {
        return (int) ((i < 8 ? lo : hi) >>> ((i & 7) * 8)) & 0xFF;
    }

    /** The 16 lane indices are the immediate's bytes; 0-15 pick from the first operand, 16-31 from the second. */
    private static boolean shuffle(MStack s, long idxLo, long idxHi) {
        long bh = s.pop();
        long bl = s.pop();
        long ah = s.pop();
        long al = s.pop();
        long[] out = new long[2];
        for (int i = 0; i < 16; i++) {
            int idx = byteAt(idxLo, idxHi, i) & 31;
            long v = idx < 16 ? byteAt(al, ah, idx) : byteAt(bl, bh, idx - 16);
            out[i >> 3] |= v << ((i & 7) * 8);
        }
        V128.push(s, out[0], out[1]);
        return true;
    }

    /** Like shuffle with indices taken at run time from the second operand; 16 and above give 0. */
    private static boolean swizzle(MStack s) {
        long ih = s.pop();
        long il = s.pop();
        long ah = s.pop();
        long al = s.pop();
        long[] out = new long[2];
        for (int i = 0; i < 16; i++) {
            int idx = byteAt(il, ih, i);
            long v = idx < 16 ? byteAt(al, ah, idx) : 0;
            out[i >> 3] |= v << ((i & 7) * 8);
        }
        V128.push(s, out[0], out[1]);
        return true;
    }

    private static boolean splat(MStack s, int bits) {
        long v = V128.splat(s.pop(), bits);
        V128.push(s, v, v);
        return true;
    }

    /** Pushes the lane as Chicory holds scalars: i32 and f32 bits sign-extended, i64 and f64 as is. */
    private static boolean extract(MStack s, Instruction ins, int bits, boolean signed) {
        long hi = s.pop();
        long lo = s.pop();
        int lane = (int) ins.operand(0);
        if (bits == 64) {
            s.push(lane == 0 ? lo : hi);
            return true;
        }
        int v = V128.lane(lo, hi, lane, bits);
        s.push(signed ? v : v & (int) V128.mask(bits));
        return true;
    }

    private static boolean replace(MStack s, Instruction ins, int bits) {
        long value = s.pop();
        long hi = s.pop();
        long lo = s.pop();
        int lane = (int) ins.operand(0);
        int perHalf = 64 / bits;
        if (lane < perHalf) {
            lo = V128.withLane(lo, lane, bits, value);
        } else {
            hi = V128.withLane(hi, lane - perHalf, bits, value);
        }
        V128.push(s, lo, hi);
        return true;
    }
}
