package io.wasmudf.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a host function sees of the plug-in calling it: its kernel memory (where Extism handles
 * point), its vars, its manifest and the user data of the function being run. Valid only during
 * the host function call that received it: any method used after that call returned throws
 * {@link IllegalStateException}.
 */
public interface CurrentPlugin {

    /**
     * Allocates {@code n} bytes of kernel memory and returns the handle. Returns 0 for {@code n <= 0}
     * and for a size that could never fit; when the memory cannot grow to hold it (the plug-in's
     * page limit or the host's memory budget) it throws a {@link WasmException} of kind
     * {@code OUT_OF_MEMORY}, which fails the call as Extism's memory limiter does.
     */
    long alloc(long n);

    /** Frees a block. Freeing 0 or an offset that is not a block does nothing. */
    void free(long handle);

    /** Bytes in the block at {@code handle}; 0 if it is not the start of a block. */
    long length(long handle);

    /** Copies the block at {@code handle} (empty for 0 or a non-block offset). */
    byte[] readBytes(long handle);

    /** Copies {@code len} bytes starting at any offset of kernel memory; bytes outside it read as 0. */
    byte[] readBytes(long offset, long len);

    /** Writes bytes at an offset inside a block the caller allocated; outside kernel memory it throws. */
    void write(long offset, byte[] data);

    /** Allocates a block holding {@code data} and returns its handle (0 for empty data); as {@link #alloc}. */
    long writeBytes(byte[] data);

    default String readString(long handle) {
        return new String(readBytes(handle), StandardCharsets.UTF_8);
    }

    default long writeString(String s) {
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the var {@code key} (UTF-8), or null when it is not set. */
    byte[] varGet(String key);

    /**
     * Sets the var {@code key} (UTF-8), or removes it when {@code value} is null, with the same
     * checks as the plug-in's {@code var_set}: {@code max_var_bytes}, vars disabled, the memory budget.
     */
    void varSet(String key, byte[] value);

    /** A read-only copy of the plug-in's vars (keys decoded as UTF-8). */
    Map<String, byte[]> vars();

    Manifest manifest();

    /** Sets the error the plug-in call will report. */
    void setError(String message);

    /** The user data of the running host function, or null. */
    <T> T userData(Class<T> type);

    /** Milliseconds left before the call's time limit, or {@code Long.MAX_VALUE} without one. */
    long timeRemainingMs();
}
