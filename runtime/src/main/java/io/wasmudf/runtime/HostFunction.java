package io.wasmudf.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A function the host gives plug-ins to import, by default from {@code extism:host/user}.
 *
 * <pre>{@code
 * HostFunction kvRead = HostFunction.of("kv_read", List.of(WasmType.I64), List.of(WasmType.I64),
 *     (plugin, args) -> new long[] {plugin.writeBytes(store.get(plugin.readString(args[0])))});
 * }</pre>
 *
 * <p>Arguments and results are raw Wasm values ({@code i32}/{@code i64} as long, floats as their
 * bits). Extism handles are {@code i64} offsets into the plug-in's kernel memory, read and written
 * through {@link CurrentPlugin}. A handler that throws fails the call; a handler that calls {@link
 * CurrentPlugin#setError} and returns makes the plug-in see that error, as in Extism.
 */
public final class HostFunction {
    /** The namespace Extism PDKs import user host functions from. */
    public static final String USER_NAMESPACE = "extism:host/user";

    /** The body of a host function. */
    @FunctionalInterface
    public interface Handler {
        long[] apply(CurrentPlugin plugin, long[] args) throws Exception;
    }

    private final String namespace;
    private final String name;
    private final List<WasmType> params;
    private final List<WasmType> results;
    private final Handler handler;
    private final Object userData;

    private HostFunction(String namespace, String name, List<WasmType> params, List<WasmType> results,
                         Handler handler, Object userData) {
        this.namespace = Objects.requireNonNull(namespace);
        this.name = Objects.requireNonNull(name);
        this.params = List.copyOf(params);
        this.results = List.copyOf(results);
        this.handler = Objects.requireNonNull(handler);
        this.userData = userData;
    }

    /** A function in {@value #USER_NAMESPACE}. */
    public static HostFunction of(String name, List<WasmType> params, List<WasmType> results, Handler handler) {
        return new HostFunction(USER_NAMESPACE, name, params, results, handler, null);
    }

    /** The same function imported from another module name. */
    public HostFunction inNamespace(String namespace) {
        return new HostFunction(namespace, name, params, results, handler, userData);
    }

    /** The same function carrying a value its handler reads with {@link CurrentPlugin#userData}. */
    public HostFunction withUserData(Object data) {
        return new HostFunction(namespace, name, params, results, handler, data);
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public List<WasmType> params() {
        return params;
    }

    public List<WasmType> results() {
        return results;
    }

    Handler handler() {
        return handler;
    }

    Object userData() {
        return userData;
    }

    @Override
    public String toString() {
        return namespace + "::" + name + params + "->" + results;
    }
}
