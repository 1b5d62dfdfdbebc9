package io.wasmudf.runtime.internal;

import io.wasmudf.runtime.MemoryBudget;
import io.wasmudf.runtime.WasmException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The Extism kernel's memory and allocator, in Java.
 *
 * <p>Handles are offsets into one flat address space laid out exactly as the reference kernel lays
 * out its own linear memory, so plug-ins that look at handle values (raw-ABI modules do) see the
 * same numbers: a root record at address 1, block headers of 12 bytes (status u8, size u32, used
 * u32) from address 65, a bump allocator that reuses freed blocks and splits them when the excess is
 * 128 bytes or more. Offset 0 is NULL. The backing array grows on demand; addresses past it read as
 * zero, as untouched Wasm memory does.
 *
 * <p>All arithmetic on guest-supplied sizes and offsets is exact: an offset or length outside the
 * memory (negative ones are huge unsigned values) reads as zero, is ignored when stored or set as
 * output, and an allocation that can never be satisfied returns 0. Growth of the backing array is
 * charged to the instance's {@link MemoryBudget.Account}.
 *
 * <p>Over 400 lines on purpose: the layout, the allocator and the bounds rules of every access
 * must be read together to check that no guest value escapes them.
 */
public final class KernelMemory {
    public static final int PAGE_SIZE = 65536;
    /** The reference kernel starts with this many pages of linear memory. */
    public static final int INITIAL_PAGES = 16;

    private static final int ROOT_ADDRESS = 1;
    private static final int ROOT_SIZE = 64;
    private static final int BLOCKS_START = ROOT_ADDRESS + ROOT_SIZE; // 65
    static final int HEADER_SIZE = 12;
    private static final int SPLIT_THRESHOLD = 128;
    private static final byte UNUSED = 0;
    private static final byte ACTIVE = 1;
    private static final byte FREE = 2;

    /** Addresses stay below 2^31 so every one is a valid Java array index. */
    static final long MAX_PAGES = (Integer.MAX_VALUE - 8) / PAGE_SIZE;

    private byte[] bytes;
    private final MemoryBudget.Account account;
    private boolean growthDenied;
    /** Pages of the emulated linear memory: bounds checks use this, as the kernel's do. */
    private long pages = INITIAL_PAGES;
    private final long maxPages;

    // The MemoryRoot fields live in Java fields; nothing in a plug-in can address them.
    private long position;
    private long length = PAGE_SIZE - ROOT_SIZE;
    private long error;
    private long inputOffset;
    private long inputLength;
    private long outputOffset;
    private long outputLength;
    /** Answers that skip walking the block list while no store can have touched a header. */
    private final BlockShortcuts shortcuts = new BlockShortcuts();

    /**
     * @param maxPages the most pages this memory may grow to (at least {@link #INITIAL_PAGES}, at
     *                 most {@link #MAX_PAGES})
     * @param account  where the backing array's bytes are charged
     */
    public KernelMemory(long maxPages, MemoryBudget.Account account) {
        this.maxPages = Math.min(MAX_PAGES, Math.max(INITIAL_PAGES, maxPages));
        this.account = account;
        account.reserve(PAGE_SIZE, "kernel memory");
        this.bytes = new byte[PAGE_SIZE];
    }

    /** A kernel memory outside any budget (tests, tools). */
    public KernelMemory(long maxPages) {
        this(maxPages, new MemoryBudget(Long.MAX_VALUE).open());
    }

    /**
     * The most bytes one block could hold in the largest kernel memory there can be: anything
     * larger is an impossible allocation (0). A size under it that passes this memory's own page
     * limit fails the call as out of memory instead, as Extism's memory limiter does.
     */
    private static final long MAX_BLOCK_BYTES = (MAX_PAGES << 16) - BLOCKS_START - HEADER_SIZE;

    // ---- allocator -------------------------------------------------------------------------

