package io.wasmudf.runtime.internal;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import io.wasmudf.runtime.MemoryBudget;
import io.wasmudf.runtime.WasmException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * A guest's (non-shared) linear memory: one flat byte array, every page charged to the JVM-wide
 * {@link MemoryBudget}. Growing past the module's own maximum returns -1 as Wasm says; growing past
 * the host's limit ({@code memory.max_pages}) or the budget stops the call with "oom", as Extism's
 * resource limiter does.
 *
 * <p>Why not Chicory's {@code ByteArrayMemory}: it is final and has no way to observe a
 * {@code memory.grow}, so enforcing the budget meant wrapping it and delegating every load and
 * store through a second class. This class is the memory itself: the compiled code calls one final
 * class per access, and a load is one bounds check against the size plus the array's own. The
 * array keeps spare room (charged only while the budget has it to spare) so that growing one page
 * at a time does not copy the whole memory each time.
 */
public final class GuestMemory implements Memory {
    public static final int PAGE_SIZE = Memory.PAGE_SIZE;
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Chicory's own ceiling for a byte-array memory (just under 2 GiB). */
    static final int MAX_PAGES = 32767;

    private final int initialPages;
    private final int maximumPages;
    private final int hostLimitPages;
    private final MemoryBudget.Account account;
    private byte[] bytes;
    private int size;
    private DataSegment[] segments = new DataSegment[0];
    private boolean growthDenied;

    /** Set by the memory's maker while it is as Java allocated it: see {@link #skipNextZero()}. */
    private boolean skipNextZero;

    /**
     * Allocates {@code initialPages} and charges them to {@code account} (failing as "oom" if the
     * budget refuses them).
     *
     * @param maximumPages   the module's declared maximum: growth past it returns -1
     * @param hostLimitPages pages the host allows: growth past it is an "oom" failure
     */
    public GuestMemory(int initialPages, int maximumPages, int hostLimitPages, MemoryBudget.Account account, String what) {
        this.initialPages = initialPages;
        this.maximumPages = Math.min(maximumPages, MAX_PAGES);
        this.hostLimitPages = hostLimitPages;
        this.account = account;
        long initialBytes = (long) initialPages * PAGE_SIZE;
        account.reserve(initialBytes, what);
        this.bytes = new byte[(int) initialBytes];
        this.size = (int) initialBytes;
    }

    /** Whether a grow was refused because a limit was reached. */
    public boolean growthDenied() {
        return growthDenied;
    }

    /** Bytes of heap this memory holds, spare room included. */
    public long footprint() {
        return bytes.length;
    }

    /** A copy of the memory's contents: its current pages, not the spare room. */
    public byte[] image() {
        return Arrays.copyOf(bytes, size);
    }

    /**
     * Makes the contents equal to {@code image} (an {@link #image()} of a memory of the same module),
     * growing first, with the same limits and charges as {@code memory.grow}: for starting an
     * instance from a snapshot instead of running its constructors.
     *
     * @throws IllegalArgumentException if the image is not whole pages or is smaller than this memory
     */
    public void restore(byte[] image) {
        if (image.length % PAGE_SIZE != 0 || image.length < size) {
            throw new IllegalArgumentException("a memory image must be whole pages, at least the memory's "
                    + size + " bytes: " + image.length);
        }
        int more = image.length / PAGE_SIZE - pages();
        if (more > 0 && grow(more) < 0) {
            throw new IllegalArgumentException("a memory image of " + image.length / PAGE_SIZE
                    + " pages is past this memory's maximum of " + maximumPages + " pages");
        }
        System.arraycopy(image, 0, bytes, 0, image.length);
    }

    @Override
    public int pages() {
        return size / PAGE_SIZE;
    }

