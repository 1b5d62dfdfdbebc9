package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.WasmModule;
import io.wasmudf.runtime.internal.HttpGateway;
import io.wasmudf.runtime.internal.KernelMemory;
import io.wasmudf.runtime.internal.LimitedMemory;
import io.wasmudf.runtime.internal.Watchdog;
import io.wasmudf.runtime.internal.WasiSandbox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One instance of a plug-in: its Wasm instances, its kernel memory and its vars. Calls run one at
 * a time; state (vars, guest globals and heap) persists from call to call as in Extism.
 *
 * <p>A call that traps, times out, runs out of memory or exits through WASI discards the Wasm
 * state; the next call starts from a fresh instance (vars included), so a half-updated instance is
 * never reused. Calling {@code _start} also forces a fresh instance next time, as in Extism.
 */
public final class Plugin implements AutoCloseable {
    private static final long[] NONE = new long[0];

    private final CompiledPlugin compiled;
    private final Manifest manifest;
    private final PluginOptions options;
    private final HttpGateway http;
    private final Map<String, byte[]> vars = new LinkedHashMap<>();
    private final CurrentPlugin view = new View();

    private KernelMemory kernel;
    private final List<LimitedMemory> memories = new ArrayList<>();
    private final Map<String, ExportFunction> exportFunctions = new HashMap<>();
    private Map<String, Instance> instances;
    private Instance main;
    private WasiSandbox wasi;
    private boolean inCall;
    private boolean closed;
    private volatile Watchdog.Guard guard;
    private long callTimeoutMs;
    private HostFunction runningHostFunction;
    private int httpStatus;
    private String httpHeadersJson;

    // Read by other threads (cache statistics) while a call runs: volatile, never behind the lock.
    private volatile long calls;
    private volatile long failures;
    private volatile long instantiations;
    private volatile long nanosInWasm;
    private volatile long footprint;

    Plugin(CompiledPlugin compiled) {
        this.compiled = compiled;
        this.manifest = compiled.manifest();
        this.options = compiled.options();
        this.http = new HttpGateway(manifest.allowedHosts(), manifest.effectiveMaxHttpResponseBytes());
    }

