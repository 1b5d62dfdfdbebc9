package io.wasmudf.runtime;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A {@link CodeCache} in a directory of the local file system, one file per entry
 * ({@code <id>.code}), for the command line and for applications embedding the runtime. Writes
 * are atomic (a temporary file in the same directory, then a rename), so concurrent processes see
 * a whole entry or none. The directory is created readable and writable by its owner only, where
 * the file system has POSIX permissions: anyone who can write it can run code in the processes
 * that use it. Input/output failures are logged and treated as a miss or a skipped write: a cache
 * that cannot be used only costs a compile.
 */
public final class DirectoryCodeCache implements CodeCache {
    private static final System.Logger LOG = System.getLogger(DirectoryCodeCache.class.getName());
    private static final String SUFFIX = ".code";

    private final Path dir;
    private final boolean writable;

    private DirectoryCodeCache(Path dir, boolean writable) {
        this.dir = dir;
        this.writable = writable;
    }

    /** A cache in {@code dir}, created on the first write if missing. */
    public static DirectoryCodeCache of(Path dir) {
        return new DirectoryCodeCache(dir.toAbsolutePath(), true);
    }

    /** A cache that reads {@code dir} and never writes it. */
    public static DirectoryCodeCache readOnly(Path dir) {
        return new DirectoryCodeCache(dir.toAbsolutePath(), false);
    }

    /** The usual place: {@code $XDG_CACHE_HOME/wasmudf}, else {@code ~/.cache/wasmudf}. */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("wasmudf");
    }

    public Path directory() {
        return dir;
    }

    @Override
    public byte[] read(String id) {
        try {
            return Files.readAllBytes(file(id));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | SecurityException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read compiled code {0}: {1}", file(id), e.toString());
            return null;
        }
    }

    @Override
    public void write(String id, String moduleSha256, byte[] entry) {
        Path tmp = null;
        try {
            createDirectory();
            tmp = Files.createTempFile(dir, id, ".tmp");
            Files.write(tmp, entry);
            try {
                Files.move(tmp, file(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(id), StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | SecurityException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write compiled code into {0}: {1}", dir, e.toString());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // A stray temporary file is harmless: it never has the entry suffix.
                }
            }
        }
    }

    @Override
    public boolean writable() {
        return writable;
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            // Another process made it first.
        }
    }

    private Path file(String id) {
        if (!id.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a code cache id is 64 lowercase hex digits: " + id);
        }
        return dir.resolve(id + SUFFIX);
    }

    @Override
    public String toString() {
        return "DirectoryCodeCache[" + dir + (writable ? "" : ", read-only") + "]";
    }
}
