package io.wasmudf.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.MemoryBudget;
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

    @Test
    void everyImpossibleSizeAllocatesNothing() {
        KernelMemory m = new KernelMemory(64);
        for (long n : new long[] {Long.MAX_VALUE, 1L << 62, -1, -16, Long.MIN_VALUE, 1L << 32 << 1}) {
            assertEquals(0, m.alloc(n), "alloc(" + n + ")");
        }
        long h = m.alloc(16);
        assertEquals(77, h);
        assertEquals(16, m.length(h));
    }

    @Test
    void outputAndInputRangesAreCheckedWithoutOverflow() {
        KernelMemory m = new KernelMemory(64);
        long h = m.alloc(8);
        for (long[] r : new long[][] {{h, -1}, {h, Long.MAX_VALUE}, {-8, 16}, {Long.MAX_VALUE, 2}, {h, 1L << 40}}) {
            m.outputSet(r[0], r[1]);
            assertEquals(0, m.outputLength(), "output_set(" + r[0] + ", " + r[1] + ")");
            m.inputSet(r[0], r[1]);
            assertEquals(0, m.inputLength(), "input_set(" + r[0] + ", " + r[1] + ")");
        }
        m.outputSet(h, 8);
        assertEquals(8, m.outputLength());
    }

    @Test
    void loadsAndStoresOutsideMemoryAreZeroAndIgnored() {
        KernelMemory m = new KernelMemory(64);
        long[] far = {-1, -8, Long.MAX_VALUE, Long.MAX_VALUE - 3, Long.MIN_VALUE, 1L << 40, 0, 7};
        for (long p : far) {
            m.storeU8(p, 1);
            m.storeU64(p, -1L);
            assertEquals(0, m.loadU8(p), "load_u8(" + p + ")");
            assertEquals(0, m.loadU64(p), "load_u64(" + p + ")");
            assertEquals(0, m.length(p), "length(" + p + ")");
            assertEquals(0, m.lengthUnsafe(p), "length_unsafe(" + p + ")");
            m.free(p);
            assertEquals(0, m.inputLoadU64(p));
            assertEquals(0, m.inputLoadU8(p));
        }
        assertEquals(77, m.alloc(4));
    }

    @Test
    void aCorruptedHeaderIsNeverReusedPastTheAllocatedRange() {
        KernelMemory m = new KernelMemory(64);
        long a = m.alloc(16);
        m.alloc(16);
        m.free(a);
        m.storeU64(a - 12 + 4, 0xFFFF_FFFFL); // the freed block's size field now claims 4 GiB
        for (int i = 0; i < 1000; i++) {
            long h = m.alloc(1000);
            assertTrue(h > a, "never hands out the corrupted block");
        }
    }

    @Test
    void aPdkCallsBlocksAreFoundFreedAndReusedAsByTheWalk() {
        KernelMemory m = new KernelMemory(64);
        for (int call = 0; call < 3; call++) {
            m.reset();
            long input = m.allocBytes(new byte[100], 0, 100);
            long key = m.alloc(6);
            m.storeU64(key, 0x7365_6c77_6f76L); // "vowels", as a PDK stores a key
            assertEquals(6, m.length(key));
            m.free(key);                        // the host took it
            assertEquals(0, m.length(key));
            long value = m.alloc(5);
            assertEquals(key, value, "the freed key's block is reused");
            assertEquals(5, m.length(value));
            long second = m.alloc(40);
            assertEquals(40, m.length(second));
            assertEquals(5, m.length(value), "the block before the last is still found");
            assertEquals(100, m.length(input), "an older block is found by walking");
            m.free(second);
            m.free(value);
            assertEquals(value, m.alloc(6), "a smaller request takes the first free block");
            assertEquals(second, m.alloc(30));
        }
    }

    @Test
    void afterAStoreOutsideTheLastBlockHeadersAreReadAsTheyAre() {
        KernelMemory m = new KernelMemory(64);
        long a = m.alloc(16);
        long b = m.alloc(16);
        m.storeU8(a - 12, 2); // a's status byte now says free: a forged header
        assertEquals(a, m.alloc(8), "the forged free block is reused, as the walk finds it");
        m.reset();
        a = m.alloc(16);
        b = m.alloc(16);
        m.storeU64(a - 12 + 4, 0xFFFF_FFFFL); // a's size now jumps past b
        assertEquals(0, m.length(b), "b cannot be reached through the forged size");
        m.free(b);
        m.reset();
        a = m.alloc(16);
        b = m.alloc(16);
        m.storeU64(b, 1);                      // inside the last block: headers untouched
        assertEquals(16, m.length(b));
        assertEquals(16, m.length(a));
    }

    @Test
    void growthIsChargedToTheBudgetAndRefusedPastIt() {
        MemoryBudget budget = new MemoryBudget(4L << 20);
        MemoryBudget.Account account = budget.open();
        KernelMemory m = new KernelMemory(4096, account);
        assertTrue(m.alloc(2 << 20) > 0);
        assertTrue(budget.usedBytes() >= 2 << 20);
        WasmException e = assertThrows(WasmException.class, () -> m.alloc(3 << 20));
        assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
        assertTrue(e.getMessage().contains("memory budget"), e.getMessage());
        account.close();
        assertEquals(0, budget.usedBytes());
    }

    @Test
    void readingAnImpossibleLengthIsAWasmException() {
        KernelMemory m = new KernelMemory(64);
        WasmException e = assertThrows(WasmException.class, () -> m.read(77, -1));
        assertTrue(!e.getMessage().contains("java."), e.getMessage());
    }
}
