package io.wasmudf.runtime;

/**
 * Where JVM classes compiled from Wasm modules are kept between processes, so that a process
 * seeing a module again loads its classes instead of compiling it (seconds for a Go module).
 * Set on an engine with {@link WasmEngine#withCodeCache}; {@link DirectoryCodeCache} keeps entries
 * in files, jdbc-core keeps them in the database beside the module.
 *
 * <p>An implementation stores opaque entries by id. The runtime writes into every entry the full
 * key it was compiled under (module SHA-256, Chicory and runtime versions, compiler options) and a
 * digest, and checks both on load: an entry that is corrupt or was written for another module or
 * build is ignored and the module compiled again. <b>Loaded classes run as JVM code, outside the
 * Wasm sandbox</b>: whoever may write a cache may run code in every process that reads it, so an
 * implementation must only be writable by whom the reading processes trust.
 *
 * <p>Exceptions thrown by {@link #read} or {@link #write} propagate to the caller of the compile
 * (a database store reports its SQL error); an implementation that prefers to carry on (a
 * directory that cannot be written) handles its own failures.
 */
public interface CodeCache {
    /** The entry filed under {@code id} (64 hex digits), or null if there is none. */
    byte[] read(String id);

    /**
     * Files {@code entry} under {@code id}, replacing any entry there. Called only when {@link
     * #writable()}.
     *
     * @param moduleSha256 the SHA-256 of the module the entry was compiled from (for housekeeping)
     */
    void write(String id, String moduleSha256, byte[] entry);

    /** Whether this process may write entries; a read-only cache is only read. */
    boolean writable();
}
