package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wasmudf.runtime.internal.KernelMemory;
import io.wasmudf.runtime.internal.GuestMemory;
import io.wasmudf.runtime.internal.WasiSandbox;

/**
 * Instantiates a compiled plug-in: links every import (kernel, WASI, host functions, the other
 * modules), applies the page limit and the memory budget to each memory, runs the start sections
 * and then the constructors Extism runs, non-main modules first. Runs inside the first call, under
 * its time limit.
 */
final class Linker {
    private final Plugin plugin;
    private final CompiledPlugin compiled;
    private final int pageCap;

    Linker(Plugin plugin, int pageCap) {
        this.plugin = plugin;
        this.compiled = plugin.compiled();
        this.pageCap = pageCap;
    }

    LiveInstance instantiate(MemoryBudget budget) {
        LiveInstance live = new LiveInstance(plugin, budget, KernelMemory.INITIAL_PAGES + (long) pageCap);
        try {
            if (compiled.wasiEnabled()) {
                live.wasi = new WasiSandbox(compiled.manifest().allowedPaths(), compiled.baseDir(),
                        compiled.options().wasiClock(), live.host::emit);
            }
            CompiledPlugin.Linked mainLinked = null;
            for (CompiledPlugin.Linked l : compiled.modules()) {
                if (l.name.equals(CompiledPlugin.MAIN)) {
                    mainLinked = l;
                } else {
                    live.modules.put(l.name, instantiate(live, l));
                }
            }
            live.main = instantiate(live, mainLinked);
            live.modules.put(CompiledPlugin.MAIN, live.main);
            for (CompiledPlugin.Linked l : compiled.modules()) {
                if (!l.name.equals(CompiledPlugin.MAIN)) {
                    initialize(live.modules.get(l.name), l.module);
                }
            }
            initialize(live.main, mainLinked.module);
            return live;
        } catch (RuntimeException | Error e) {
            live.close();
            throw e;
        }
    }

    private Instance instantiate(LiveInstance live, CompiledPlugin.Linked l) {
        WasmModule m = l.module.module();
        ImportValues.Builder iv = ImportValues.builder();
        var is = m.importSection();
        for (int i = 0; i < is.importCount(); i++) {
            Import imp = is.getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                iv.addFunction(resolve(live, imp, m.typeSection().getType(((FunctionImport) imp).typeIndex())));
            }
        }
        Instance.Builder b = Instance.builder(m).withImportValues(iv.build())
                .withMachineFactory(l.module.machineFactory()).withStart(false)
                .withMemoryFactory(limits -> memory(live, l.name, limits));
        if (m.memorySection().isPresent() && m.memorySection().get().memoryCount() > 0) {
            MemoryLimits declared = m.memorySection().get().getMemory(0).limits();
            if (declared.initialPages() > pageCap) {
                throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: module '" + l.name + "' needs "
                        + declared.initialPages() + " pages of memory to start but the limit is " + pageCap + " pages");
            }
            b.withMemoryLimits(new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), pageCap),
                    declared.shared()));
        }
        try {
            return b.build();
        } catch (ChicoryInterruptedException e) {
            throw e; // a start section stopped by the time limit or a cancel: the call reports it
        } catch (ChicoryException e) {
            throw new WasmException(WasmException.Kind.LINK_ERROR, "cannot instantiate module '" + l.name + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * A guest memory under the page cap and the budget. A shared memory (threads) has no grow hook:
     * its whole maximum, which Wasm requires it to declare, is charged up front.
     */
    private Memory memory(LiveInstance live, String module, MemoryLimits limits) {
        String what = "the initial memory of module '" + module + "'";
        if (limits.shared()) {
            live.account.reserve((long) limits.maximumPages() * KernelMemory.PAGE_SIZE, what + " (shared: its maximum)");
            return new ByteArrayMemory(limits);
        }
        GuestMemory mem = new GuestMemory(limits.initialPages(), limits.maximumPages(), pageCap, live.account, what);
        live.memories.add(mem);
        return mem;
    }

    private ImportFunction resolve(LiveInstance live, Import imp, FunctionType type) {
        String module = imp.module();
        String name = imp.name();
        if (module.equals(Kernel.MODULE)) {
            return Kernel.bind(name, live.kernel, live.host);
        }
        if (module.equals(WasiSandbox.MODULE) && live.wasi != null) {
            return live.wasi.function(name);
        }
        for (HostFunction f : compiled.options().hostFunctions()) {
            if (f.namespace().equals(module) && f.name().equals(name)) {
                return new ImportFunction(module, name, type, (inst, args) -> live.host.runHostFunction(f, args));
            }
        }
        // A function exported by another module of this plug-in, found when first called.
        return new ImportFunction(module, name, type, (inst, args) -> live.modules.get(module).export(name).apply(args));
    }

    /** Runs a module's constructors the way Extism does, before the first call. */
    private static void initialize(Instance instance, CompiledModule m) {
        FunctionType hsInit = m.exportType("hs_init");
        if (hsInit != null) {
            if (isNullary(m.exportType("_initialize"))) {
                instance.export("_initialize").apply();
            }
            instance.export("hs_init").apply(new long[hsInit.params().size()]);
            return;
        }
        if (isNullary(m.exportType("__wasm_call_ctors"))) {
            instance.export("__wasm_call_ctors").apply();
            return;
        }
        if (isNullary(m.exportType("_initialize"))) {
            instance.export("_initialize").apply();
        }
    }

    private static boolean isNullary(FunctionType t) {
        return t != null && t.params().isEmpty() && t.returns().isEmpty();
    }
}
