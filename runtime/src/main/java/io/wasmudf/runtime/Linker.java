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
import java.util.ArrayList;
import java.util.List;

/**
 * Instantiates a compiled plug-in: links every import (kernel, WASI, host functions, the other
 * modules), applies the page limit and the memory budget to each memory, runs the start sections
 * and then the constructors Extism runs, non-main modules first. Runs inside the first call, under
 * its time limit.
 *
 * <p>Where the compiled plug-in holds an {@link InstanceSnapshot}, a new instance is built from it
 * instead, start-up not run; the first instance whose start-up may be imaged is watched (which
 * imports it calls) and imaged. Where that was refused, one instance is imaged as built (before any
 * guest code ran) and later ones start from that image and run their own start-up: the image
 * saves applying the data and element segments (Go's 28,996 and 5,777) on every instance.
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
        SnapshotSlot slot = compiled.snapshots();
        InstanceSnapshot image = slot.snapshot();
        if (image != null) {
            LiveInstance restored = restore(budget, image, null, null);
            if (restored != null) {
                restored.fromSnapshot = true;
                return restored;
            }
        }
        InitCalls watch = slot.open() ? new InitCalls() : null;
        InstanceSnapshot built = slot.built();
        LiveInstance live = built == null ? null : restore(budget, built, watch, slot.pagesAfterStartUp());
        if (live != null) {
            live.fromBuiltImage = true;
        } else {
            live = build(budget, watch);
            if (slot.wantsBuilt()) {
                slot.fillBuilt(InstanceSnapshot.capture(inModuleOrder(live)));
            }
        }
        startUp(live, watch);
        if (live.fromBuiltImage && slot.pagesAfterStartUp() == null) {
            slot.notePagesAfterStartUp(memoryPages(inModuleOrder(live)));
        }
        if (watch != null) {
            offerImage(live, watch, slot);
        }
        return live;
    }

    private LiveInstance open(MemoryBudget budget) {
        LiveInstance live = new LiveInstance(plugin, budget, KernelMemory.INITIAL_PAGES + (long) pageCap);
        if (compiled.wasiEnabled()) {
            live.wasi = new WasiSandbox(compiled.manifest().allowedPaths(), compiled.baseDir(),
                    compiled.options().wasiClock(), live.host::emit);
        }
        return live;
    }

    /**
     * Builds every module, non-main ones first (Chicory runs start sections here), the imports
     * called noted in {@code watch} if not null.
     */
    private LiveInstance build(MemoryBudget budget, InitCalls watch) {
        LiveInstance live = open(budget);
        try {
            for (CompiledPlugin.Linked l : compiled.modules()) {
                if (!l.name.equals(CompiledPlugin.MAIN)) {
                    live.modules.put(l.name, instantiate(live, l, l.module.module(), watch));
                }
            }
            CompiledPlugin.Linked main = compiled.mainLinked();
            live.main = instantiate(live, main, main.module.module(), watch);
            live.modules.put(CompiledPlugin.MAIN, live.main);
            return live;
        } catch (RuntimeException | Error e) {
            live.close();
            throw e;
        }
    }

    /** Runs every module's constructors, non-main ones first; then the watch, if any, is over. */
    private void startUp(LiveInstance live, InitCalls watch) {
        try {
            for (CompiledPlugin.Linked l : compiled.modules()) {
                if (!l.name.equals(CompiledPlugin.MAIN)) {
                    initialize(live.modules.get(l.name), l.module);
                }
            }
            initialize(live.main, compiled.mainModule());
            if (watch != null) {
                watch.stop();
            }
        } catch (RuntimeException | Error e) {
            live.close();
            throw e;
        }
    }

    /** Images a finished start-up for later instances, or notes why it must not be. */
    private void offerImage(LiveInstance live, InitCalls watch, SnapshotSlot slot) {
        String refusal = watch.refusal(compiled.options().snapshots());
        if (refusal != null) {
            slot.refuse(refusal);
            return;
        }
        slot.fill(InstanceSnapshot.capture(inModuleOrder(live)));
    }

    private static int[] memoryPages(List<Instance> instances) {
        int[] pages = new int[instances.size()];
        for (int i = 0; i < pages.length; i++) {
            Memory m = instances.get(i).memory();
            pages[i] = m == null ? 0 : m.pages();
        }
        return pages;
    }

    private List<Instance> inModuleOrder(LiveInstance live) {
        List<Instance> out = new ArrayList<>();
        for (CompiledPlugin.Linked l : compiled.modules()) {
            out.add(live.modules.get(l.name));
        }
        return out;
    }

    /**
     * Builds every module from its image instead of from its segments (and, for a snapshot, instead
     * of running start-up). Returns null (nothing held) if an instance does not have the image's
     * shape, and the instance is then built as usual: Chicory 1.7.5's
     * {@code table.grow} enlarges the module's declared table for every later instance.
     * Memory limits apply as to any instance: the image's pages are grown into and charged.
     *
     * @param room per module, the pages start-up will grow its memory to (room made at once), or null
     */
    private LiveInstance restore(MemoryBudget budget, InstanceSnapshot image, InitCalls watch, int[] room) {
        LiveInstance live = open(budget);
        try {
            List<CompiledPlugin.Linked> modules = compiled.modules();
            for (int i = 0; i < modules.size(); i++) {
                CompiledPlugin.Linked l = modules.get(i);
                live.modules.put(l.name, instantiate(live, l, image.module(i).restoreModule(), watch));
            }
            live.main = live.modules.get(CompiledPlugin.MAIN);
            List<Instance> order = inModuleOrder(live);
            for (int i = 0; i < modules.size(); i++) {
                if (room != null && order.get(i).memory() instanceof GuestMemory) {
                    // start-up grows the memory past the image: one allocation instead of two
                    ((GuestMemory) order.get(i).memory()).reserveRoom(room[i]);
                }
                image.module(i).restore(order.get(i), order);
            }
            return live;
        } catch (IllegalStateException e) {
            live.close();
            return null;
        } catch (RuntimeException | Error e) {
            live.close();
            throw e;
        }
    }

    private Instance instantiate(LiveInstance live, CompiledPlugin.Linked l, WasmModule m, InitCalls watch) {
        ImportValues.Builder iv = ImportValues.builder();
        var is = m.importSection();
        for (int i = 0; i < is.importCount(); i++) {
            Import imp = is.getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                FunctionType type = m.typeSection().getType(((FunctionImport) imp).typeIndex());
                ImportFunction f = resolve(live, imp, type);
                iv.addFunction(watch == null ? f : watched(f, type, watch));
            }
        }
        Instance.Builder b = Instance.builder(m).withImportValues(iv.build())
                .withMachineFactory(m == l.module.module() ? l.module.machineFactory() : l.module.restoreMachineFactory())
                .withStart(false)
                .withMemoryFactory(limits -> memory(live, l.name, limits));
        if (m.memorySection().isPresent() && m.memorySection().get().memoryCount() > 0) {
            MemoryLimits declared = m.memorySection().get().getMemory(0).limits();
            if (declared.initialPages() > pageCap) {
                throw new WasmException(WasmException.Kind.OUT_OF_MEMORY, "oom: module '" + l.name + "' needs "
                        + declared.initialPages() + " pages of memory to start but the limit is " + pageCap + " pages");
            }
            // A memory restored from an image starts empty and grows to the image's size (no page zeroed twice).
            int initial = m == l.module.module() ? declared.initialPages() : 0;
            b.withMemoryLimits(new MemoryLimits(initial, Math.min(declared.maximumPages(), pageCap), declared.shared()));
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
        mem.skipNextZero(); // Chicory zeroes the memory it just asked for before anything writes it
        live.memories.add(mem);
        return mem;
    }

    /** The import, noting each call in {@code watch} (which ignores calls once start-up is over). */
    private ImportFunction watched(ImportFunction f, FunctionType type, InitCalls watch) {
        String module = f.module();
        String name = f.name();
        InitCalls.Kind kind = InitCalls.kindOf(module, name, isLinkedModule(module));
        var handle = f.handle();
        return new ImportFunction(module, name, type, (inst, args) -> {
            watch.record(kind, module, name);
            return handle.apply(inst, args);
        });
    }

    private boolean isLinkedModule(String module) {
        for (CompiledPlugin.Linked l : compiled.modules()) {
            if (l.name.equals(module)) {
                return !module.equals(Kernel.MODULE) && !module.equals(WasiSandbox.MODULE);
            }
        }
        return false;
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
