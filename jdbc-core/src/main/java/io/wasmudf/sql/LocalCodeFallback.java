package io.wasmudf.sql;

import io.wasmudf.runtime.CodeCache;

/**
 * The registration path's compiled-code cache when the process also has a local one it trusts
 * (the command line's directory, {@code ~/.cache/wasmudf}): the database's entry first, else the
 * local one, so registering a module this user's processes compiled before loads its classes
 * instead of compiling. A compile is stored in both. An entry read from the local cache is not
 * copied into the database (the runtime never copies one cache's code into another): a process
 * without that local cache compiles on its first call, as without this class.
 */
final class LocalCodeFallback implements CodeCache {
    private final CodeCache database;
    private final CodeCache local;

    private LocalCodeFallback(CodeCache database, CodeCache local) {
        this.database = database;
        this.local = local;
    }

    /** {@code database} alone when there is no local cache. */
    static CodeCache of(CodeCache database, CodeCache local) {
        return local == null ? database : new LocalCodeFallback(database, local);
    }

    @Override
    public byte[] read(String id) {
        byte[] entry = database.read(id);
        return entry != null ? entry : local.read(id);
    }

    @Override
    public void write(String id, String moduleSha256, byte[] entry) {
        database.write(id, moduleSha256, entry);
        if (local.writable()) {
            local.write(id, moduleSha256, entry);
        }
    }

    @Override
    public boolean writable() {
        return database.writable();
    }
}
