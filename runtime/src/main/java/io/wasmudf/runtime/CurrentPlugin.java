package io.wasmudf.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a host function sees of the plug-in calling it: its kernel memory (where Extism handles
 * point), its vars, its manifest and the user data of the function being run. Valid only for the
 * duration of the host function call.
 */
public interface CurrentPlugin {

    /** Allocates {@code n} bytes of kernel memory; returns the handle, or 0 when out of memory. */
    long alloc(long n);

    /** Frees a block. Freeing 0 or an offset that is not a block does nothing. */
    void free(long handle);

    /** Bytes in the block at {@code handle}; 0 if it is not the start of a block. */
    long length(long handle);

    /** Copies the block at {@code handle} (empty for 0 or a non-block offset). */
    byte[] readBytes(long handle);

    /** Copies {@code len} bytes starting at any offset of kernel memory. */
    byte[] readBytes(long offset, long len);

    /** Writes bytes at an offset inside a block the caller allocated. */
    void write(long offset, byte[] data);

    /** Allocates a block holding {@code data} and returns its handle (0 for empty data). */
    long writeBytes(byte[] data);

    default String readString(long handle) {
        return new String(readBytes(handle), StandardCharsets.UTF_8);
    }

    default long writeString(String s) {
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The plug-in's vars (live view, mutable, counted against {@code max_var_bytes} only via var_set). */
    Map<String, byte[]> vars();

    Manifest manifest();

    /** Sets the error the plug-in call will report. */
    void setError(String message);

    /** The user data of the running host function, or null. */
    <T> T userData(Class<T> type);

    /** Milliseconds left before the call's timeout, or {@code Long.MAX_VALUE} without one. */
    long timeRemainingMs();
}
