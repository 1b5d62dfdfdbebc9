package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * SIMD loads and stores. Operands as Chicory parses a memarg: align, offset, memory index, then the
 * lane for the lane forms. Bounds are checked by the memory itself.
 */
final class V128Memory {
    private V128Memory() {}

    static boolean run(OpCode op, MStack s, Instance instance, Instruction ins) {
        switch (op) {
            case V128_LOAD: {
                Memory m = memory(instance, ins);
                int p = address(s, ins);
                V128.push(s, m.readLong(p), m.readLong(p + 8));
                return true;
            }
            case V128_LOAD8x8_S:
                return extendingLoad(s, instance, ins, 8, true);
            case V128_LOAD8x8_U:
                return extendingLoad(s, instance, ins, 8, false);
            case V128_LOAD16x4_S:
                return extendingLoad(s, instance, ins, 16, true);
            case V128_LOAD16x4_U:
                return extendingLoad(s, instance, ins, 16, false);
            case V128_LOAD32x2_S:
                return extendingLoad(s, instance, ins, 32, true);
            case V128_LOAD32x2_U:
                return extendingLoad(s, instance, ins, 32, false);
            case V128_LOAD8_SPLAT:
                return splatLoad(s, instance, ins, 8);
            case V128_LOAD16_SPLAT:
                return splatLoad(s, instance, ins, 16);
            case V128_LOAD32_SPLAT:
                return splatLoad(s, instance, ins, 32);
            case V128_LOAD64_SPLAT:
                return splatLoad(s, instance, ins, 64);
            case V128_LOAD32_ZERO: {
                Memory m = memory(instance, ins);
                V128.push(s, m.readInt(address(s, ins)) & 0xFFFFFFFFL, 0);
                return true;
            }
            case V128_LOAD64_ZERO: {
                Memory m = memory(instance, ins);
                V128.push(s, m.readLong(address(s, ins)), 0);
                return true;
            }
            case V128_STORE: {
                long hi = s.pop();
                long lo = s.pop();
                Memory m = memory(instance, ins);
                int p = address(s, ins);
                // The upper half first: if it is out of bounds nothing has been written.
                m.writeLong(p + 8, hi);
                m.writeLong(p, lo);
                return true;
            }
            case V128_LOAD8_LANE:
                return loadLane(s, instance, ins, 8);
            case V128_LOAD16_LANE:
                return loadLane(s, instance, ins, 16);
            case V128_LOAD32_LANE:
                return loadLane(s, instance, ins, 32);
            case V128_LOAD64_LANE:
                return loadLane(s, instance, ins, 64);
            case V128_STORE8_LANE:
                return storeLane(s, instance, ins, 8);
            case V128_STORE16_LANE:
                return storeLane(s, instance, ins, 16);
            case V128_STORE32_LANE:
                return storeLane(s, instance, ins, 32);
            case V128_STORE64_LANE:
                return storeLane(s, instance, ins, 64);
            default:
                return false;
        }
    }

    private static Memory memory(Instance instance, Instruction ins) {
        return instance.memory((int) ins.operand(2));
    }

    /** Pops the i32 address and adds the static offset; beyond 2 GiB is out of bounds for Chicory's memories. */
    private static int address(MStack s, Instruction ins) {
        long ea = Integer.toUnsignedLong((int) s.pop()) + ins.operand(1);
        if (ea > Integer.MAX_VALUE - 16) {
            throw new WasmRuntimeException("out of bounds memory access");
        }
        return (int) ea;
    }

    private static long read(Memory m, int p, int bits) {
        switch (bits) {
            case 8:
                return m.read(p);
            case 16:
                return m.readShort(p);
            case 32:
                return m.readInt(p);
            default:
                return m.readLong(p);
        }
    }

    private static void write(Memory m, int p, int bits, long v) {
        switch (bits) {
            case 8:
                m.writeByte(p, (byte) v);
                break;
            case 16:
                m.writeShort(p, (short) v);
                break;
            case 32:
                m.writeI32(p, (int) v);
                break;
            default:
                m.writeLong(p, v);
                break;
        }
    }

    private static boolean extendingLoad(MStack s, Instance instance, Instruction ins, int bits, boolean signed) {
        Memory m = memory(instance, ins);
        long half = m.readLong(address(s, ins));
        V128.push(s, IntWidening.extend(half, bits, signed, 0), IntWidening.extend(half, bits, signed, 1));
        return true;
    }

    private static boolean splatLoad(MStack s, Instance instance, Instruction ins, int bits) {
        Memory m = memory(instance, ins);
        long v = V128.splat(read(m, address(s, ins), bits), bits);
        V128.push(s, v, v);
        return true;
    }

    private static boolean loadLane(MStack s, Instance instance, Instruction ins, int bits) {
        long hi = s.pop();
        long lo = s.pop();
        Memory m = memory(instance, ins);
        long v = read(m, address(s, ins), bits);
        int lane = (int) ins.operand(3);
        int perHalf = 64 / bits;
        if (lane < perHalf) {
            lo = V128.withLane(lo, lane, bits, v);
        } else {
            hi = V128.withLane(hi, lane - perHalf, bits, v);
        }
        V128.push(s, lo, hi);
        return true;
    }

    private static boolean storeLane(MStack s, Instance instance, Instruction ins, int bits) {
        long hi = s.pop();
        long lo = s.pop();
        Memory m = memory(instance, ins);
        int p = address(s, ins);
        int lane = (int) ins.operand(3);
        int perHalf = 64 / bits;
        long half = lane < perHalf ? lo : hi;
        write(m, p, bits, half >>> ((lane % perHalf) * bits));
        return true;
    }
}
