package io.wasmudf.runtime;

import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import io.wasmudf.runtime.internal.WasiSandbox;
import java.nio.file.Path;
import java.util.List;

/**
 * A plug-in ready to instantiate: its modules compiled and linked on paper. Immutable and
 * thread-safe; each {@link #instantiate()} makes an independent {@link Plugin}.
 */
public final class CompiledPlugin {
    static final String MAIN = "main";

    /** A module and the name other modules import it by. */
    static final class Linked {
        final String name;
        final CompiledModule module;

        Linked(String name, CompiledModule module) {
            this.name = name;
            this.module = module;
        }
    }

    private final Manifest manifest;
    private final PluginOptions options;
    private final List<Linked> modules;
    private final Linked main;
    private final boolean wasi;
    private final Path baseDir;
    private final SnapshotSlot snapshots;

    CompiledPlugin(Manifest manifest, PluginOptions options, List<Linked> modules, Path baseDir) {
        this.manifest = manifest;
        this.options = options;
        this.modules = List.copyOf(modules);
        this.main = modules.stream().filter(l -> l.name.equals(MAIN)).findFirst().orElseThrow();
        this.baseDir = baseDir;
        boolean importsWasi = modules.stream().anyMatch(l -> imports(l.module, WasiSandbox.MODULE));
        this.wasi = options.wasi() == PluginOptions.Wasi.ON || (options.wasi() == PluginOptions.Wasi.AUTO && importsWasi);
        checkLinks();
        String startSection = startSection();
        this.snapshots = new SnapshotSlot(options.snapshots() != PluginOptions.Snapshots.OFF && startSection == null);
        if (options.snapshots() == PluginOptions.Snapshots.OFF) {
            snapshots.refuse("snapshots are off for this plug-in");
        } else if (startSection != null) {
            snapshots.refuse(startSection);
        } else if (options.snapshots() == PluginOptions.Snapshots.BEFORE_START_UP) {
            snapshots.refuse("snapshots are before-start-up for this plug-in: every instance runs its own start-up");
        }
    }

    /** Why no instance of this plug-in can start from any image, or null: a start section. */
    private String startSection() {
        for (Linked l : modules) {
            if (l.module.module().startSection().isPresent()) {
                // Chicory runs a start section whenever it builds an instance, image or not
                return "module '" + l.name + "' has a start section, which runs in every new instance";
            }
        }
        return null;
    }

    private static boolean imports(CompiledModule m, String moduleName) {
        var is = m.module().importSection();
        for (int i = 0; i < is.importCount(); i++) {
            if (is.getImport(i).module().equals(moduleName)) {
                return true;
            }
        }
        return false;
    }

    private void checkLinks() {
        for (Linked l : modules) {
            var is = l.module.module().importSection();
            for (int i = 0; i < is.importCount(); i++) {
                Import imp = is.getImport(i);
                String where = "module '" + l.name + "'";
                if (imp.importType() != ExternalType.FUNCTION) {
                    throw new WasmException(WasmException.Kind.LINK_ERROR, where + " imports " + imp.importType()
                            + " '" + imp.module() + "::" + imp.name() + "'; only functions can be imported in an Extism plug-in");
                }
                FunctionType want = l.module.module().typeSection().getType(((FunctionImport) imp).typeIndex());
                FunctionType have = provided(imp.module(), imp.name());
                if (have == null) {
                    if (imp.module().equals(Kernel.MODULE)) {
                        throw new WasmException(WasmException.Kind.LINK_ERROR, "Invalid function import from "
                                + Kernel.MODULE + ": " + imp.name() + " " + want + " (" + where + "); is the plug-in built for a newer Extism?");
                    }
                    if (imp.module().equals(WasiSandbox.MODULE) && !wasi) {
                        throw new WasmException(WasmException.Kind.LINK_ERROR, where + " imports WASI ("
                                + imp.name() + ") but WASI is disabled for this plug-in");
                    }
                    throw new WasmException(WasmException.Kind.LINK_ERROR, where + " imports function '"
                            + imp.module() + "::" + imp.name() + "' " + want + ", which no host function or linked module provides");
                }
                if (!have.typesMatch(want)) {
                    throw new WasmException(WasmException.Kind.LINK_ERROR, where + " imports '" + imp.module() + "::"
                            + imp.name() + "' as " + want + " but it is provided as " + have);
                }
            }
        }
    }

    /** The type of whatever would satisfy an import, or null if nothing would. */
    private FunctionType provided(String module, String name) {
        if (module.equals(Kernel.MODULE)) {
            return Kernel.type(name);
        }
        if (module.equals(WasiSandbox.MODULE)) {
            return wasi ? WasiSandbox.typeOf(name) : null;
        }
        for (HostFunction f : options.hostFunctions()) {
            if (f.namespace().equals(module) && f.name().equals(name)) {
                return Kernel.chicoryType(f);
            }
        }
        for (Linked l : modules) {
            if (l.name.equals(module)) {
                return l.module.exportType(name);
            }
        }
        return null;
    }

    /** Makes a new, independent instance; Wasm is instantiated lazily on its first call. */
    public Plugin instantiate() {
        return new Plugin(this);
    }

    public Manifest manifest() {
        return manifest;
    }

    public PluginOptions options() {
        return options;
    }

    /** The main module. */
    public CompiledModule mainModule() {
        return main.module;
    }

    Linked mainLinked() {
        return main;
    }

    /** Exports of the main module an Extism host can call. */
    public List<String> exports() {
        return main.module.exports();
    }

    /**
     * Whether the main module exports a function {@code name}, whatever its type (a call of one
     * with another type than an Extism export's fails as {@link WasmException.Kind#INVALID_EXPORT}).
     */
    public boolean hasExport(String name) {
        return main.module.exportType(name) != null;
    }

    /** Whether {@code name} is an export of the main module with an Extism export's type. */
    public boolean functionExists(String name) {
        FunctionType t = main.module.exportType(name);
        return t != null && CompiledModule.isCallable(t);
    }

    /** SHA-256 of the main module. */
    public String sha256() {
        return main.module.sha256();
    }

    public boolean wasiEnabled() {
        return wasi;
    }

    /**
     * Whether new instances start from an image of an earlier instance's start-up instead of running
     * it (taken at the first instance whose start-up allows it; see {@link PluginOptions.Snapshots}).
     */
    public boolean snapshotTaken() {
        return snapshots.snapshot() != null;
    }

    /** Why new instances do not start from an image, or null (an image is taken, or none tried yet). */
    public String snapshotRefusal() {
        return snapshots.refusal();
    }

    /**
     * Whether new instances start from an image of an earlier one as built (its data segments and
     * tables in place) and then run their own start-up: where a snapshot was refused.
     */
    public boolean builtImageTaken() {
        return snapshots.built() != null;
    }

    /** Heap bytes the images hold (0 without one). */
    public long snapshotBytes() {
        InstanceSnapshot s = snapshots.snapshot();
        InstanceSnapshot b = snapshots.built();
        return (s == null ? 0 : s.bytes()) + (b == null ? 0 : b.bytes());
    }

    SnapshotSlot snapshots() {
        return snapshots;
    }

    List<Linked> modules() {
        return modules;
    }

    Path baseDir() {
        return baseDir;
    }
}
