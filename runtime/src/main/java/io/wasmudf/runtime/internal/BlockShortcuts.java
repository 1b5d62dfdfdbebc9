package io.wasmudf.runtime.internal;

/**
 * What {@link KernelMemory} knows of its block list without walking it, while it may trust that
 * knowledge: from a reset until the plug-in stores anywhere but in the block it allocated last.
 * Until then every header in the list was written by the allocator itself, so the count of free
 * blocks is exact and the last two blocks allocated are where the allocator put them; a store
 * elsewhere could have rewritten a header, and from then until the next reset every question is
 * answered by walking the list as before, so a plug-in that forges headers gets the walk's answers.
 * A PDK's calls (alloc a block, store into it, hand it to the host, which reads and frees it) all
 * stay inside the trusted case.
 */
final class BlockShortcuts {
    private boolean trusted = true;
    private int freeBlocks;
    /** Header addresses of the last and the one-before-last block allocated; 0 for none. */
    private long last;
    private long previous;
    /** The data range of the last block allocated: stores inside it never touch a header. */
    private long safeFrom;
    private long safeTo;

    void reset() {
        trusted = true;
        freeBlocks = 0;
        last = 0;
        previous = 0;
        safeFrom = 0;
        safeTo = 0;
    }

    /** Whether the allocator may skip its search for a free block: there is none. */
    boolean noFreeBlock() {
        return trusted && freeBlocks == 0;
    }

    /** The allocator gave out the block at {@code header} with room for {@code capacity} bytes. */
    void allocated(long header, long capacity, boolean wasFree) {
        if (wasFree) {
            freeBlocks--;
        }
        if (header != last) {
            previous = last;
            last = header;
        }
        safeFrom = header + KernelMemory.HEADER_SIZE;
        safeTo = safeFrom + capacity;
    }

    /** An active block was marked free, or a free block was split in two free ones. */
    void freed() {
        freeBlocks++;
    }

    /** A store of {@code n} bytes at {@code p}: trust ends unless it lies in the last block's data. */
    void stored(long p, long n) {
        if (p < safeFrom || p + n > safeTo) {
            trusted = false;
        }
    }

    /**
     * The header of a block of the list whose data starts at {@code offset} (the list has no other
     * header there), or -1 when only a walk can tell.
     */
    long knownHeader(long offset) {
        if (!trusted) {
            return -1;
        }
        long header = offset - KernelMemory.HEADER_SIZE;
        return header == last || header == previous && previous != 0 ? header : -1;
    }
}
