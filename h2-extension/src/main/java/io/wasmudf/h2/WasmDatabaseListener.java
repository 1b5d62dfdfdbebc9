package io.wasmudf.h2;

import org.h2.api.DatabaseEventListener;

/**
 * Frees the instances of a closing database's sessions. Enable with
 * {@code ;DATABASE_EVENT_LISTENER='io.wasmudf.h2.WasmDatabaseListener'} in the URL; without it,
 * closed sessions are still swept on later calls and their instances are garbage once unreachable.
 */
public final class WasmDatabaseListener implements DatabaseEventListener {
    @Override
    public void closingDatabase() {
        H2Sessions.CACHES.sweep();
    }
}
