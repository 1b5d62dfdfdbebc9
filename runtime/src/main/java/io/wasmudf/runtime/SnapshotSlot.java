package io.wasmudf.runtime;

/**
 * Where a {@link CompiledPlugin} keeps its images of an instance. The snapshot (start-up run) is not
 * tried yet, taken, or refused with the reason; the first instance to finish a start-up that may be
 * imaged fills it, and a refusal is final for the compiled plug-in (its start-up does the same
 * every time). Once refused, the next instance built is imaged as built (before any guest code
 * runs), where no module has a start section, and later instances start from that image.
 */
final class SnapshotSlot {
    private final boolean builtImageAllowed;
    private volatile InstanceSnapshot snapshot;
    private volatile String refusal;
    private volatile InstanceSnapshot built;
    private volatile boolean builtRefused;
    /** Per module, in the plug-in's order, the pages its memory had after a start-up from the built image. */
    private volatile int[] pagesAfterStartUp;

    /** @param builtImageAllowed whether an image as built may be taken (not OFF, no start section) */
    SnapshotSlot(boolean builtImageAllowed) {
        this.builtImageAllowed = builtImageAllowed;
    }

    /** The image to start from, start-up included, or null. */
    InstanceSnapshot snapshot() {
        return snapshot;
    }

    /** Why no image with start-up run is or will be taken, or null. */
    String refusal() {
        return refusal;
    }

    /** Whether the next start-up should be watched to take an image. */
    boolean open() {
        return snapshot == null && refusal == null;
    }

    /** The image of an instance as built, start-up not run, or null. */
    InstanceSnapshot built() {
        return built;
    }

    /** Whether the next instance built should be imaged before its start-up runs. */
    boolean wantsBuilt() {
        return builtImageAllowed && refusal != null && built == null && !builtRefused;
    }

    /** Keeps {@code s}, or refuses it if it is above {@link InstanceSnapshot#MAX_BYTES}. */
    synchronized void fill(InstanceSnapshot s) {
        if (!open()) {
            return;
        }
        if (s.bytes() > InstanceSnapshot.MAX_BYTES) {
            refusal = "its image would hold " + s.bytes() + " bytes, more than " + InstanceSnapshot.MAX_BYTES;
        } else {
            snapshot = s;
        }
    }

    synchronized void refuse(String why) {
        if (open()) {
            refusal = why;
        }
    }

    /** The pages each module's memory had after a start-up, or null if not noted yet. */
    int[] pagesAfterStartUp() {
        return pagesAfterStartUp;
    }

    void notePagesAfterStartUp(int[] pages) {
        if (pagesAfterStartUp == null) {
            pagesAfterStartUp = pages.clone();
        }
    }

    synchronized void fillBuilt(InstanceSnapshot s) {
        if (built == null && !builtRefused) {
            if (s.bytes() > InstanceSnapshot.MAX_BYTES) {
                builtRefused = true;
            } else {
                built = s;
            }
        }
    }
}