    /** Allocates {@code n} bytes; 0 for n == 0 and for sizes that could never fit (negative ones are huge). */
    public long alloc(long n) {
        if (n <= 0 || n > MAX_BLOCK_BYTES) {
            return 0;
        }
        long reused = shortcuts.noFreeBlock() ? 0 : findFreeBlock(n);
        if (reused != 0) {
            putInt(reused + 8, (int) n);
            shortcuts.allocated(reused, Integer.toUnsignedLong(getInt(reused + 4)), bytes[(int) reused] == FREE);
            bytes[(int) reused] = ACTIVE;
            return reused + HEADER_SIZE;
        }
        long current = BLOCKS_START + position;
        long memLeft = length - position - ROOT_SIZE;
        if (n >= memLeft) {
            long needed = n - memLeft;
            long grow = (needed + PAGE_SIZE - 1) / PAGE_SIZE;
            if (pages + grow > maxPages) {
                // Extism's resource limiter fails the call rather than letting alloc return 0.
                growthDenied = true;
                throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: kernel memory would grow past "
                        + (maxPages - INITIAL_PAGES) + " pages allocating " + n + " bytes");
            }
            pages += grow;
            length += grow * PAGE_SIZE;
        }
        long end = current + HEADER_SIZE + n;
        if (end > (maxPages << 16)) {
            return 0;
        }
        ensureCapacity(end);
        position += n + HEADER_SIZE;
        bytes[(int) current] = ACTIVE;
        putInt(current + 4, (int) n);
        putInt(current + 8, (int) n);
        shortcuts.allocated(current, n, false);
        return current + HEADER_SIZE;
    }

    /** Returns the header address of a reusable block, or 0. */
    private long findFreeBlock(long n) {
        long block = BLOCKS_START;
        long limit = BLOCKS_START + position;
        while (block < limit) {
            byte status = bytes[(int) block];
            long size = Integer.toUnsignedLong(getInt(block + 4));
            if (status == UNUSED) {
                return block;
            }
            if (block + HEADER_SIZE + size > limit) {
                return 0; // a header the plug-in overwrote: never reuse past the allocated range
            }
            if (status == FREE && size >= n) {
                if (size - n >= SPLIT_THRESHOLD) {
                    long remaining = size - n - HEADER_SIZE;
                    putInt(block + 4, (int) remaining);
                    putInt(block + 8, 0);
                    long split = block + HEADER_SIZE + remaining;
                    putInt(split + 4, (int) n);
                    putInt(split + 8, 0);
                    bytes[(int) split] = FREE;
                    shortcuts.freed();
                    return split;
                }
                return block;
            }
            block = block + HEADER_SIZE + size;
        }
        return 0;
    }

    /** Returns the header address of the active block whose data starts at {@code offset}, or 0. */
    private long findBlock(long offset) {
        if (!inBoundsFast(offset)) {
            return 0;
        }
        long known = shortcuts.knownHeader(offset);
        if (known > 0) {
            return bytes[(int) known] == ACTIVE ? known : 0; // what the walk would reach there
        }
        long block = BLOCKS_START;
        long limit = BLOCKS_START + offset;
        long end = BLOCKS_START + position;
        while (block < limit && block < end) {
            long size = Integer.toUnsignedLong(getInt(block + 4));
            if (bytes[(int) block] == ACTIVE && block + HEADER_SIZE == offset) {
                return block;
            }
            block = block + HEADER_SIZE + size;
        }
        return 0;
    }

    public void free(long handle) {
        if (handle == 0) {
            return;
        }
        long block = findBlock(handle);
        if (block != 0) {
            bytes[(int) block] = FREE;
            shortcuts.freed();
            if (handle == inputOffset) {
                inputLength = 0;
            }
        }
    }

    /** Bytes used by the block starting exactly at {@code handle}; 0 for anything else. */
    public long length(long handle) {
        if (handle == 0) {
            return 0;
        }
        long block = findBlock(handle);
        return block == 0 ? 0 : Integer.toUnsignedLong(getInt(block + 8));
    }

    /** Like {@link #length} without walking the block list: trusts the header before the handle. */
    public long lengthUnsafe(long handle) {
        if (handle == 0 || !inBoundsFast(handle) || handle < HEADER_SIZE) {
            return 0;
        }
        long header = handle - HEADER_SIZE;
        if (header >= bytes.length || bytes[(int) header] != ACTIVE) {
            return 0;
        }
        return Integer.toUnsignedLong(getInt(header + 8));
    }

    /** Clears every allocation, the input, the output and the error; memory never shrinks. */
    public void reset() {
        int from = BLOCKS_START;
        int to = (int) Math.min(bytes.length, BLOCKS_START + position);
        if (to > from) {
            Arrays.fill(bytes, from, to, (byte) 0);
        }
        position = 0;
        shortcuts.reset();
        error = 0;
        inputOffset = 0;
        inputLength = 0;
        outputOffset = 0;
        outputLength = 0;
    }

    // ---- loads and stores ------------------------------------------------------------------

    public int loadU8(long p) {
        if (!inBoundsFast(p)) {
            return 0;
        }
        return p < bytes.length ? bytes[(int) p] & 0xff : 0;
    }

    public long loadU64(long p) {
        if (!inBoundsFast(p + 7)) {
            return 0;
        }
        if (p + 8 <= bytes.length) {
            return getLong(p);
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | loadByteOrZero(p + i);
        }
        return v;
    }

    public void storeU8(long p, int value) {
        if (!inBoundsFast(p)) {
            return;
        }
        ensureCapacity(p + 1);
        shortcuts.stored(p, 1);
        bytes[(int) p] = (byte) value;
    }

    public void storeU64(long p, long value) {
        if (!inBoundsFast(p + 7)) {
            return;
        }
        ensureCapacity(p + 8);
        shortcuts.stored(p, 8);
        putLong(p, value);
    }

    public int inputLoadU8(long i) {
        if (i < 0 || i >= inputLength) {
            return 0;
        }
        return loadByteOrZero(inputOffset + i);
    }

    /** The 8 bytes at input index {@code i}; 0 unless all 8 are inside the input. */
    public long inputLoadU64(long i) {
        if (i < 0 || i > inputLength - 8) {
            return 0;
        }
        return getLong(inputOffset + i);
    }

    // ---- input, output, error --------------------------------------------------------------

    public void inputSet(long handle, long len) {
        if (!rangeInBounds(handle, len)) {
            return;
        }
        inputOffset = handle;
        inputLength = len;
    }

    /** Sets the output; a range not wholly inside the allocator's memory is ignored, as Extism does. */
    public void outputSet(long handle, long len) {
        if (!rangeInBounds(handle, len)) {
            return;
        }
        outputOffset = handle;
        outputLength = len;
    }

    public void errorSet(long handle) {
        if (handle != 0 && !inBounds(handle)) {
            return;
        }
        error = handle;
    }

    public long errorGet() {
        return error;
    }

    public long inputOffset() {
        return inputOffset;
    }

    public long inputLength() {
        return inputLength;
    }

    public long outputOffset() {
        return outputOffset;
    }

    public long outputLength() {
        return outputLength;
    }

    /** The allocator's managed length, as the kernel's {@code memory_bytes} reports it. */
    public long memoryBytes() {
        return length;
    }

    /** Whether an allocation failed because the page limit was reached. */
    public boolean growthDenied() {
        return growthDenied;
    }

    /** Bytes of Java heap this memory holds now. */
    public long footprint() {
        return bytes.length;
    }

    // ---- host-side bulk access -------------------------------------------------------------

    /** Allocates a block holding {@code data}; returns 0 for empty data or when memory is exhausted. */
    public long allocBytes(byte[] data, int off, int len) {
        if (len == 0) {
            return 0;
        }
        long h = alloc(len);
        if (h != 0) {
            System.arraycopy(data, off, bytes, (int) h, len);
        }
        return h;
    }

    /** Copies {@code len} bytes at {@code p}; bytes outside the memory read as zero. */
    public byte[] read(long p, long len) {
        if (len < 0 || len > Integer.MAX_VALUE - 8) {
            throw new WasmException(WasmException.Kind.OUTPUT_TOO_LARGE, "a block of " + Long.toUnsignedString(len)
                    + " bytes cannot be copied out of kernel memory");
        }
        byte[] out = new byte[(int) len];
        if (p >= 0 && p < bytes.length) {
            int n = (int) Math.min(len, bytes.length - p);
            System.arraycopy(bytes, (int) p, out, 0, n);
        }
        return out;
    }

    /** Copies the whole block at {@code handle} (its used length), or an empty array if none. */
    public byte[] readBlock(long handle) {
        return read(handle, length(handle));
    }

    /** Writes raw bytes at {@code p} (host functions writing into a block they allocated). */
    public void write(long p, byte[] data, int off, int len) {
        if (p <= 0 || len < 0 || !inBoundsFast(p) || !inBoundsFast(p + len - 1) || p + len - 1 < p) {
            throw new WasmException(WasmException.Kind.HOST_ERROR, "a write of " + len + " bytes at offset " + p
                    + " is outside kernel memory");
        }
        ensureCapacity(p + len);
        shortcuts.stored(p, len);
        System.arraycopy(data, off, bytes, (int) p, len);
    }

    // ---- internals -------------------------------------------------------------------------

    private boolean inBoundsFast(long p) {
        return p >= ROOT_SIZE && p <= (pages << 16);
    }

    private boolean inBounds(long p) {
        return p >= BLOCKS_START && p < BLOCKS_START + length;
    }

    /** Whether [handle, handle + len) lies in the allocator's memory; len is unsigned (negative = huge). */
    private boolean rangeInBounds(long handle, long len) {
        if (len == 0) {
            return inBounds(handle);
        }
        return len > 0 && inBounds(handle) && len - 1 < BLOCKS_START + length - handle;
    }

    private int loadByteOrZero(long p) {
        return p >= 0 && p < bytes.length ? bytes[(int) p] & 0xff : 0;
    }

    private void ensureCapacity(long end) {
        if (end <= bytes.length) {
            return;
        }
        long limit = maxPages << 16;
        if (end > limit) {
            throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: kernel memory access at " + end
                    + " is past its limit of " + limit + " bytes");
        }
        long cap = Math.min(limit, Math.max(end, (long) bytes.length * 2));
        account.reserve(cap - bytes.length, "kernel memory growth");
        bytes = Arrays.copyOf(bytes, (int) cap);
    }

    private int getInt(long p) {
        int i = (int) p;
        if (i + 4 > bytes.length) {
            return 0;
        }
        return (int) INT.get(bytes, i);
    }

    private void putInt(long p, int v) {
        ensureCapacity(p + 4);
        INT.set(bytes, (int) p, v);
    }

    private long getLong(long p) {
        int i = (int) p;
        if (i + 8 > bytes.length) {
            return Integer.toUnsignedLong(getInt(p)) | (Integer.toUnsignedLong(getInt(p + 4)) << 32);
        }
        return (long) LONG.get(bytes, i);
    }

    private void putLong(long p, long v) {
        ensureCapacity(p + 8);
        LONG.set(bytes, (int) p, v);
    }

    // Little-endian views of the byte array: one access per word instead of four or eight.
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
}
