package io.wasmudf.h2;

import java.lang.reflect.Field;
import org.h2.command.Command;

/**
 * Reads and clears the cancel flag H2 keeps in a running {@link Command} ({@code Statement.cancel()}
 * and {@code CANCEL_SESSION} set it). H2 has no public accessor, so the private field is read by
 * reflection; where that is refused (a security manager, another H2 build) only the session's own
 * deadline reaches the Wasm and the flag is seen when the call ends.
 */
final class CommandCancel {
    private static final Field FLAG = flag();

    private CommandCancel() {
    }

    private static Field flag() {
        try {
            Field f = Command.class.getDeclaredField("cancel");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static boolean isSet(Command c) {
        if (c == null || FLAG == null) {
            return false;
        }
        try {
            return FLAG.getBoolean(c);
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    /** Clears the flag, as H2's own check does when it reports the cancel. */
    static void clear(Command c) {
        if (c != null && FLAG != null) {
            try {
                FLAG.setBoolean(c, false);
            } catch (IllegalAccessException ignored) {
                // not readable either: nothing was set by us
            }
        }
    }
}
