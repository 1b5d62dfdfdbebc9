package io.wasmudf.runtime;

import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import com.dylibso.chicory.wasm.types.SectionId;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes the data section of a module whose segments are what compilers emit — active in memory 0
 * at an {@code i32.const} offset, or passive — into the same objects as Chicory's parser, without
 * its general expression decoder. In a new JVM, Chicory takes 80–90 ms over the Go-PDK module's
 * 28,996 segments (two instructions each, boxed operands and lists), most of the parse left when
 * the stored classes are loaded ({@link ModuleSkeleton}). Anything else (another memory, another
 * offset expression, a malformed section) gives null: the caller lets Chicory decode it.
 */
final class PlainDataSection {
    private static final int I32_CONST = 0x41;
    private static final int END = 0x0b;

    private final byte[] wasm;
    private final int end;
    private int pos;

    private PlainDataSection(byte[] wasm, int start, int end) {
        this.wasm = wasm;
        this.pos = start;
        this.end = end;
    }

    /** The module's data section decoded, or null: none, or not plain (see the class comment). */
    static DataSection decode(byte[] wasm) {
        int[] range = sectionRange(wasm, SectionId.DATA);
        if (range == null) {
            return null;
        }
        try {
            return new PlainDataSection(wasm, range[0], range[1]).segments();
        } catch (IndexOutOfBoundsException | NegativeArraySizeException e) {
            return null;
        }
    }

    /** Start and end of the contents of section {@code id}, or null when the module has none. */
    static int[] sectionRange(byte[] wasm, int id) {
        PlainDataSection r = new PlainDataSection(wasm, 8, wasm.length);
        while (r.pos < wasm.length) {
            int section = wasm[r.pos++] & 0xff;
            long size = r.u32();
            if (size < 0 || r.pos + size > wasm.length) {
                return null;
            }
            if (section == id) {
                return new int[] {r.pos, r.pos + (int) size};
            }
            r.pos += (int) size;
        }
        return null;
    }

    private DataSection segments() {
        long count = u32();
        DataSection.Builder section = DataSection.builder();
        for (long i = 0; i < count; i++) {
            long mode = u32();
            if (mode == 0) {
                int address = pos;
                if (byteAt() != I32_CONST) {
                    return null;
                }
                long offset = s32();
                if (byteAt() != END) {
                    return null;
                }
                Instruction constant = new Instruction(address, OpCode.I32_CONST, new long[] {offset});
                section.addDataSegment(new ActiveDataSegment(0, List.of(constant), bytes()));
            } else if (mode == 1) {
                section.addDataSegment(new PassiveDataSegment(bytes()));
            } else {
                return null;
            }
        }
        return pos == end ? section.build() : null;
    }

    private int byteAt() {
        if (pos >= end) {
            throw new IndexOutOfBoundsException();
        }
        return wasm[pos++] & 0xff;
    }

    private byte[] bytes() {
        long n = u32();
        if (n < 0 || pos + n > end) {
            throw new IndexOutOfBoundsException();
        }
        byte[] out = Arrays.copyOfRange(wasm, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    /** Unsigned LEB128 of at most 32 bits; -1 when longer. */
    private long u32() {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = pos < end ? wasm[pos++] & 0xff : -1;
            if (b < 0) {
                throw new IndexOutOfBoundsException();
            }
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }

    /** Signed LEB128 of an i32, sign-extended to a long as Chicory keeps an i32.const operand. */
    private long s32() {
        long value = 0;
        int shift = 0;
        int b;
        do {
            if (shift >= 35) {
                throw new IndexOutOfBoundsException();
            }
            b = byteAt();
            value |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if ((b & 0x40) != 0) {
            value |= -1L << shift;
        }
        if (value != (int) value) {
            throw new IndexOutOfBoundsException();   // not an i32: Chicory reports it
        }
        return value;
    }
}