    @Override
    public int grow(int delta) {
        int before = pages();
        if (delta > 0 && (long) before + delta > hostLimitPages) {
            growthDenied = true;
            throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: memory.grow of " + delta
                    + " pages past the limit of " + hostLimitPages + " pages");
        }
        if (delta < 0 || (long) before + delta > maximumPages) {
            return -1; // refused by the module's own maximum (or a delta past 2^31 pages)
        }
        int newSize = (before + delta) * PAGE_SIZE;
        if (newSize > bytes.length) {
            reallocate(newSize, delta);
        }
        size = newSize;
        return before;
    }

    private void reallocate(int newSize, int delta) {
        int old = bytes.length;
        try {
            account.reserve(newSize - old, "memory.grow of " + delta + " pages");
        } catch (WasmException e) {
            growthDenied = true;
            throw e;
        }
        // Spare room of half the size again, up to the host's limit, only if the budget has it to spare.
        long roomy = Math.min((long) newSize + newSize / 2, (long) Math.min(hostLimitPages, maximumPages) * PAGE_SIZE);
        int capacity = roomy > newSize && account.reserveIfFree(roomy - newSize) ? (int) roomy : newSize;
        bytes = Arrays.copyOf(bytes, capacity);
    }

    /**
     * Makes room for {@code pages} without growing (so later growth up to them copies nothing), if
     * the budget has the bytes to spare: an instance started from an image knows how far start-up
     * will grow its memory. Never past the host's limit or the module's maximum.
     */
    public void reserveRoom(int pages) {
        long want = (long) Math.min(pages, Math.min(hostLimitPages, maximumPages)) * PAGE_SIZE;
        if (want > bytes.length && account.reserveIfFree(want - bytes.length)) {
            bytes = Arrays.copyOf(bytes, (int) want);
        }
    }

    @Override
    public int initialPages() {
        return initialPages;
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Object lock(int address) {
        return this; // atomics on a memory only its one running call can touch: any monitor will do
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    public int notify(int address, int count) {
        check(address, 4);
        return 0; // no thread can wait on a non-shared memory
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        segments = dataSegments == null ? new DataSegment[0] : dataSegments.clone();
        for (DataSegment s : segments) {
            if (s instanceof ActiveDataSegment && ((ActiveDataSegment) s).index() == 0) {
                ActiveDataSegment a = (ActiveDataSegment) s;
                int offset = offset(instance, a.offsetInstructions());
                byte[] data = a.data();
                if (offset < 0 || (long) offset + data.length > size) {
                    throw new UninstantiableException("out of bounds memory access: data segment of " + data.length
                            + " bytes at " + Integer.toUnsignedString(offset) + " does not fit in " + size + " bytes");
                }
                System.arraycopy(data, 0, bytes, offset, data.length);
            } else if (!(s instanceof PassiveDataSegment) && !(s instanceof ActiveDataSegment)) {
                throw new ChicoryException("unknown data segment kind " + s);
            }
        }
    }

    /**
     * A segment's offset. Almost every offset is one {@code i32.const}, read here directly: Chicory's
     * general evaluator was a fifth of building a Go-PDK instance (28,996 segments).
     */
    private static int offset(Instance instance, List<Instruction> expr) {
        if (expr.size() <= 2 && !expr.isEmpty() && expr.get(0).opcode() == OpCode.I32_CONST
                && (expr.size() == 1 || expr.get(1).opcode() == OpCode.END)) {
            return (int) expr.get(0).operand(0);
        }
        return (int) ConstantEvaluators.computeConstantValue(instance, expr)[0];
    }

    @Override
    public void initPassiveSegment(int segment, int destination, int offset, int length) {
        byte[] data = segments[segment].data();
        if (offset < 0 || length < 0 || (long) offset + length > data.length) {
            throw new WasmRuntimeException("out of bounds memory access: segment " + segment);
        }
        write(destination, data, offset, length);
    }

    @Override
    public void drop(int segment) {
        segments[segment] = PassiveDataSegment.EMPTY;
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        check(address, length);
        System.arraycopy(data, offset, bytes, address, length);
    }

    @Override
    public byte[] readBytes(int address, int length) {
        check(address, length);
        return Arrays.copyOfRange(bytes, address, address + length);
    }

    @Override
    public void zero() {
        if (skipNextZero) {
            skipNextZero = false;
            return;
        }
        Arrays.fill(bytes, 0, size, (byte) 0);
    }

    /**
     * The next {@link #zero()} does nothing: for a memory just made, which Java allocated zeroed,
     * and which Chicory's instance build zeroes again before anything can write to it (the Go-PDK
     * module's 37 pages, 2.4 MB, on every new instance). Only its maker may say so.
     */
    public void skipNextZero() {
        skipNextZero = true;
    }

    @Override
    public void fill(byte value, int from, int to) {
        if (from < 0 || to < from || to > size) {
            throw outOfBounds(from, to - from);
        }
        Arrays.fill(bytes, from, to, value);
    }

    @Override
    public void copy(int destination, int source, int length) {
        check(destination, length);
        check(source, length);
        System.arraycopy(bytes, source, bytes, destination, length);
    }

    @Override
    public byte read(int address) {
        check(address, 1);
        return bytes[address];
    }

    @Override
    public short readShort(int address) {
        check(address, 2);
        return (short) SHORTS.get(bytes, address);
    }

    @Override
    public long readU16(int address) {
        return readShort(address) & 0xFFFFL;
    }

    @Override
    public int readInt(int address) {
        check(address, 4);
        return (int) INTS.get(bytes, address);
    }

    @Override
    public long readLong(int address) {
        check(address, 8);
        return (long) LONGS.get(bytes, address);
    }

    @Override
    public long readF32(int address) {
        return readInt(address) & 0xFFFFFFFFL;
    }

    @Override
    public float readFloat(int address) {
        return Float.intBitsToFloat(readInt(address));
    }

    @Override
    public long readF64(int address) {
        return readLong(address);
    }

    @Override
    public double readDouble(int address) {
        return Double.longBitsToDouble(readLong(address));
    }

    @Override
    public void writeByte(int address, byte value) {
        check(address, 1);
        bytes[address] = value;
    }

    @Override
    public void writeShort(int address, short value) {
        check(address, 2);
        SHORTS.set(bytes, address, value);
    }

    @Override
    public void writeI32(int address, int value) {
        check(address, 4);
        INTS.set(bytes, address, value);
    }

    @Override
    public void writeLong(int address, long value) {
        check(address, 8);
        LONGS.set(bytes, address, value);
    }

    @Override
    public void writeF32(int address, float value) {
        writeI32(address, Float.floatToRawIntBits(value));
    }

    @Override
    public void writeF64(int address, double value) {
        writeLong(address, Double.doubleToRawLongBits(value));
    }

    /** Traps unless {@code [address, address + length)} lies inside the memory's current size. */
    private void check(int address, int length) {
        if (address < 0 || length < 0 || address > size - length) {
            throw outOfBounds(address, length);
        }
    }

    private WasmRuntimeException outOfBounds(int address, int length) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address "
                + Integer.toUnsignedString(address) + " with size " + length + " but limit is " + size);
    }
}
