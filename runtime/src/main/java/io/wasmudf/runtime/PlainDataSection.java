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
 * at an {@code i32.const} offset, or passive — without Chicory's general expression decoder. In a
 * new JVM Chicory takes 80–90 ms over the Go-PDK module's 28,996 segments (two instructions each,
 * boxed operands, lists), and instantiation then evaluates every offset again; per-segment work
 * runs in the bytecode interpreter there, so the count of segments is what costs.
 *
 * <p>So when no segment's index can be observed, the segments are given as their <b>image</b>:
 * applied in order to a zeroed buffer, as instantiation would apply them to the zeroed memory,
 * and cut into a few segments of the non-zero 4 KiB chunks they cover. That needs all segments
 * active (a passive one exists to be named), no data count section (without one Chicory's
 * validation, which every module with stored classes passed, refuses {@code memory.init} and
 * {@code data.drop}, the only instructions naming a segment), and every segment inside the
 * module's own memory's initial size (else instantiation must fail on that segment, as it will:
 * they are then given one by one). Otherwise the segments are given one by one, as Chicory's.
 * Anything else (another memory, another offset expression, a malformed section) gives null: the
 * caller lets Chicory decode it.
 */
final class PlainDataSection {
    private static final int I32_CONST = 0x41;
    private static final int END = 0x0b;
    static final int CHUNK = 4096;
    /** The largest image built (the memory takes as much at instantiation; this is before any budget). */
    static final long MAX_IMAGE_BYTES = 16L << 20;

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
            Segments found = new PlainDataSection(wasm, range[0], range[1]).segments();
            if (found == null) {
                return null;
            }
            long memoryBytes = sectionRange(wasm, SectionId.DATA_COUNT) == null
                    ? Math.min(initialMemoryBytes(wasm), Integer.MAX_VALUE) : -1;
            boolean image = found.allActive && found.maxEnd <= memoryBytes && found.span() <= MAX_IMAGE_BYTES;
            return image ? found.image(wasm) : found.oneByOne(wasm);
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

    /**
     * Bytes of the module's one memory at instantiation; -1 if it has none of its own, imports one
     * (memory 0 would then be the imported one) or it is unusual.
     */
    private static long initialMemoryBytes(byte[] wasm) {
        int[] range = sectionRange(wasm, SectionId.MEMORY);
        if (range == null || importsMemory(wasm)) {
            return -1;
        }
        PlainDataSection r = new PlainDataSection(wasm, range[0], range[1]);
        if (r.u32() != 1) {
            return -1;
        }
        int flags = r.byteAt();
        if (flags != 0 && flags != 1) {
            return -1;   // shared or 64-bit
        }
        long pages = r.u32();
        return pages < 0 ? -1 : pages * 65536;
    }

    /** Whether the import section imports a memory (or cannot be read: then it is taken to). */
    private static boolean importsMemory(byte[] wasm) {
        int[] range = sectionRange(wasm, SectionId.IMPORT);
        if (range == null) {
            return false;
        }
        PlainDataSection r = new PlainDataSection(wasm, range[0], range[1]);
        long count = r.u32();
        for (long i = 0; i < count; i++) {
            long module = r.u32();
            if (module < 0 || (r.pos += (int) module) > r.end) {
                return true;
            }
            long field = r.u32();
            if (field < 0 || (r.pos += (int) field) > r.end) {
                return true;
            }
            int kind = r.byteAt();
            if (kind == 0x00) {
                r.u32();              // function: type index
            } else if (kind == 0x01) {
                r.byteAt();           // table: element type, limits
                r.limits();
            } else if (kind == 0x03) {
                r.byteAt();           // global: value type, mutability
                r.byteAt();
            } else {
                return true;          // 0x02 a memory; anything else unknown here
            }
        }
        return false;
    }

    private void limits() {
        int flags = byteAt();
        u32();
        if ((flags & 0x01) != 0) {
            u32();
        }
    }

    /** Where each segment's bytes are in the module, in the section's order. */
    private static final class Segments {
        final int[] offsets;
        final int[] addresses;
        final int[] starts;
        final int[] lengths;
        final boolean[] passive;
        boolean allActive = true;
        long maxEnd;
        /** The lowest offset (a passive segment's counts as 0), kept as they are read. */
        long minOffset = Long.MAX_VALUE;

