package io.wasmudf.runtime;

import io.wasmudf.runtime.internal.HttpGateway;
import io.wasmudf.runtime.internal.KernelMemory;
import io.wasmudf.runtime.internal.MessageCap;
import java.nio.charset.StandardCharsets;

/**
 * The host side of {@code extism:host/env} for one live instance: config, vars, HTTP, logs and the
 * user's host functions. Handles passed in are owned (freed) here, as in Extism.
 */
final class HostServices {
    private static final long[] NONE = new long[0];

    private final Plugin plugin;
    private final LiveInstance live;
    private final KernelMemory kernel;
    private int httpStatus;
    private String httpHeadersJson;

    HostServices(Plugin plugin, LiveInstance live) {
        this.plugin = plugin;
        this.live = live;
        this.kernel = live.kernel;
    }

    long configGet(long keyHandle) {
        String key = new String(takeBlock(keyHandle, "config key"), StandardCharsets.UTF_8);
        String value = plugin.manifest().config().get(key);
        return value == null ? 0 : allocOrFail(value.getBytes(StandardCharsets.UTF_8));
    }

    long varGet(long keyHandle) {
        byte[] value = live.vars.get(takeBlock(keyHandle, "var key"));
        return value == null ? 0 : allocOrFail(value);
    }

    void varSet(long keyHandle, long valueHandle) {
        long max = plugin.manifest().effectiveMaxVarBytes();
        if (max == 0) {
            throw new WasmException(WasmException.Kind.NOT_ALLOWED, "Vars are disabled by this host");
        }
        byte[] key = takeBlock(keyHandle, "var key");
        if (valueHandle == 0) {
            live.vars.remove(key);
            return;
        }
        live.vars.set(key, takeBlock(valueHandle, "var value"), max);
    }

    /** Sets a var from a host function, with the same checks as {@code var_set}. */
    void varSetFromHost(byte[] key, byte[] value) {
        long max = plugin.manifest().effectiveMaxVarBytes();
        if (max == 0) {
            throw new WasmException(WasmException.Kind.NOT_ALLOWED, "Vars are disabled by this host");
        }
        if (value == null) {
            live.vars.remove(key);
        } else {
            live.vars.set(key.clone(), value.clone(), max);
        }
    }

    long httpRequest(long requestHandle, long bodyHandle) {
        byte[] request = takeBlock(requestHandle, "HTTP request");
        byte[] body = bodyHandle == 0 ? null : takeBlock(bodyHandle, "HTTP body");
        httpStatus = 0;
        HttpGateway.Response r = plugin.http().send(request, body, plugin.timeRemainingMs());
        httpStatus = r.status;
        httpHeadersJson = r.headersJson;
        return r.body.length == 0 ? 0 : allocOrFail(r.body);
    }

    int httpStatus() {
        return httpStatus;
    }

    long httpHeaders() {
        if (!plugin.options().httpResponseHeaders() || httpHeadersJson == null) {
            return 0;
        }
        return allocOrFail(httpHeadersJson.getBytes(StandardCharsets.UTF_8));
    }

    LogLevel logLevel() {
        return plugin.options().logLevel();
    }

    void log(LogLevel level, long handle) {
        long len = kernel.length(handle);
        if (plugin.options().logLevel().enables(level)) {
            emit(level, MessageCap.text(kernel.read(handle, MessageCap.bytesToRead(len)), len));
        }
        kernel.free(handle);
    }

    void emit(LogLevel level, String message) {
        PluginOptions o = plugin.options();
        if (o.logLevel().enables(level)) {
            o.logSink().log(o.name(), level, message);
        }
    }

    long allocOrFail(byte[] data) {
        long h = kernel.allocBytes(data, 0, data.length);
        if (h == 0 && data.length > 0) {
            throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: " + data.length
                    + " bytes do not fit in the plug-in's kernel memory");
        }
        return h;
    }

    long[] runHostFunction(HostFunction f, long[] args) {
        CallView view = new CallView(live, f, plugin);
        try {
            long[] r = f.handler().apply(view, args);
            return r == null ? NONE : r;
        } catch (WasmException e) {
            throw e;
        } catch (Exception e) {
            throw new WasmException(WasmException.Kind.HOST_ERROR, "host function " + f.namespace() + "::" + f.name()
                    + " failed: " + MessageCap.text(e.getMessage()), e);
        } finally {
            view.end();
        }
    }

    /** Reads and frees the block a handle names; a non-zero handle that is no block fails as Extism does. */
    private byte[] takeBlock(long handle, String what) {
        if (handle == 0) {
            return new byte[0];
        }
        long len = kernel.length(handle);
        if (len == 0) {
            throw new WasmException(WasmException.Kind.TRAP, "invalid handle offset for " + what + ": "
                    + Long.toUnsignedString(handle));
        }
        byte[] b = kernel.read(handle, len);
        kernel.free(handle);
        return b;
    }
}
