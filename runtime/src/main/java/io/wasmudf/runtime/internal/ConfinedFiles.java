package io.wasmudf.runtime.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The WASI functions that name a path or a descriptor, made to keep every path inside the
 * directory descriptor it is relative to and read-only mounts read-only.
 *
 * <p>Chicory's WASI resolves a path as a string and lets the operating system follow links, so a
 * link inside an allowed directory leads anywhere (and a relative link resolves against the JVM's
 * working directory). Here each path is first resolved by {@link ConfinedPath}, component by
 * component, and Chicory is called with the result, which names no link; what Chicory would do
 * wrongly with it is done by {@link HostFileOps}.
 * A directory descriptor's host path is tracked from the preopens and from each directory opened.
 */
final class ConfinedFiles {
    private static final int LOOKUP_SYMLINK_FOLLOW = 1;
    private static final int OFLAGS_CREAT = 1;
    private static final int OFLAGS_TRUNC = 8;
    private static final int FDFLAGS_APPEND = 1;
    private static final int FST_ATIM = 1;
    private static final int FST_ATIM_NOW = 2;
    private static final int FST_MTIM = 4;
    private static final int FST_MTIM_NOW = 8;

    private final WasiPreview1 wasi;
    private final Clock clock;
    /** The host directory of each directory descriptor. */
    private final Map<Integer, DirHandle> dirs = new HashMap<>();
    /** Descriptors opened under a read-only directory, starting with the preopens themselves. */
    private final Set<Integer> readOnly = new HashSet<>();

    ConfinedFiles(WasiPreview1 wasi, Clock clock, Map<Integer, Path> preopens, Set<Integer> readOnlyPreopens) {
        this.wasi = wasi;
        this.clock = clock;
        preopens.forEach((fd, dir) -> dirs.put(fd, DirHandle.preopen(dir)));
        this.readOnly.addAll(readOnlyPreopens);
    }

    /** This class's version of the WASI function {@code f}, or {@code f} itself. */
    HostFunction wrap(HostFunction f) {
        switch (f.name()) {
            case "path_open":
                return with(f, this::pathOpen);
            case "path_filestat_get":
                return with(f, (inst, a) -> at(inst, (int) a[0], a[2], a[3], follows(a[1]),
                        p -> wasi.pathFilestatGet(inst.memory(), (int) a[0], 0, p.relative(), (int) a[4])));
            case "path_filestat_set_times":
                return with(f, (inst, a) -> writable((int) a[0]) ? at(inst, (int) a[0], a[2], a[3], follows(a[1]),
                        p -> setTimes(p.host(), a[4], a[5], (int) a[6])) : Errno.EPERM);
            case "fd_readdir":
                return with(f, (inst, a) -> dirs.containsKey((int) a[0])
                        ? withDir((int) a[0], d -> HostFileOps.readdir(inst.memory(), d, (int) a[1], (int) a[2], a[3], (int) a[4]))
                        : (int) f.handle().apply(inst, a)[0]);
            case "fd_filestat_get":
                return with(f, (inst, a) -> byDescriptor(f, inst, a));
            case "path_readlink":
                return with(f, (inst, a) -> at(inst, (int) a[0], a[1], a[2], false,
                        p -> HostFileOps.readlink(inst.memory(), p.host(), (int) a[3], (int) a[4], (int) a[5])));
            case "path_create_directory":
                return with(f, (inst, a) -> writable((int) a[0]) ? at(inst, (int) a[0], a[1], a[2], false,
                        p -> wasi.pathCreateDirectory((int) a[0], p.relative())) : Errno.EPERM);
            case "path_remove_directory":
                return with(f, (inst, a) -> writable((int) a[0]) ? at(inst, (int) a[0], a[1], a[2], false,
                        p -> wasi.pathRemoveDirectory((int) a[0], p.relative())) : Errno.EPERM);
            case "path_unlink_file":
                return with(f, (inst, a) -> writable((int) a[0]) ? at(inst, (int) a[0], a[1], a[2], false,
                        p -> wasi.pathUnlinkFile((int) a[0], p.relative())) : Errno.EPERM);
            case "path_rename":
                return with(f, (inst, a) -> writable((int) a[0]) && writable((int) a[3])
                        ? at(inst, (int) a[0], a[1], a[2], false, from -> at(inst, (int) a[3], a[4], a[5], false,
                                to -> HostFileOps.rename(from.host(), to.host())))
                        : Errno.EPERM);
            case "path_link":
                // a hard link out of a read-only mount would make its file writable through the other
                return with(f, (inst, a) -> writable((int) a[0]) && writable((int) a[4])
                        ? at(inst, (int) a[0], a[2], a[3], follows(a[1]), from -> at(inst, (int) a[4], a[5], a[6], false,
                                to -> wasi.pathLink((int) a[0], 0, from.relative(), (int) a[4], to.relative())))
                        : Errno.EPERM);
            case "path_symlink":
                return with(f, (inst, a) -> writable((int) a[2]) ? symlink(inst, a) : Errno.EPERM);
            case "fd_read":
            case "fd_pread":
                // the official runtime's answer for reading a directory descriptor (Chicory's is EISDIR)
                return with(f, (inst, a) -> dirs.containsKey((int) a[0]) ? Errno.EBADF : (int) f.handle().apply(inst, a)[0]);
            case "fd_write":
            case "fd_pwrite":
            case "fd_allocate":
            case "fd_filestat_set_size":
            case "fd_filestat_set_times":
                return with(f, (inst, a) -> writable((int) a[0]) ? byDescriptor(f, inst, a) : Errno.EPERM);
            case "fd_close":
                return with(f, (inst, a) -> forget((int) f.handle().apply(inst, a)[0], (int) a[0]));
            case "fd_renumber":
                return with(f, (inst, a) -> renumber((int) f.handle().apply(inst, a)[0], (int) a[0], (int) a[1]));
            default:
                return f;
        }
    }

