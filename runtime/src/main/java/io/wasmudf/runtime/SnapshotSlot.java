package io.wasmudf.runtime;

/**
 * Where a {@link CompiledPlugin} keeps its {@link InstanceSnapshot}: not tried yet, taken, or
 * refused with the reason. The first instance to finish a start-up that may be imaged fills it;
 * a refusal is final for the compiled plug-in (its start-up does the same every time).
 */
final class SnapshotSlot {
    private volatile InstanceSnapshot snapshot;
    private volatile String refusal;

    /** The image to start from, or null. */
    InstanceSnapshot snapshot() {
        return snapshot;
    }

    /** Why no image is or will be taken, or null. */
    String refusal() {
        return refusal;
    }

    /** Whether the next start-up should be watched to take an image. */
    boolean open() {
        return snapshot == null && refusal == null;
    }

    synchronized void fill(InstanceSnapshot s) {
        if (open()) {
            snapshot = s;
        }
    }

    synchronized void refuse(String why) {
        if (open()) {
            refusal = why;
        }
    }
}
