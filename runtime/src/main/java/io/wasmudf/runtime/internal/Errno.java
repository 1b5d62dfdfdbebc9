package io.wasmudf.runtime.internal;

/** The WASI preview 1 errno values the sandbox answers itself. */
final class Errno {
    static final int SUCCESS = 0;
    static final int EACCES = 2;
    static final int EBADF = 8;
    static final int EEXIST = 20;
    static final int EINVAL = 28;
    static final int EIO = 29;
    static final int ELOOP = 32;
    static final int ENOENT = 44;
    static final int ENOTDIR = 54;
    static final int EPERM = 63;

    private Errno() {
    }
}