        Segments(int count) {
            offsets = new int[count];
            addresses = new int[count];
            starts = new int[count];
            lengths = new int[count];
            passive = new boolean[count];
        }

        /** Bytes from the lowest segment's chunk to the highest end (offsets known to be under 2 GiB). */
        long span() {
            long min = Math.min(maxEnd, minOffset);
            return maxEnd - (min - min % CHUNK);
        }

        DataSection oneByOne(byte[] wasm) {
            DataSection.Builder section = DataSection.builder();
            for (int i = 0; i < offsets.length; i++) {
                byte[] data = Arrays.copyOfRange(wasm, starts[i], starts[i] + lengths[i]);
                section.addDataSegment(passive[i] ? new PassiveDataSegment(data) : active(addresses[i], offsets[i], data));
            }
            return section.build();
        }

        DataSection image(byte[] wasm) {
            DataSection.Builder section = DataSection.builder();
            if (offsets.length == 0) {
                return section.build();
            }
            int base = (int) (maxEnd - span());
            byte[] image = new byte[(int) (maxEnd - base)];
            boolean[] covered = new boolean[(image.length + CHUNK - 1) / CHUNK];
            for (int i = 0; i < offsets.length; i++) {
                apply(wasm, i, base, image, covered);
            }
            for (int c = 0; c < covered.length; c++) {
                if (!covered[c]) {
                    continue;
                }
                int first = c;
                while (c + 1 < covered.length && covered[c + 1]) {
                    c++;
                }
                int from = first * CHUNK;
                int to = Math.min(image.length, (c + 1) * CHUNK);
                section.addDataSegment(active(0, base + from, Arrays.copyOfRange(image, from, to)));
            }
            return section.build();
        }

        /** Writes segment {@code i} into the image and marks the chunks it covers (see {@link #segment}). */
        private void apply(byte[] wasm, int i, int base, byte[] image, boolean[] covered) {
            int at = offsets[i] - base;
            System.arraycopy(wasm, starts[i], image, at, lengths[i]);
            for (int c = at / CHUNK; lengths[i] > 0 && c <= (at + lengths[i] - 1) / CHUNK; c++) {
                covered[c] = true;
            }
        }

        private static ActiveDataSegment active(int address, int offset, byte[] data) {
            return new ActiveDataSegment(0, List.of(new Instruction(address, OpCode.I32_CONST, new long[] {offset})), data);
        }
    }

    private Segments segments() {
        long count = u32();
        if (count < 0 || count > end - pos) {
            return null;
        }
        Segments s = new Segments((int) count);
        for (int i = 0; i < count; i++) {
            if (!segment(s, i)) {
                return null;
            }
        }
        return pos == end ? s : null;
    }

    /**
     * Reads segment {@code i}; false when it is not plain. A method of its own, as is each step of
     * the loops here: the JVM compiles a method after a few hundred calls, but a loop body in place
     * only after tens of thousands of iterations, more than a module has segments, so in a new JVM
     * the loop would run interpreted to the end (the Go-PDK module, its classes already loaded:
     * 17–20 ms that way, 7–12 ms this way).
     */
    private boolean segment(Segments s, int i) {
        long mode = u32();
        if (mode == 0) {
            s.addresses[i] = pos;
            if (byteAt() != I32_CONST) {
                return false;
            }
            s.offsets[i] = (int) s32();
            if (byteAt() != END) {
                return false;
            }
            s.maxEnd = Math.max(s.maxEnd, Integer.toUnsignedLong(s.offsets[i]) + bytes(s, i));
        } else if (mode == 1) {
            s.passive[i] = true;
            s.allActive = false;
            bytes(s, i);
        } else {
            return false;
        }
        s.minOffset = Math.min(s.minOffset, Integer.toUnsignedLong(s.offsets[i]));
        return true;
    }

    /** Records where segment {@code i}'s bytes are and skips them; returns their length. */
    private int bytes(Segments s, int i) {
        long n = u32();
        if (n < 0 || pos + n > end) {
            throw new IndexOutOfBoundsException();
        }
        s.starts[i] = pos;
        s.lengths[i] = (int) n;
        pos += (int) n;
        return (int) n;
    }

    private int byteAt() {
        if (pos >= end) {
            throw new IndexOutOfBoundsException();
        }
        return wasm[pos++] & 0xff;
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
