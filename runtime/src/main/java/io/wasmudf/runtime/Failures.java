package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.ChicoryException;
import io.wasmudf.runtime.internal.KernelMemory;
import io.wasmudf.runtime.internal.MessageCap;
import io.wasmudf.runtime.internal.Watchdog;

/**
 * Turns whatever ended a call abnormally into the {@link WasmException} a caller sees, in Extism's
 * order: the time limit or a cancel first, then a host failure, then the plug-in's own error
 * message, then the memory limit, then a trap. Messages never carry a Java class name.
 */
final class Failures {
    private Failures() {
    }

    /** What the call reports; {@code live} is the instance it ran on, or null if it had none. */
    static WasmException classify(String export, Throwable t, Watchdog.Guard g, LiveInstance live, long timeoutMs,
            int pageCap, boolean closed) {
        if (t instanceof PluginException) {
            return (PluginException) t;
        }
        if (g.tripped() || t instanceof ChicoryInterruptedException) {
            if (closed) {
                return new WasmException(WasmException.Kind.TIMEOUT, "cancelled: the plug-in instance was closed while "
                        + export + " ran");
            }
            if (g.cancelled()) {
                return new WasmException(WasmException.Kind.TIMEOUT, "cancelled: call of " + export + " was cancelled");
            }
            if (g.tripped() && timeoutMs > 0) {
                return new WasmException(WasmException.Kind.TIMEOUT, "timeout: " + export
                        + " ran longer than its time limit (" + timeoutMs + " ms)");
            }
            return new WasmException(WasmException.Kind.TIMEOUT, "interrupted: call of " + export
                    + " was stopped by an interrupt of its thread");
        }
        WasmException host = find(t, WasmException.class);
        if (host != null) {
            return host;
        }
        String pluginMessage = live == null ? null : pluginError(live.kernel);
        if (pluginMessage != null) {
            return new PluginException(export, 0, pluginMessage); // set an error, then trapped
        }
        if (find(t, OutOfMemoryError.class) != null) {
            return new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: the host ran out of Java heap while "
                    + export + " ran (the JVM's own limit, not the plug-in's memory limit)", t);
        }
        if (find(t, StackOverflowError.class) != null) {
            return new WasmException(WasmException.Kind.TRAP, "trap in " + export + ": call stack exhausted", t);
        }
        if (live != null && live.growthDenied()) {
            return new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: " + export + " failed at the memory limit of "
                    + pageCap + " pages (" + t.getMessage() + ")", t);
        }
        if (t instanceof ChicoryException) {
            return new WasmException(WasmException.Kind.TRAP, "trap in " + export + ": " + t.getMessage(), t);
        }
        return new WasmException(WasmException.Kind.HOST_ERROR, "call of " + export + " failed in the host: "
                + MessageCap.text(t.getMessage()), t);
    }

    /** The message the plug-in set with error_set (capped), or null. */
    static String pluginError(KernelMemory kernel) {
        long err = kernel.errorGet();
        if (err == 0) {
            return null;
        }
        long len = kernel.length(err);
        return len == 0 ? null : MessageCap.text(kernel.read(err, MessageCap.bytesToRead(len)), len);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