    private interface Errno32 {
        int apply(Instance instance, long[] args);
    }

    private static HostFunction with(HostFunction f, Errno32 h) {
        WasmFunctionHandle handle = (inst, args) -> new long[] {h.apply(inst, args)};
        return new HostFunction(f.module(), f.name(), f.functionType(), handle);
    }

    /** Chicory's {@code f} on descriptor {@code a[0]}; a directory's is used by path, so it must still be there. */
    private int byDescriptor(HostFunction f, Instance inst, long[] a) {
        int fd = (int) a[0];
        return dirs.containsKey(fd) ? withDir(fd, d -> (int) f.handle().apply(inst, a)[0]) : (int) f.handle().apply(inst, a)[0];
    }

    private static boolean follows(long lookupFlags) {
        return (lookupFlags & LOOKUP_SYMLINK_FOLLOW) != 0;
    }

    private boolean writable(int fd) {
        return !readOnly.contains(fd);
    }

    /** Resolves the path at (ptr, len) under directory descriptor {@code fd}, then runs {@code op}. */
    private int at(Instance inst, int fd, long ptr, long len, boolean followLast, Function<ConfinedPath, Integer> op) {
        return withDir(fd, dir -> {
            ConfinedPath p = ConfinedPath.resolve(dir, inst.memory().readString((int) ptr, (int) len), followLast);
            return p.errno() != 0 ? p.errno() : op.apply(p);
        });
    }

    /** Runs {@code op} on the directory descriptor's host directory, if it is still there. */
    private int withDir(int fd, Function<Path, Integer> op) {
        DirHandle d = dirs.get(fd);
        if (d == null) {
            return Errno.EBADF;
        }
        Path dir = d.current();
        return dir == null ? Errno.ENOENT : op.apply(dir);
    }

    private int pathOpen(Instance inst, long[] a) {
        int dirFd = (int) a[0];
        int oflags = (int) a[4];
        int fdflags = (int) a[7];
        int fdPtr = (int) a[8];
        boolean underReadOnly = readOnly.contains(dirFd);
        if (underReadOnly && ((oflags & (OFLAGS_CREAT | OFLAGS_TRUNC)) != 0 || (fdflags & FDFLAGS_APPEND) != 0)) {
            return Errno.EPERM;
        }
        return at(inst, dirFd, a[2], a[3], follows(a[1]), p -> {
            // the path names no link now: Chicory must not follow one a race put there
            int r = wasi.pathOpen(inst.memory(), dirFd, (int) a[1] & ~LOOKUP_SYMLINK_FOLLOW, p.relative(),
                    oflags, a[5], a[6], fdflags, fdPtr);
            if (r == Errno.SUCCESS) {
                int fd = inst.memory().readInt(fdPtr);
                DirHandle opened = DirHandle.opened(dirs.get(dirFd), p.host());
                if (opened != null) {
                    dirs.put(fd, opened);
                }
                if (underReadOnly) {
                    readOnly.add(fd);
                }
            }
            return r;
        });
    }

    /** The link's text is stored as given; an absolute one could only ever lead out, so it is refused. */
    private int symlink(Instance inst, long[] a) {
        String target = inst.memory().readString((int) a[0], (int) a[1]);
        if (target.startsWith("/")) {
            return Errno.EPERM;
        }
        if (target.isEmpty() || target.indexOf('\0') >= 0) {
            return target.isEmpty() ? Errno.ENOENT : Errno.EINVAL;
        }
        return at(inst, (int) a[2], a[3], a[4], false, p -> HostFileOps.symlink(target, p.host()));
    }

    private int setTimes(Path path, long atime, long mtime, int flags) {
        if ((flags & FST_ATIM) != 0 && (flags & FST_ATIM_NOW) != 0
                || (flags & FST_MTIM) != 0 && (flags & FST_MTIM_NOW) != 0) {
            return Errno.EINVAL;
        }
        return HostFileOps.setTimes(path, fileTime(atime, (flags & FST_ATIM) != 0, (flags & FST_ATIM_NOW) != 0),
                fileTime(mtime, (flags & FST_MTIM) != 0, (flags & FST_MTIM_NOW) != 0));
    }

    private FileTime fileTime(long nanos, boolean set, boolean now) {
        return set ? FileTime.from(nanos, TimeUnit.NANOSECONDS) : now ? FileTime.from(clock.instant()) : null;
    }

    private int forget(int result, int fd) {
        if (result == Errno.SUCCESS) {
            dirs.remove(fd);
            readOnly.remove(fd);
        }
        return result;
    }

    private int renumber(int result, int from, int to) {
        if (result == Errno.SUCCESS) {
            DirHandle dir = dirs.remove(from);
            dirs.remove(to);
            if (dir != null) {
                dirs.put(to, dir);
            }
            boolean ro = readOnly.remove(from);
            readOnly.remove(to);
            if (ro) {
                readOnly.add(to);
            }
        }
        return result;
    }
}
