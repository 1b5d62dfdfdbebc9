package io.wasmudf.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path a plug-in names, relative to a directory it holds, the way the official runtime's
 * WASI (cap-std) does: one component at a time, never letting the operating system follow a link.
 * {@code ..} pops a component and may not leave the directory; a link is read and its text spliced
 * in place of the component, so it is followed only while it stays inside; an absolute path or link
 * text leads out and is refused. The result names no link, except the last component when the
 * caller asked not to follow it, so the host operation that uses it cannot be led out by a link
 * that existed when it was resolved. Errors are the WASI errnos the official runtime answers.
 */
public final class ConfinedPath {
    /** Linux's limit on links followed in one lookup; the official runtime answers ELOOP past it. */
    private static final int MAX_LINKS = 40;

    private final int errno;
    private final String relative;
    private final Path host;

    private ConfinedPath(int errno, String relative, Path host) {
        this.errno = errno;
        this.relative = relative;
        this.host = host;
    }

    /** The WASI errno when the path cannot be had, else 0. */
    public int errno() {
        return errno;
    }

    /** The resolved path relative to the directory ({@code "."} for itself), with no link in it. */
    public String relative() {
        return relative;
    }

    /** The resolved host path. */
    public Path host() {
        return host;
    }

    private static ConfinedPath error(int errno) {
        return new ConfinedPath(errno, null, null);
    }

    /**
     * @param dir        the host directory the plug-in's descriptor stands for (a real path)
     * @param guestPath  the path as the plug-in wrote it
     * @param followLast whether a link in the last component is followed (lookup flag SYMLINK_FOLLOW)
     */
    public static ConfinedPath resolve(Path dir, String guestPath, boolean followLast) {
        if (guestPath.isEmpty()) {
            return error(Errno.ENOENT);
        }
        if (guestPath.startsWith("/") || guestPath.indexOf('\0') >= 0) {
            return error(guestPath.startsWith("/") ? Errno.EPERM : Errno.EINVAL);
        }
        boolean mustBeDir = guestPath.endsWith("/");
        Deque<String> todo = new ArrayDeque<>();
        splice(todo, guestPath);
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            boolean last = todo.isEmpty();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (done.isEmpty()) {
                    return error(Errno.EPERM);
                }
                done.remove(done.size() - 1);
                continue;
            }
            Path here = join(dir, done).resolve(name);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(here, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (!last) {
                    return error(Errno.ENOENT);
                }
                done.add(name); // a name to create
                break;
            } catch (IOException | InvalidPathException | SecurityException e) {
                return error(Errno.EACCES);
            }
            if (attrs.isSymbolicLink() && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    return error(Errno.ELOOP);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(here).toString();
                } catch (IOException | SecurityException e) {
                    return error(Errno.EACCES);
                }
                if (target.startsWith("/")) {
                    return error(Errno.EPERM);
                }
                if (target.isEmpty()) {
                    return error(Errno.ENOENT);
                }
                splice(todo, target);
                continue;
            }
            if (!last && !attrs.isDirectory()) {
                return error(Errno.ENOTDIR);
            }
            if (last && mustBeDir && !attrs.isDirectory() && !attrs.isSymbolicLink()) {
                return error(Errno.ENOTDIR);
            }
            done.add(name);
        }
        String rel = done.isEmpty() ? "." : String.join("/", done);
        return new ConfinedPath(0, rel, join(dir, done));
    }

    /** Puts the components of {@code path} in front of what is left to resolve. */
    private static void splice(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty()) {
                todo.addFirst(parts[i]);
            }
        }
    }

    private static Path join(Path dir, List<String> names) {
        Path p = dir;
        for (String n : names) {
            p = p.resolve(n);
        }
        return p;
    }
}
