package io.wasmudf.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.WasmException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The allocator's layout rules, as the Extism kernel defines them: a 64-byte root at address 1,
 * 12-byte block headers from 65, reuse of freed blocks with a split at 128 spare bytes.
 */
class KernelMemoryTest {

    @Test
    void firstAllocationFollowsRootAndHeader() {
        KernelMemory m = new KernelMemory(64);
        assertEquals(77, m.alloc(10));
        assertEquals(10, m.length(77));
        assertEquals(77 + 10 + 12, m.alloc(5));
    }

    @Test
    void zeroAllocationAndNonBlockOffsetsAreNull() {
        KernelMemory m = new KernelMemory(64);
        assertEquals(0, m.alloc(0));
        long h = m.alloc(16);
        assertEquals(0, m.length(h + 1));
        assertEquals(0, m.length(0));
        assertEquals(16, m.lengthUnsafe(h));
    }

    @Test
    void freedBlockIsReusedWhenLargeEnough() {
        KernelMemory m = new KernelMemory(64);
        long a = m.alloc(100);
        m.alloc(8);
        m.free(a);
        assertEquals(0, m.length(a));
        assertEquals(a, m.alloc(50));
        assertEquals(50, m.length(a));
    }

    @Test
    void largeFreedBlockIsSplitFromTheEnd() {
        KernelMemory m = new KernelMemory(64);
        long a = m.alloc(1000);
        m.alloc(8);
        m.free(a);
        long b = m.alloc(10);
        // the split-off block sits at the end of the freed one: header + 10 bytes before its end
        assertEquals(a + 1000 - 10, b);
        assertEquals(10, m.length(b));
    }

    @Test
    void resetForgetsEverything() {
        KernelMemory m = new KernelMemory(64);
        long h = m.allocBytes("hello".getBytes(StandardCharsets.UTF_8), 0, 5);
        m.inputSet(h, 5);
        m.outputSet(h, 5);
        m.errorSet(h);
        m.reset();
        assertEquals(0, m.inputLength());
        assertEquals(0, m.outputLength());
        assertEquals(0, m.errorGet());
        assertEquals(0, m.length(h));
        assertEquals(77, m.alloc(3));
    }

    @Test
    void loadsAndStoresAreLittleEndianAndBoundsChecked() {
        KernelMemory m = new KernelMemory(64);
        long h = m.alloc(16);
        m.storeU64(h, 0x0102030405060708L);
        assertEquals(0x08, m.loadU8(h));
        assertEquals(0x0102030405060708L, m.loadU64(h));
        assertEquals(0, m.loadU8(10)); // below the allocator's area
        assertEquals(0, m.loadU64(Long.MAX_VALUE - 3));
        m.storeU8(Long.MAX_VALUE, 1); // ignored, no exception
    }

    @Test
    void inputLoadsStopAtTheInputLength() {
        KernelMemory m = new KernelMemory(64);
        byte[] in = "abcdefghij".getBytes(StandardCharsets.UTF_8);
        long h = m.allocBytes(in, 0, in.length);
        m.inputSet(h, in.length);
        assertEquals('a', m.inputLoadU8(0));
        assertEquals(0, m.inputLoadU8(10));
        assertEquals(0, m.inputLoadU64(3)); // 3 + 8 > 10
        assertArrayEquals(in, m.readBlock(m.inputOffset()));
    }

    @Test
    void growsByPagesAndRefusesPastTheCap() {
        KernelMemory m = new KernelMemory(KernelMemory.INITIAL_PAGES + 2);
        long big = m.alloc(100_000);
        assertTrue(big > 0);
        assertEquals(100_000, m.length(big));
        WasmException e = assertThrows(WasmException.class, () -> m.alloc(10_000_000));
        assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
        assertTrue(m.growthDenied());
    }

    @Test
    void freeingTheInputClearsItsLength() {
        KernelMemory m = new KernelMemory(64);
        long h = m.alloc(4);
        m.inputSet(h, 4);
        m.free(h);
        assertEquals(0, m.inputLength());
    }
}