    /** Calls an export with UTF-8 text; returns the output as UTF-8 text. */
    public String call(String export, String input) {
        return new String(call(export, input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /**
     * Calls an export with {@code input} and returns its output.
     *
     * @throws PluginException if the plug-in reports an error or a non-zero code
     * @throws WasmException for a trap, timeout, memory limit, missing export or link failure
     */
    public byte[] call(String export, byte[] input) {
        return call(export, input, 0);
    }

    /**
     * As {@link #call(String, byte[])}, with the call also bounded by {@code timeoutMs} when it is
     * positive: the lesser of it and the manifest's {@code timeout_ms} applies, covering any
     * instantiation (start function, constructors) the call triggers. A host embedding plug-ins
     * (a database) passes its own default or a statement's remaining time here.
     */
    public synchronized byte[] call(String export, byte[] input, long timeoutMs) {
        if (closed) {
            throw new IllegalStateException("plugin is closed");
        }
        if (inCall) {
            throw new WasmException(WasmException.Kind.HOST_ERROR, "cannot make reentrant calls into plugin");
        }
        inCall = true;
        calls++;
        long start = System.nanoTime();
        long timeout = effectiveTimeout(timeoutMs);
        callTimeoutMs = timeout;
        try (Watchdog.Guard g = Watchdog.watch(timeout)) {
            guard = g;
            try {
                guestState = GuestState.NOT_STARTED;
                return invoke(export, input);
            } catch (Throwable t) {
                failures++;
                if (guestState != GuestState.RUNNING && t instanceof WasmException) {
                    // The guest returned (or never ran): its state is intact, so the instance stays warm.
                    throw (WasmException) t;
                }
                throw failure(export, t, g);
            } finally {
                guard = null;
            }
        } finally {
            nanosInWasm += System.nanoTime() - start;
            footprint = measureFootprint();
            inCall = false;
        }
    }

    /** The tighter of the manifest's timeout and the caller's; 0 when neither sets one. */
    private long effectiveTimeout(long callerMs) {
        Long manifestMs = manifest.timeoutMs();
        long m = manifestMs == null ? 0 : manifestMs;
        if (callerMs <= 0) {
            return m;
        }
        return m <= 0 ? callerMs : Math.min(m, callerMs);
    }

    private byte[] invoke(String export, byte[] input) {
        if (main == null) {
            guestState = GuestState.RUNNING;
            instantiate();
            guestState = GuestState.NOT_STARTED;
        }
        ExportFunction fn = exportFunctions.get(export);
        if (fn == null) {
            fn = lookupExport(export);
        }
        kernel.reset();
        if (input.length > 0) {
            long h = kernel.allocBytes(input, 0, input.length);
            if (h == 0) {
                throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: an input of " + input.length
                        + " bytes does not fit in the plug-in's memory limit");
            }
            kernel.inputSet(h, input.length);
        }
        int rc;
        boolean exited = false;
        guestState = GuestState.RUNNING;
        try {
            long[] r = fn.apply();
            rc = r == null || r.length == 0 ? 0 : (int) r[0];
        } catch (WasiExitException e) {
            rc = e.exitCode();
            exited = true;
        }
        guestState = GuestState.RETURNED;
        if (exited || export.equals(Instance.START_FUNCTION_NAME)) {
            // Extism re-instantiates after _start; after proc_exit the instance is finished too.
            discardAfterReturn = true;
        }
        try {
            String error = pluginError();
            if (error != null) {
                throw new PluginException(export, rc, error);
            }
            if (rc != 0) {
                throw new PluginException(export, rc, null);
            }
            long len = kernel.outputLength();
            if (len > options.maxOutputBytes()) {
                throw new WasmException(WasmException.Kind.OUTPUT_TOO_LARGE, "output of " + export + " is " + len
                        + " bytes, more than the host's limit of " + options.maxOutputBytes() + " bytes");
            }
            return len == 0 ? new byte[0] : kernel.read(kernel.outputOffset(), len);
        } finally {
            if (discardAfterReturn) {
                discard();
            }
        }
    }

    private boolean discardAfterReturn;

    /** Finds and checks an export once per instance; later calls take it from {@code exportFunctions}. */
    private ExportFunction lookupExport(String export) {
        FunctionType type = compiled.mainModule().exportType(export);
        if (type == null) {
            throw new WasmException(WasmException.Kind.FUNCTION_NOT_FOUND, "Function not found: " + export);
        }
        if (!CompiledModule.isCallable(type)) {
            throw new WasmException(WasmException.Kind.FUNCTION_NOT_FOUND, "Function " + export + " has type " + type
                    + "; an Extism export takes no parameters and returns nothing or an i32");
        }
        ExportFunction fn = main.export(export);
        exportFunctions.put(export, fn);
        return fn;
    }

    /** Where the current call is: a failure while the guest runs leaves its state suspect. */
    private enum GuestState { NOT_STARTED, RUNNING, RETURNED }

    private GuestState guestState = GuestState.NOT_STARTED;

    /** The message the plug-in set with error_set, or null. */
    private String pluginError() {
        if (kernel == null) {
            return null;
        }
        long err = kernel.errorGet();
        if (err == 0) {
            return null;
        }
        long len = kernel.length(err);
        return len == 0 ? null : new String(kernel.read(err, len), StandardCharsets.UTF_8);
    }

    private RuntimeException failure(String export, Throwable t, Watchdog.Guard g) {
        try {
            if (t instanceof PluginException) {
                return (PluginException) t;
            }
            if (t instanceof WasmException && t.getCause() == null
                    && ((WasmException) t).kind() == WasmException.Kind.FUNCTION_NOT_FOUND) {
                return (WasmException) t;
            }
            if (g.tripped() || t instanceof ChicoryInterruptedException) {
                return new WasmException(WasmException.Kind.TIMEOUT, g.cancelled() ? "cancelled: call of " + export
                        + " was cancelled" : "timeout: " + export + (callTimeoutMs > 0 ? " ran longer than its time limit (" + callTimeoutMs + " ms)"
                        : " was interrupted"));
            }
            String pluginMessage = pluginError();
            WasmException host = findWasmException(t);
            if (host != null) {
                return host;
            }
            if (pluginMessage != null) {
                return new PluginException(export, 134, pluginMessage);
            }
            if (t instanceof OutOfMemoryError) {
                return new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: the host ran out of memory running " + export, t);
            }
            if (t instanceof StackOverflowError) {
                return new WasmException(WasmException.Kind.TRAP, "trap in " + export + ": call stack exhausted", t);
            }
            if (atMemoryLimit()) {
                return new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: " + export + " failed at the memory limit of "
                        + pageCap() + " pages (" + t.getMessage() + ")", t);
            }
            if (t instanceof ChicoryException) {
                return new WasmException(WasmException.Kind.TRAP, "trap in " + export + ": " + t.getMessage(), t);
            }
            return new WasmException(WasmException.Kind.HOST_ERROR, "call of " + export + " failed: " + t, t);
        } finally {
            discard();
        }
    }

    private static WasmException findWasmException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WasmException) {
                return (WasmException) c;
            }
        }
        return null;
    }

    private boolean atMemoryLimit() {
        if (kernel != null && kernel.growthDenied()) {
            return true;
        }
        for (LimitedMemory m : memories) {
            if (m.growthDenied()) {
                return true;
            }
        }
        return false;
    }

    private int pageCap() {
        return manifest.maxPages() != null ? manifest.maxPages() : options.defaultMaxPages();
    }

    // ---- instantiation ---------------------------------------------------------------------

    private void instantiate() {
        kernel = new KernelMemory(KernelMemory.INITIAL_PAGES + (long) pageCap());
        instances = new HashMap<>();
        if (compiled.wasiEnabled()) {
            wasi = new WasiSandbox(manifest.allowedPaths(), compiled.baseDir(), options.wasiClock(),
                    (level, msg) -> emit(level, msg));
        }
        instantiations++;
        CompiledPlugin.Linked mainLinked = null;
        for (CompiledPlugin.Linked l : compiled.modules()) {
            if (l.name.equals(CompiledPlugin.MAIN)) {
                mainLinked = l;
                continue;
            }
            instances.put(l.name, instantiate(l));
        }
        main = instantiate(mainLinked);
        instances.put(CompiledPlugin.MAIN, main);
        for (CompiledPlugin.Linked l : compiled.modules()) {
            if (!l.name.equals(CompiledPlugin.MAIN)) {
                initialize(instances.get(l.name), l.module);
            }
        }
        initialize(main, mainLinked.module);
    }

    private Instance instantiate(CompiledPlugin.Linked l) {
        WasmModule m = l.module.module();
        ImportValues.Builder iv = ImportValues.builder();
        var is = m.importSection();
        for (int i = 0; i < is.importCount(); i++) {
            Import imp = is.getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                iv.addFunction(resolve(imp, m.typeSection().getType(((FunctionImport) imp).typeIndex())));
            }
        }
        Instance.Builder b = Instance.builder(m).withImportValues(iv.build())
                .withMachineFactory(l.module.machineFactory()).withStart(false)
                .withMemoryFactory(limits -> {
                    LimitedMemory mem = new LimitedMemory(new ByteArrayMemory(limits), pageCap());
                    memories.add(mem);
                    return mem;
                });
        if (m.memorySection().isPresent() && m.memorySection().get().memoryCount() > 0) {
            MemoryLimits declared = m.memorySection().get().getMemory(0).limits();
            int cap = pageCap();
            if (declared.initialPages() > cap) {
                throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: module '" + l.name + "' needs "
                        + declared.initialPages() + " pages of memory to start but the limit is " + cap + " pages");
            }
            b.withMemoryLimits(new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), cap), declared.shared()));
        }
        try {
            return b.build();
        } catch (ChicoryException e) {
            throw new WasmException(WasmException.Kind.LINK_ERROR, "cannot instantiate module '" + l.name + "': " + e.getMessage(), e);
        }
    }

    private ImportFunction resolve(Import imp, FunctionType type) {
        String module = imp.module();
        String name = imp.name();
        if (module.equals(Kernel.MODULE)) {
            return Kernel.bind(name, this);
        }
        if (module.equals(WasiSandbox.MODULE) && wasi != null) {
            return wasi.function(name);
        }
        for (HostFunction f : options.hostFunctions()) {
            if (f.namespace().equals(module) && f.name().equals(name)) {
                return new ImportFunction(module, name, type, (inst, args) -> runHostFunction(f, args));
            }
        }
        // A function exported by another module of this plug-in, found when first called.
        return new ImportFunction(module, name, type, (inst, args) -> instances.get(module).export(name).apply(args));
    }

    /** Runs a module's constructors the way Extism does, before the first call. */
    private void initialize(Instance instance, CompiledModule m) {
        FunctionType hsInit = m.exportType("hs_init");
        if (hsInit != null) {
            FunctionType init = m.exportType("_initialize");
            if (init != null && init.params().isEmpty() && init.returns().isEmpty()) {
                instance.export("_initialize").apply();
            }
            instance.export("hs_init").apply(hsInit.params().isEmpty() ? new long[0] : new long[hsInit.params().size()]);
            return;
        }
        FunctionType ctors = m.exportType("__wasm_call_ctors");
        if (ctors != null && ctors.params().isEmpty() && ctors.returns().isEmpty()) {
            instance.export("__wasm_call_ctors").apply();
            return;
        }
        FunctionType init = m.exportType("_initialize");
        if (init != null && init.params().isEmpty() && init.returns().isEmpty()) {
            instance.export("_initialize").apply();
        }
    }

    private void discard() {
        discardAfterReturn = false;
        if (wasi != null) {
            wasi.close();
            wasi = null;
        }
        main = null;
        instances = null;
        memories.clear();
        footprint = 0;
        exportFunctions.clear();
        kernel = null;
        vars.clear();
        httpStatus = 0;
        httpHeadersJson = null;
    }

    // ---- kernel host functions ---------------------------------------------------------------

    KernelMemory kernel() {
        return kernel;
    }

    LogLevel logLevel() {
        return options.logLevel();
    }

    long configGet(long keyHandle) {
        String key = new String(kernel.readBlock(keyHandle), StandardCharsets.UTF_8);
        kernel.free(keyHandle);
        String value = manifest.config().get(key);
        return value == null ? 0 : allocOrFail(value.getBytes(StandardCharsets.UTF_8));
    }

    long varGet(long keyHandle) {
        String key = new String(kernel.readBlock(keyHandle), StandardCharsets.UTF_8);
        kernel.free(keyHandle);
        byte[] value = vars.get(key);
        return value == null ? 0 : allocOrFail(value);
    }

    void varSet(long keyHandle, long valueHandle) {
        long max = manifest.effectiveMaxVarBytes();
        if (max == 0) {
            throw new WasmException(WasmException.Kind.PLUGIN_ERROR, "Vars are disabled by this host");
        }
        String key = new String(kernel.readBlock(keyHandle), StandardCharsets.UTF_8);
        kernel.free(keyHandle);
        if (valueHandle == 0) {
            vars.remove(key);
            return;
        }
        byte[] value = kernel.readBlock(valueHandle);
        kernel.free(valueHandle);
        long size = key.getBytes(StandardCharsets.UTF_8).length + value.length + 48L;
        for (Map.Entry<String, byte[]> e : vars.entrySet()) {
            if (!e.getKey().equals(key)) {
                size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().length + 48L;
            }
        }
        if (size > max) {
            throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "Variable store is full");
        }
        vars.put(key, value);
    }

    long httpRequest(long requestHandle, long bodyHandle) {
        byte[] request = kernel.readBlock(requestHandle);
        kernel.free(requestHandle);
        byte[] body = null;
        if (bodyHandle != 0) {
            body = kernel.readBlock(bodyHandle);
            kernel.free(bodyHandle);
        }
        Watchdog.Guard g = guard;
        httpStatus = 0;
        HttpGateway.Response r = http.send(request, body, g == null ? Long.MAX_VALUE : remaining(g));
        httpStatus = r.status;
        httpHeadersJson = r.headersJson;
        return r.body.length == 0 ? 0 : allocOrFail(r.body);
    }

    private long remaining(Watchdog.Guard g) {
        return g.remainingMs();
    }

    int httpStatus() {
        return httpStatus;
    }

    long httpHeaders() {
        if (!options.httpResponseHeaders() || httpHeadersJson == null) {
            return 0;
        }
        return allocOrFail(httpHeadersJson.getBytes(StandardCharsets.UTF_8));
    }

    void log(LogLevel level, long handle) {
        byte[] msg = kernel.readBlock(handle);
        kernel.free(handle);
        if (options.logLevel().enables(level)) {
            options.logSink().log(options.name(), level, new String(msg, StandardCharsets.UTF_8));
        }
    }

    private void emit(LogLevel level, String message) {
        if (options.logLevel().enables(level)) {
            options.logSink().log(options.name(), level, message);
        }
    }

    private long allocOrFail(byte[] data) {
        long h = kernel.allocBytes(data, 0, data.length);
        if (h == 0 && data.length > 0) {
            throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: " + data.length
                    + " bytes do not fit in the plug-in's memory limit");
        }
        return h;
    }

    private long[] runHostFunction(HostFunction f, long[] args) {
        HostFunction outer = runningHostFunction;
        runningHostFunction = f;
        try {
            long[] r = f.handler().apply(view, args);
            return r == null ? NONE : r;
        } catch (WasmException e) {
            throw e;
        } catch (Exception e) {
            throw new WasmException(WasmException.Kind.HOST_ERROR, "host function " + f.namespace() + "::" + f.name()
                    + " failed: " + e.getMessage(), e);
        } finally {
            runningHostFunction = outer;
        }
    }

    // ---- public state --------------------------------------------------------------------------

    /** Stops the running call, if any, from another thread; the call fails as a timeout does. */
    public void cancel() {
        Watchdog.Guard g = guard;
        if (g != null) {
            g.cancel();
        }
    }

    /** Drops all Wasm state and vars; the next call starts from a fresh instance. */
    public synchronized void reset() {
        discard();
    }

    /** A copy of the plug-in's vars. */
    public synchronized Map<String, byte[]> vars() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        vars.forEach((k, v) -> copy.put(k, v.clone()));
        return Collections.unmodifiableMap(copy);
    }

    public CompiledPlugin compiled() {
        return compiled;
    }

    public boolean functionExists(String name) {
        return compiled.functionExists(name);
    }

    /** Bytes of heap this instance held after its last call: guest memories and kernel memory. */
    public long memoryFootprint() {
        return footprint;
    }

    private long measureFootprint() {
        long total = kernel == null ? 0 : kernel.footprint();
        for (int i = 0; i < memories.size(); i++) {
            total += (long) memories.get(i).pages() * 65536;
        }
        return total;
    }


    public long calls() {
        return calls;
    }

    public long failures() {
        return failures;
    }

    /** How many times Wasm instances were created (1 + one per discard followed by a call). */
    public long instantiations() {
        return instantiations;
    }

    /** Total wall time spent in {@link #call}. */
    public long nanosInCalls() {
        return nanosInWasm;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            discard();
            closed = true;
        }
    }

    /** The {@link CurrentPlugin} handed to host functions. */
    private final class View implements CurrentPlugin {
        @Override
        public long alloc(long n) {
            return kernel.alloc(n);
        }

        @Override
        public void free(long handle) {
            kernel.free(handle);
        }

        @Override
        public long length(long handle) {
            return kernel.length(handle);
        }

        @Override
        public byte[] readBytes(long handle) {
            return kernel.readBlock(handle);
        }

        @Override
        public byte[] readBytes(long offset, long len) {
            return kernel.read(offset, len);
        }

        @Override
        public void write(long offset, byte[] data) {
            kernel.write(offset, data, 0, data.length);
        }

        @Override
        public long writeBytes(byte[] data) {
            return allocOrFail(data);
        }

        @Override
        public Map<String, byte[]> vars() {
            return vars;
        }

        @Override
        public Manifest manifest() {
            return manifest;
        }

        @Override
        public void setError(String message) {
            kernel.errorSet(allocOrFail(message.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public <T> T userData(Class<T> type) {
            HostFunction f = runningHostFunction;
            return f == null || f.userData() == null ? null : type.cast(f.userData());
        }

        @Override
        public long timeRemainingMs() {
            Watchdog.Guard g = guard;
            return g == null ? Long.MAX_VALUE : remaining(g);
        }
    }
}
