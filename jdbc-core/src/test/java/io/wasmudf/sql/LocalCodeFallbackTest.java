package io.wasmudf.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.CodeCache;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration with a local cache: the database's entry first, else the local one; compiles go to both. */
class LocalCodeFallbackTest {
    /** A cache in a map. */
    private static final class MapCache implements CodeCache {
        final Map<String, byte[]> entries = new HashMap<>();
        final boolean writable;

        MapCache(boolean writable) {
            this.writable = writable;
        }

        @Override
        public byte[] read(String id) {
            return entries.get(id);
        }

        @Override
        public void write(String id, String moduleSha256, byte[] entry) {
            entries.put(id, entry);
        }

        @Override
        public boolean writable() {
            return writable;
        }
    }

    @Test
    void withoutALocalCacheTheDatabaseAloneIsUsed() {
        MapCache db = new MapCache(true);
        assertSame(db, LocalCodeFallback.of(db, null));
    }

    @Test
    void theDatabasesEntryComesFirstThenTheLocalOne() {
        MapCache db = new MapCache(true);
        MapCache local = new MapCache(true);
        CodeCache both = LocalCodeFallback.of(db, local);
        local.entries.put("a", new byte[] {1});
        local.entries.put("b", new byte[] {2});
        db.entries.put("b", new byte[] {3});
        assertArrayEquals(new byte[] {1}, both.read("a"));
        assertArrayEquals(new byte[] {3}, both.read("b"));
        assertNull(both.read("c"));
        assertTrue(db.entries.size() == 1 && !db.entries.containsKey("a"), "reading copies nothing into the database");
    }

    @Test
    void aCompileIsStoredInBothAndOnlyTheDatabaseDecidesWritability() {
        MapCache db = new MapCache(true);
        MapCache readOnlyLocal = new MapCache(false);
        CodeCache both = LocalCodeFallback.of(db, readOnlyLocal);
        assertTrue(both.writable());
        both.write("a", "sha", new byte[] {9});
        assertArrayEquals(new byte[] {9}, db.entries.get("a"));
        assertEquals(0, readOnlyLocal.entries.size(), "a read-only local cache is never written");

        MapCache local = new MapCache(true);
        LocalCodeFallback.of(db, local).write("b", "sha", new byte[] {8});
        assertArrayEquals(new byte[] {8}, local.entries.get("b"));
        assertFalse(LocalCodeFallback.of(new MapCache(false), local).writable(), "a caller's read-only store stays read-only");
    }
}
