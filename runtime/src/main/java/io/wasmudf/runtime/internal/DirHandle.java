package io.wasmudf.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What a WASI directory descriptor stands for: a host directory, known by path and by identity.
 * Java holds no directory handle, so the path is checked before each use: if the directory was
 * moved, removed or replaced (by a link to elsewhere, say) since it was opened, the descriptor no
 * longer reaches anything ({@link #current()} is null), where a real handle would follow the move.
 */
final class DirHandle {
    private final Path root;
    private final Path path;
    private final Object identity;

    private DirHandle(Path root, Path path, Object identity) {
        this.root = root;
        this.path = path;
        this.identity = identity;
    }

    /** A preopen: the host chose it, so it is taken as it is. */
    static DirHandle preopen(Path dir) {
        return new DirHandle(dir, dir, null);
    }

    /** A directory opened under {@code parent} at {@code path} (which names no link), or null if it is none. */
    static DirHandle opened(DirHandle parent, Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isDirectory() ? new DirHandle(parent.root, path, a.fileKey()) : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The directory's path if it is still the directory that was opened, reached without a link; else null. */
    Path current() {
        if (identity == null) {
            return path;
        }
        Path p = root;
        for (Path name : root.relativize(path)) {
            p = p.resolve(name);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return Objects.equals(now, identity) ? path : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
