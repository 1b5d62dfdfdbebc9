package io.wasmudf.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.WasmRuntimeException;
import io.wasmudf.runtime.MemoryBudget;
import io.wasmudf.runtime.WasmException;
import org.junit.jupiter.api.Test;

/** The guest memory's limits: the module's maximum (-1), the host's page cap and the budget ("oom"), bounds. */
class GuestMemoryTest {
    private static final int PAGE = GuestMemory.PAGE_SIZE;

    private static GuestMemory memory(int initial, int max, int hostLimit, MemoryBudget budget) {
        return new GuestMemory(initial, max, hostLimit, budget.open(), "test memory");
    }

    @Test
    void growthChargesTheBudgetAndKeepsTheContents() {
        MemoryBudget budget = new MemoryBudget(64L * PAGE);
        GuestMemory m = memory(1, 10, 10, budget);
        assertEquals(PAGE, budget.usedBytes());
        m.writeLong(PAGE - 8, 0x0102030405060708L);
        assertEquals(1, m.grow(2));
        assertEquals(3, m.pages());
        assertEquals(0x0102030405060708L, m.readLong(PAGE - 8));
        m.writeI32(3 * PAGE - 4, 42);
        assertEquals(42, m.readInt(3 * PAGE - 4));
        assertTrue(budget.usedBytes() >= 3L * PAGE, "at least the three pages are charged");
        assertEquals(m.footprint(), budget.usedBytes(), "the budget is charged what the array holds");
        assertFalse(m.growthDenied());
    }

    @Test
    void spareRoomIsNotAddressable() {
        GuestMemory m = memory(1, 100, 100, new MemoryBudget(1L << 30));
        m.grow(1);
        assertTrue(m.footprint() > 2L * PAGE, "growth keeps spare room when the budget has it");
        assertThrows(WasmRuntimeException.class, () -> m.read(2 * PAGE));
        assertThrows(WasmRuntimeException.class, () -> m.readInt(2 * PAGE - 3));
        assertThrows(WasmRuntimeException.class, () -> m.writeLong(2 * PAGE - 1, 1));
        assertThrows(WasmRuntimeException.class, () -> m.readBytes(2 * PAGE - 10, 11));
        assertThrows(WasmRuntimeException.class, () -> m.fill((byte) 1, 0, 2 * PAGE + 1));
        assertThrows(WasmRuntimeException.class, () -> m.copy(0, 2 * PAGE - 4, 8));
        assertThrows(WasmRuntimeException.class, () -> m.read(-1));
        assertEquals(0, m.read(2 * PAGE - 1));
    }

    @Test
    void pastTheModulesMaximumGrowReturnsMinusOne() {
        GuestMemory m = memory(1, 2, 10, new MemoryBudget(1L << 30));
        assertEquals(1, m.grow(1));
        assertEquals(-1, m.grow(1));
        assertEquals(2, m.pages());
        assertEquals(2, m.grow(0));
        assertFalse(m.growthDenied(), "a module's own maximum is Wasm semantics, not a denied growth");
    }

    @Test
    void pastTheHostLimitGrowIsOutOfMemory() {
        GuestMemory m = memory(1, 100, 4, new MemoryBudget(1L << 30));
        WasmException e = assertThrows(WasmException.class, () -> m.grow(4));
        assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
        assertTrue(m.growthDenied());
        assertEquals(1, m.pages());
    }

    @Test
    void pastTheBudgetGrowIsOutOfMemoryAndChargesNothing() {
        MemoryBudget budget = new MemoryBudget(3L * PAGE);
        GuestMemory m = memory(2, 100, 100, budget);
        WasmException e = assertThrows(WasmException.class, () -> m.grow(2));
        assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
        assertTrue(m.growthDenied());
        assertEquals(2L * PAGE, budget.usedBytes());
        assertEquals(2, m.pages());
        assertEquals(2, m.grow(1), "what the budget still has is granted");
        assertEquals(3L * PAGE, budget.usedBytes(), "no spare room beyond the budget");
    }

    @Test
    void initialPagesPastTheBudgetFailAsOutOfMemory() {
        MemoryBudget budget = new MemoryBudget(PAGE);
        WasmException e = assertThrows(WasmException.class, () -> memory(2, 2, 2, budget));
        assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind());
        assertEquals(0, budget.usedBytes());
    }

    @Test
    void bulkOperationsStayInside() {
        GuestMemory m = memory(1, 1, 1, new MemoryBudget(1L << 30));
        m.write(10, new byte[] {1, 2, 3, 4}, 1, 2);
        m.copy(20, 10, 2);
        m.fill((byte) 9, 30, 33);
        assertArrayEquals(new byte[] {2, 3, 0, 0}, m.readBytes(20, 4));
        assertArrayEquals(new byte[] {9, 9, 9, 0}, m.readBytes(30, 4));
        m.zero();
        assertArrayEquals(new byte[4], m.readBytes(20, 4));
        assertEquals(0.5f, floatRoundTrip(m), 0f);
    }

    @Test
    void skipNextZeroSkipsOneZeroOnly() {
        GuestMemory m = memory(1, 1, 1, new MemoryBudget(1L << 30));
        m.skipNextZero();
        m.zero();
        assertArrayEquals(new byte[4], m.readBytes(0, 4), "a new memory is zero without being zeroed");
        m.write(0, new byte[] {7, 7, 7, 7});
        m.zero();
        assertArrayEquals(new byte[4], m.readBytes(0, 4), "every later zero clears");
    }

    @Test
    void anImageRestoresIntoAFreshMemoryUnderTheSameLimits() {
        MemoryBudget budget = new MemoryBudget(1L << 30);
        GuestMemory source = memory(1, 10, 10, budget);
        source.grow(2);
        source.writeLong(2 * PAGE + 8, 77L);
        byte[] image = source.image();
        assertEquals(3 * PAGE, image.length);
        GuestMemory fresh = memory(1, 10, 10, budget);
        fresh.restore(image);
        assertEquals(3, fresh.pages());
        assertEquals(77L, fresh.readLong(2 * PAGE + 8));
        assertThrows(IllegalArgumentException.class, () -> fresh.restore(new byte[PAGE]), "memories do not shrink");
        GuestMemory capped = memory(1, 10, 2, budget);
        WasmException e = assertThrows(WasmException.class, () -> capped.restore(image));
        assertEquals(WasmException.Kind.OUT_OF_MEMORY, e.kind(), "the host's cap holds for a restore too");
    }

    private static float floatRoundTrip(GuestMemory m) {
        m.writeF32(100, 0.5f);
        return m.readFloat(100);
    }
}
