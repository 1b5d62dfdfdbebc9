package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.wasmudf.runtime.internal.KernelMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code extism:host/env} module: the kernel's memory functions, answered straight from the
 * Java {@link KernelMemory}, and the host functions (config, vars, HTTP, logs).
 */
final class Kernel {
    static final String MODULE = "extism:host/env";

    private static final ValType I32 = ValType.I32;
    private static final ValType I64 = ValType.I64;
    private static final Map<String, FunctionType> TYPES = new HashMap<>();

    static {
        t("alloc", List.of(I64), List.of(I64));
        t("free", List.of(I64), List.of());
        t("length", List.of(I64), List.of(I64));
        t("length_unsafe", List.of(I64), List.of(I64));
        t("load_u8", List.of(I64), List.of(I32));
        t("load_u64", List.of(I64), List.of(I64));
        t("store_u8", List.of(I64, I32), List.of());
        t("store_u64", List.of(I64, I64), List.of());
        t("input_load_u8", List.of(I64), List.of(I32));
        t("input_load_u64", List.of(I64), List.of(I64));
        t("input_length", List.of(), List.of(I64));
        t("input_offset", List.of(), List.of(I64));
        t("input_set", List.of(I64, I64), List.of());
        t("output_set", List.of(I64, I64), List.of());
        t("output_length", List.of(), List.of(I64));
        t("output_offset", List.of(), List.of(I64));
        t("error_set", List.of(I64), List.of());
        t("error_get", List.of(), List.of(I64));
        t("reset", List.of(), List.of());
        t("memory_bytes", List.of(), List.of(I64));
        t("config_get", List.of(I64), List.of(I64));
        t("var_get", List.of(I64), List.of(I64));
        t("var_set", List.of(I64, I64), List.of());
        t("http_request", List.of(I64, I64), List.of(I64));
        t("http_status_code", List.of(), List.of(I32));
        t("http_headers", List.of(), List.of(I64));
        t("log_trace", List.of(I64), List.of());
        t("log_debug", List.of(I64), List.of());
        t("log_info", List.of(I64), List.of());
        t("log_warn", List.of(I64), List.of());
        t("log_error", List.of(I64), List.of());
        t("get_log_level", List.of(), List.of(I32));
    }

    private static void t(String name, List<ValType> params, List<ValType> results) {
        TYPES.put(name, FunctionType.of(params, results));
    }

    private Kernel() {
    }

    /** The type of a kernel import, or null if the kernel has no such function. */
    static FunctionType type(String name) {
        return TYPES.get(name);
    }

    static FunctionType chicoryType(HostFunction f) {
        List<ValType> ps = new ArrayList<>();
        f.params().forEach(p -> ps.add(p.toChicory()));
        List<ValType> rs = new ArrayList<>();
        f.results().forEach(r -> rs.add(r.toChicory()));
        return FunctionType.of(ps, rs);
    }

    private static final long[] NONE = new long[0];

    /** Binds the kernel function {@code name} to one live instance's kernel memory and host services. */
    static ImportFunction bind(String name, KernelMemory k, HostServices p) {
        WasmFunctionHandle h = handle(name, k, p);
        return new ImportFunction(MODULE, name, TYPES.get(name), h);
    }

    private static WasmFunctionHandle handle(String name, KernelMemory k, HostServices p) {
        long[] out = new long[1];
        switch (name) {
            case "alloc":
                return (i, a) -> one(out, k.alloc(a[0]));
            case "free":
                return (i, a) -> {
                    k.free(a[0]);
                    return NONE;
                };
            case "length":
                return (i, a) -> one(out, k.length(a[0]));
            case "length_unsafe":
                return (i, a) -> one(out, k.lengthUnsafe(a[0]));
            case "load_u8":
                return (i, a) -> one(out, k.loadU8(a[0]));
            case "load_u64":
                return (i, a) -> one(out, k.loadU64(a[0]));
            case "store_u8":
                return (i, a) -> {
                    k.storeU8(a[0], (int) a[1]);
                    return NONE;
                };
            case "store_u64":
                return (i, a) -> {
                    k.storeU64(a[0], a[1]);
                    return NONE;
                };
            case "input_load_u8":
                return (i, a) -> one(out, k.inputLoadU8(a[0]));
            case "input_load_u64":
                return (i, a) -> one(out, k.inputLoadU64(a[0]));
            case "input_length":
                return (i, a) -> one(out, k.inputLength());
            case "input_offset":
                return (i, a) -> one(out, k.inputOffset());
            case "input_set":
                return (i, a) -> {
                    k.inputSet(a[0], a[1]);
                    return NONE;
                };
            case "output_set":
                return (i, a) -> {
                    k.outputSet(a[0], a[1]);
                    return NONE;
                };
            case "output_length":
                return (i, a) -> one(out, k.outputLength());
            case "output_offset":
                return (i, a) -> one(out, k.outputOffset());
            case "error_set":
                return (i, a) -> {
                    k.errorSet(a[0]);
                    return NONE;
                };
            case "error_get":
                return (i, a) -> one(out, k.errorGet());
            case "reset":
                return (i, a) -> {
                    k.reset();
                    return NONE;
                };
            case "memory_bytes":
                return (i, a) -> one(out, k.memoryBytes());
            case "config_get":
                return (i, a) -> one(out, p.configGet(a[0]));
            case "var_get":
                return (i, a) -> one(out, p.varGet(a[0]));
            case "var_set":
                return (i, a) -> {
                    p.varSet(a[0], a[1]);
                    return NONE;
                };
            case "http_request":
                return (i, a) -> one(out, p.httpRequest(a[0], a[1]));
            case "http_status_code":
                return (i, a) -> one(out, p.httpStatus());
            case "http_headers":
                return (i, a) -> one(out, p.httpHeaders());
            case "log_trace":
                return (i, a) -> log(p, LogLevel.TRACE, a[0]);
            case "log_debug":
                return (i, a) -> log(p, LogLevel.DEBUG, a[0]);
            case "log_info":
                return (i, a) -> log(p, LogLevel.INFO, a[0]);
            case "log_warn":
                return (i, a) -> log(p, LogLevel.WARN, a[0]);
            case "log_error":
                return (i, a) -> log(p, LogLevel.ERROR, a[0]);
            case "get_log_level":
                return (i, a) -> one(out, p.logLevel().extismValue());
            default:
                throw new IllegalArgumentException("no kernel function " + name);
        }
    }

    /**
     * {@code value} as an import's one result, in the import's own array instead of a new one per
     * call (a PDK call makes ~30 such calls): Chicory's compiled code and interpreter copy results
     * out as soon as the handle returns, and a kernel function runs no Wasm in between.
     */
    private static long[] one(long[] out, long value) {
        out[0] = value;
        return out;
    }

    private static long[] log(HostServices p, LogLevel level, long handle) {
        p.log(level, handle);
        return NONE;
    }
}
