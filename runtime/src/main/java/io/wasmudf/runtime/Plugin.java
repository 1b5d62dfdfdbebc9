package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.wasmudf.runtime.internal.HttpGateway;
import io.wasmudf.runtime.internal.KernelMemory;
import io.wasmudf.runtime.internal.Watchdog;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One instance of a plug-in: its Wasm instances, its kernel memory and its vars. Calls run one at
 * a time (a second thread waits; a host function calling back into the same instance fails); state
 * (vars, guest globals and heap) persists from call to call as in Extism.
 *
 * <p>A call that traps, times out, runs out of memory or exits through WASI discards the Wasm
 * state; the next call starts from a fresh instance (vars included), so a half-updated instance is
 * never reused. Calling {@code _start} also forces a fresh instance next time, as in Extism. A call
 * that fails before the guest runs (a missing export) keeps the instance warm.
 *
 * <p>{@link #cancel()} and {@link #close()} may be called from any thread and never wait for a
 * running call: they stop it, and the calling thread discards the instance as the call returns.
 *
 * <p>(Over 400 lines on purpose: the call protocol and every field it guards stay in one file so
 * the state machine can be read whole; linking, host services, statistics and the snapshot start
 * live in their own classes.)
 */
public final class Plugin implements AutoCloseable {
    /** Returns the memory of instances dropped without close() to the budget. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final CompiledPlugin compiled;
    private final Manifest manifest;
    private final PluginOptions options;
    private final HttpGateway http;
    private final PluginStats stats = new PluginStats();
    /** Held for the whole of a call; close() only ever tries it. */
    private final ReentrantLock callLock = new ReentrantLock();

    // guarded by callLock
    private LiveInstance live;
    /** What the live instance charged to the budget; released by the cleaner if close() is never called. */
    private final BudgetRelease release = new BudgetRelease();

    // read by other threads
    private volatile boolean closed;
    private volatile Watchdog.Guard guard;

    Plugin(CompiledPlugin compiled) {
        this.compiled = compiled;
        this.manifest = compiled.manifest();
        this.options = compiled.options();
        this.http = new HttpGateway(manifest.allowedHosts(), manifest.effectiveMaxHttpResponseBytes());
        CLEANER.register(this, release);
    }

    /** The cleaner's action: it must not reach the Plugin, so it holds only the budget account. */
    private static final class BudgetRelease implements Runnable {
        volatile MemoryBudget.Account account;

        @Override
        public void run() {
            MemoryBudget.Account a = account;
            if (a != null) {
                a.close();
            }
        }
    }

    /**
     * Calls an export with UTF-8 text; returns the output decoded as UTF-8, where bytes that are
     * not UTF-8 become U+FFFD. Use {@link #call(String, byte[])} for binary output.
     */
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
    public byte[] call(String export, byte[] input, long timeoutMs) {
        if (callLock.isHeldByCurrentThread()) {
            throw new WasmException(WasmException.Kind.HOST_ERROR, "cannot make reentrant calls into plugin");
        }
        checkOpen();
        callLock.lock();
        try {
            checkOpen();
            return callLocked(export, input, effectiveTimeout(timeoutMs));
        } finally {
            if (closed) {
                discard();
            }
            callLock.unlock();
            if (closed) {
                discardIfIdle(); // close() may have tried the lock just before it was released
            }
        }
    }

    /** Stands for "no export": {@link #startUp()} only instantiates. Compared by identity (a plug-in may export any name). */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String START_UP_ONLY = new String("start-up");

    /**
     * Starts the Wasm instance now if none is live, under the manifest's time limit, as a first call
     * would (failures as a call's); for tests that image start-up before a case's calls.
     */
    void startUp() {
        call(START_UP_ONLY, new byte[0], 0);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("plugin is closed");
        }
    }

    private byte[] callLocked(String export, byte[] input, long timeout) {
        stats.callStarted();
        long start = System.nanoTime();
        CallProgress progress = new CallProgress();
        try (Watchdog.Guard g = Watchdog.watch(timeout)) {
            guard = g;
            if (closed) {
                g.cancel(); // close() ran before the guard was visible to it
            }
            try {
                return invoke(export, input, progress);
            } catch (Throwable t) {
                stats.callFailed();
                if (!progress.guestRunning && t instanceof WasmException && !g.tripped()) {
                    throw (WasmException) t; // the guest returned or never ran: its state is intact
                }
                LiveInstance l = live;
                try {
                    throw Failures.classify(export, t, g, l, timeout, pageCap(), closed);
                } finally {
                    discard();
                }
            } finally {
                guard = null;
            }
        } finally {
            LiveInstance l = live;
            stats.callEnded(System.nanoTime() - start, l == null ? 0 : l.footprint());
        }
    }

    /** Where the current call is: a failure while the guest runs leaves its state suspect. */
    private static final class CallProgress {
        boolean guestRunning;
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

    private byte[] invoke(String export, byte[] input, CallProgress progress) {
        LiveInstance l = live;
        if (l == null) {
            progress.guestRunning = true;
            stats.instantiated();
            l = new Linker(this, pageCap()).instantiate(options.memoryBudget());
            live = l;
            release.account = l.account;
            if (l.fromSnapshot) {
                stats.startedFromSnapshot();
            } else if (l.fromBuiltImage) {
                stats.startedFromBuiltImage();
            }
            progress.guestRunning = false;
        }
        if (export == START_UP_ONLY) {
            return new byte[0];
        }
        ExportFunction fn = l.exports.get(export);
        if (fn == null) {
            fn = lookupExport(l, export);
        }
        KernelMemory kernel = l.kernel;
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
        progress.guestRunning = true;
        try {
            long[] r = fn.apply();
            rc = r == null || r.length == 0 ? 0 : (int) r[0];
        } catch (WasiExitException e) {
            rc = e.exitCode();
            exited = true;
        }
        progress.guestRunning = false;
        try {
            String error = Failures.pluginError(kernel);
            if (error != null) {
                throw new PluginException(export, rc, error);
            }
            if (rc != 0) {
                throw new PluginException(export, rc, null);
            }
            return output(export, l);
        } finally {
            if (exited || export.equals(Instance.START_FUNCTION_NAME)) {
                // Extism re-instantiates after _start; after proc_exit the instance is finished too.
                discard();
            }
        }
    }

    private byte[] output(String export, LiveInstance l) {
        long len = l.kernel.outputLength();
        if (len == 0) {
            return new byte[0];
        }
        if (len > options.maxOutputBytes()) {
            throw new WasmException(WasmException.Kind.OUTPUT_TOO_LARGE, "output of " + export + " is " + len
                    + " bytes, more than the host's limit of " + options.maxOutputBytes() + " bytes");
        }
        l.account.reserve(len, "the output of " + export);
        try {
            return l.kernel.read(l.kernel.outputOffset(), len);
        } finally {
            l.account.release(len);
        }
    }

    /** Finds and checks an export once per instance. */
    private ExportFunction lookupExport(LiveInstance l, String export) {
        FunctionType type = compiled.mainModule().exportType(export);
        if (type == null) {
            throw new WasmException(WasmException.Kind.FUNCTION_NOT_FOUND, "Function not found: " + export);
        }
        if (!CompiledModule.isCallable(type)) {
            throw new WasmException(WasmException.Kind.INVALID_EXPORT, "export " + export + " has type "
                    + describe(type) + "; an Extism export takes no parameters and returns nothing or an i32");
        }
        ExportFunction fn = l.main.export(export);
        l.exports.put(export, fn);
        return fn;
    }

    /** A function type as Wasm text writes it: (i64,i64)->i64. */
    private static String describe(FunctionType t) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < t.params().size(); i++) {
            b.append(i == 0 ? "" : ",").append(t.params().get(i).toString().toLowerCase(java.util.Locale.ROOT));
        }
        b.append(")->");
        if (t.returns().isEmpty()) {
            b.append("()");
        }
        for (int i = 0; i < t.returns().size(); i++) {
            b.append(i == 0 ? "" : ",").append(t.returns().get(i).toString().toLowerCase(java.util.Locale.ROOT));
        }
        return b.toString();
    }

    private int pageCap() {
        return manifest.maxPages() != null ? manifest.maxPages() : options.defaultMaxPages();
    }

    /** Drops the live instance and returns its memory to the budget; caller holds the lock. */
    private void discard() {
        LiveInstance l = live;
        live = null;
        release.account = null;
        stats.discarded();
        if (l != null) {
            l.close();
        }
    }

    private void discardIfIdle() {
        if (callLock.tryLock()) {
            try {
                discard();
            } finally {
                callLock.unlock();
            }
        }
    }

    // ---- for the instance's parts ----------------------------------------------------------

    Manifest manifest() {
        return manifest;
    }

    PluginOptions options() {
        return options;
    }

    HttpGateway http() {
        return http;
    }

    /** Milliseconds left in the running call, or {@code Long.MAX_VALUE} without a limit. */
    long timeRemainingMs() {
        Watchdog.Guard g = guard;
        return g == null ? Long.MAX_VALUE : g.remainingMs();
    }

    // ---- public state --------------------------------------------------------------------------

    /**
     * Stops the running call, if any, from another thread, including one still instantiating the
     * plug-in (start section, constructors); the call fails with kind TIMEOUT ("cancelled").
     */
    public void cancel() {
        Watchdog.Guard g = guard;
        if (g != null) {
            g.cancel();
        }
    }

    /** Drops all Wasm state and vars; the next call starts from a fresh instance. Waits for a running call. */
    public void reset() {
        callLock.lock();
        try {
            discard();
        } finally {
            callLock.unlock();
        }
    }

    /** A copy of the plug-in's vars (keys decoded as UTF-8). Waits for a running call. */
    public Map<String, byte[]> vars() {
        callLock.lock();
        try {
            LiveInstance l = live;
            return l == null ? Map.of() : l.vars.snapshot();
        } finally {
            callLock.unlock();
        }
    }

    public CompiledPlugin compiled() {
        return compiled;
    }

    public boolean functionExists(String name) {
        return compiled.functionExists(name);
    }

    /** Bytes of heap this instance held after its last call: guest memories and kernel memory. */
    public long memoryFootprint() {
        return stats.footprint();
    }

    /** Wasm pages of the live instance's guest memories (tests: a footprint also counts spare room). */
    int guestPages() {
        LiveInstance l = live;
        return l == null ? 0 : l.memories.stream().mapToInt(m -> m.pages()).sum();
    }

    public long calls() {
        return stats.calls();
    }

    public long failures() {
        return stats.failures();
    }

    /** How many times Wasm instances were created (1 + one per discard followed by a call). */
    public long instantiations() {
        return stats.instantiations();
    }

    /** How many of those instances started from the compiled plug-in's snapshot instead of running start-up. */
    public long snapshotStarts() {
        return stats.snapshotStarts();
    }

    /** How many started from an image of an instance as built, and then ran their own start-up. */
    public long builtImageStarts() {
        return stats.builtImageStarts();
    }

    /** Total wall time spent in {@link #call}. */
    public long nanosInCalls() {
        return stats.nanosInCalls();
    }

    /** Whether a call is running now. */
    public boolean isRunning() {
        return callLock.isLocked();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the instance without waiting: an idle instance is released at once; a running call
     * is cancelled and its thread releases the instance when the call returns (it fails with kind
     * TIMEOUT, "the plug-in instance was closed").
     */
    @Override
    public void close() {
        closed = true;
        cancel();
        discardIfIdle();
    }
}
