package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.Memory;
import java.util.Arrays;

/**
 * A guest memory's contents, kept as the runs of 4 KiB chunks that are not all zero: a new memory
 * starts zeroed, so writing those runs back (after growing it to the same size) makes it equal.
 * The Go-PDK module's 46 pages after start-up hold much less than 46 × 64 KiB of non-zero data.
 */
final class MemoryImage {
    static final int CHUNK = 4096;

    private final int pages;
    /** Start addresses of the runs, ascending. */
    private final int[] starts;
    /** The runs' bytes, one array each. */
    private final byte[][] runs;
    private final long bytes;

    private MemoryImage(int pages, int[] starts, byte[][] runs) {
        this.pages = pages;
        this.starts = starts;
        this.runs = runs;
        long total = 0;
        for (byte[] r : runs) {
            total += r.length;
        }
        this.bytes = total;
    }

    static MemoryImage capture(Memory memory) {
        int pages = memory.pages();
        int chunks = (int) ((long) pages * Memory.PAGE_SIZE / CHUNK);
        int[] starts = new int[16];
        byte[][] runs = new byte[16][];
        int n = 0;
        int c = 0;
        while (c < chunks) {
            byte[] chunk = memory.readBytes(c * CHUNK, CHUNK);
            if (isZero(chunk)) {
                c++;
                continue;
            }
            int first = c;
            java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
            while (c < chunks && !isZero(chunk)) {
                run.write(chunk, 0, CHUNK);
                c++;
                chunk = c < chunks ? memory.readBytes(c * CHUNK, CHUNK) : null;
            }
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                runs = Arrays.copyOf(runs, n * 2);
            }
            starts[n] = first * CHUNK;
            runs[n++] = run.toByteArray();
        }
        return new MemoryImage(pages, Arrays.copyOf(starts, n), Arrays.copyOf(runs, n));
    }

    private static boolean isZero(byte[] chunk) {
        for (byte b : chunk) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    int pages() {
        return pages;
    }

    /** Bytes of memory contents held. */
    long bytes() {
        return bytes;
    }

    /**
     * Grows a zeroed memory to the image's size and writes the image into it. Growing goes through
     * the memory's own {@code grow}, so the host's page limit and the memory budget see every page.
     */
    void restore(Memory memory) {
        int missing = pages - memory.pages();
        if (missing > 0 && memory.grow(missing) < 0) {
            throw new IllegalStateException("the memory cannot grow to the image's " + pages + " pages");
        }
        for (int i = 0; i < starts.length; i++) {
            memory.write(starts[i], runs[i]);
        }
    }
}
