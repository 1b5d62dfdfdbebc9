package io.wasmudf.runtime.internal;

import com.dylibso.chicory.runtime.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The WASI file operations done here rather than by Chicory, on paths {@link ConfinedPath} resolved:
 * Chicory's versions follow links at the last step (readdir's entry types, set_times), store a
 * link's text rewritten (symlink), return only a link's last name (readlink), or cannot rename on
 * Linux at all. Each one acts on the path itself and never follows a link.
 */
final class HostFileOps {
    private static final int ENOTEMPTY = 55;
    private static final int EISDIR = 31;
    private static final int EXDEV = 75;
    private static final int FILETYPE_UNKNOWN = 0;
    private static final int FILETYPE_DIRECTORY = 3;
    private static final int FILETYPE_REGULAR = 4;
    private static final int FILETYPE_SYMLINK = 7;

    private HostFileOps() {
    }

    static int readlink(Memory memory, Path link, int buf, int bufLen, int usedPtr) {
        if (!Files.isSymbolicLink(link)) {
            return Files.exists(link, LinkOption.NOFOLLOW_LINKS) ? Errno.EINVAL : Errno.ENOENT;
        }
        byte[] target;
        try {
            target = Files.readSymbolicLink(link).toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return Errno.EIO;
        }
        int used = Math.min(target.length, bufLen);
        memory.write(buf, target, 0, used);
        memory.writeI32(usedPtr, used);
        return Errno.SUCCESS;
    }

    /** Stores the link's (relative) text exactly as the plug-in gave it. */
    static int symlink(String target, Path link) {
        try {
            Files.createSymbolicLink(link, Path.of(target));
            return Errno.SUCCESS;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return errno(e);
        }
    }

    /** rename(2): replaces the target, moves a link itself. */
    static int rename(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return Errno.SUCCESS;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return errno(e);
        }
    }

    /** Sets the times of the path itself (a link only when the plug-in asked not to follow it). */
    static int setTimes(Path path, FileTime atime, FileTime mtime) {
        try {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, atime, null);
            return Errno.SUCCESS;
        } catch (IOException | SecurityException e) {
            return errno(e);
        }
    }

    /**
     * fd_readdir: "." and "..", then the directory's entries in the order the host lists them; an
     * entry's type and inode are its own (a link is a link), so nothing outside is looked at.
     */
    static int readdir(Memory memory, Path dir, int buf, int bufLen, long cookie, int usedPtr) {
        if (cookie < 0) {
            return Errno.EINVAL;
        }
        List<Path> entries = new ArrayList<>();
        entries.add(dir.resolve("."));
        entries.add(dir.resolve(".."));
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(entries::add);
        } catch (IOException | SecurityException e) {
            return errno(e);
        }
        int used = 0;
        for (long i = cookie; i < entries.size() && used < bufLen; i++) {
            Path entry = entries.get((int) i);
            Map<String, Object> attrs;
            try {
                attrs = Files.readAttributes(entry, "unix:ino,isDirectory,isRegularFile,isSymbolicLink",
                        LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue; // removed since it was listed
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return errno(e);
            }
            String name = i == 0 ? "." : i == 1 ? ".." : entry.getFileName().toString();
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            ByteBuffer dirent = ByteBuffer.allocate(24 + n.length).order(ByteOrder.LITTLE_ENDIAN);
            dirent.putLong(i + 1).putLong(((Number) attrs.get("ino")).longValue()).putInt(n.length)
                    .put((byte) fileType(attrs)).position(24);
            dirent.put(n);
            int size = Math.min(dirent.capacity(), bufLen - used);
            memory.write(buf + used, dirent.array(), 0, size);
            used += size;
        }
        memory.writeI32(usedPtr, used);
        return Errno.SUCCESS;
    }

    private static int fileType(Map<String, Object> attrs) {
        if (Boolean.TRUE.equals(attrs.get("isSymbolicLink"))) {
            return FILETYPE_SYMLINK;
        }
        if (Boolean.TRUE.equals(attrs.get("isDirectory"))) {
            return FILETYPE_DIRECTORY;
        }
        return Boolean.TRUE.equals(attrs.get("isRegularFile")) ? FILETYPE_REGULAR : FILETYPE_UNKNOWN;
    }

    /** The errno for a failed host file operation. */
    static int errno(Exception e) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return Errno.EEXIST;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return ENOTEMPTY;
        }
        if (e instanceof NotDirectoryException) {
            return Errno.ENOTDIR;
        }
        if (e instanceof AtomicMoveNotSupportedException) {
            return EXDEV;
        }
        if (e instanceof SecurityException || e instanceof java.nio.file.AccessDeniedException) {
            return Errno.EACCES;
        }
        if (e instanceof FileSystemException) {
            String reason = String.valueOf(((FileSystemException) e).getReason());
            if (reason.contains("Is a directory")) {
                return EISDIR;
            }
            if (reason.contains("Not a directory")) {
                return Errno.ENOTDIR;
            }
            if (reason.contains("Directory not empty")) {
                return ENOTEMPTY;
            }
        }
        return Errno.EIO;
    }
}
