package io.wasmudf.runtime.internal;

import io.wasmudf.runtime.MemoryBudget;
import io.wasmudf.runtime.WasmException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plug-in instance's vars. Keys are compared as bytes. The store's size is kept as a running
 * total so each {@code var_set} costs O(1), and is counted as Extism counts it: every entry is its
 * key, its value and {@value #ENTRY_OVERHEAD} bytes, and the check adds the new entry to all
 * existing ones, the old value of the same key included (it is replaced only after the check).
 */
public final class VarStore {
    static final long ENTRY_OVERHEAD = 48;

    private final Map<Key, byte[]> entries = new LinkedHashMap<>();
    private final MemoryBudget.Account account;
    private long total;

    public VarStore(MemoryBudget.Account account) {
        this.account = account;
    }

    public byte[] get(byte[] key) {
        return entries.get(new Key(key));
    }

    /**
     * Sets {@code key} to {@code value}.
     *
     * @param maxBytes the manifest's {@code max_var_bytes}
     * @throws WasmException OUT_OF_MEMORY "Variable store is full" when the estimate passes it
     */
    public void set(byte[] key, byte[] value, long maxBytes) {
        long entry = key.length + (long) value.length + ENTRY_OVERHEAD;
        if (entry > maxBytes - total) {
            throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "Variable store is full");
        }
        Key k = new Key(key);
        byte[] old = entries.get(k);
        // Only the difference goes to the budget: a PDK rewrites the same var on every call, and
        // each charge is an atomic update of the JVM-wide budget.
        long change = entry - (old == null ? 0 : key.length + (long) old.length + ENTRY_OVERHEAD);
        if (change > 0) {
            account.reserve(change, "a var");
        }
        entries.put(k, value);
        total += change;
        if (change < 0) {
            account.release(-change);
        }
    }

    public void remove(byte[] key) {
        byte[] old = entries.remove(new Key(key));
        if (old != null) {
            long freed = key.length + (long) old.length + ENTRY_OVERHEAD;
            total -= freed;
            account.release(freed);
        }
    }

    /** The store's size as Extism counts it. */
    public long totalBytes() {
        return total;
    }

    public int size() {
        return entries.size();
    }

    /** A copy, keys decoded as UTF-8 (keys that are not UTF-8 show with U+FFFD). */
    public Map<String, byte[]> snapshot() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(new String(k.bytes, StandardCharsets.UTF_8), v.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** A key compared by content. */
    private static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(bytes, ((Key) o).bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
