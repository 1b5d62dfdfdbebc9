package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import com.dylibso.chicory.wasm.types.PassiveElement;
import io.wasmudf.runtime.internal.ModuleCopy;
import java.util.List;

/**
 * The state of one started Wasm instance of a plug-in, enough to make another instance of the same
 * module identical to it: the memory's touched chunks ({@link MemoryImage}), the mutable globals,
 * the tables' entries, and which data and element segments start-up dropped. Immutable.
 *
 * <p>An instance to restore is built from {@link #restoreModule()}: the module with its active data
 * and element segments made passive (the image holds what they wrote, and what start-up made of
 * it), so building skips copying them (28,996 data segments and 5,777 table entries in the Go-PDK
 * module) and leaves an empty memory and table for the image.
 */
final class ModuleImage {
    private final WasmModule restoreModule;
    private final MemoryImage memory;
    private final int[] globalIndexes;
    private final long[] globalLow;
    private final long[] globalHigh;
    private final int[][] tableRefs;
    /** Per table entry, the module (by plug-in order) its function belongs to; -1 for none. */
    private final int[][] tableOwners;
    private final Element[] elements;
    private final int[] droppedData;

    private ModuleImage(WasmModule restoreModule, MemoryImage memory, int[] globalIndexes, long[] globalLow,
            long[] globalHigh, int[][] tableRefs, int[][] tableOwners, Element[] elements, int[] droppedData) {
        this.restoreModule = restoreModule;
        this.memory = memory;
        this.globalIndexes = globalIndexes;
        this.globalLow = globalLow;
        this.globalHigh = globalHigh;
        this.tableRefs = tableRefs;
        this.tableOwners = tableOwners;
        this.elements = elements;
        this.droppedData = droppedData;
    }

    /** Takes the image of {@code instance}, whose start-up has just finished; {@code order} lists the plug-in's instances. */
    static ModuleImage capture(Instance instance, List<Instance> order) {
        WasmModule m = instance.module();
        MemoryImage memory = m.memorySection().isPresent() && m.memorySection().get().memoryCount() > 0
                ? MemoryImage.capture(instance.memory()) : null;
        int globals = m.globalSection().globalCount();
        int mutable = 0;
        for (int i = 0; i < globals; i++) {
            if (instance.global(i).getMutabilityType() == MutabilityType.Var) {
                mutable++;
            }
        }
        int[] indexes = new int[mutable];
        long[] low = new long[mutable];
        long[] high = new long[mutable];
        for (int i = 0, k = 0; i < globals; i++) {
            GlobalInstance g = instance.global(i);
            if (g.getMutabilityType() == MutabilityType.Var) {
                indexes[k] = i;
                low[k] = g.getValueLow();
                high[k++] = g.getValueHigh();
            }
        }
        int tables = m.tableSection().tableCount();
        int[][] refs = new int[tables][];
        int[][] owners = new int[tables][];
        for (int t = 0; t < tables; t++) {
            TableInstance table = instance.table(t);
            refs[t] = new int[table.size()];
            owners[t] = new int[table.size()];
            for (int i = 0; i < table.size(); i++) {
                refs[t][i] = table.ref(i);
                owners[t][i] = order.indexOf(table.instance(i));
            }
        }
        Element[] elements = new Element[instance.elementCount()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = instance.element(i);
        }
        DataSegment[] segments = m.dataSection().dataSegments();
        int[] dropped = new int[segments.length];
        int nDropped = 0;
        for (int i = 0; i < segments.length; i++) {
            if (!(segments[i] instanceof ActiveDataSegment) && instance.dataSegmentData(i) != segments[i].data()) {
                dropped[nDropped++] = i; // a passive segment start-up dropped with data.drop
            }
        }
        return new ModuleImage(forRestore(m), memory, indexes, low, high, refs, owners, elements,
                java.util.Arrays.copyOf(dropped, nDropped));
    }

    /**
     * The module with every active data segment replaced by an empty passive one and every active
     * element segment by a passive one (indexes kept), so that building an instance writes neither
     * memory nor tables: the image holds both as start-up left them.
     */
    private static WasmModule forRestore(WasmModule m) {
        DataSection.Builder data = DataSection.builder();
        if (m.dataCountSection().isPresent()) {
            // memory.init and data.drop name segments by index (and need a data count section)
            for (DataSegment s : m.dataSection().dataSegments()) {
                data.addDataSegment(s instanceof ActiveDataSegment ? PassiveDataSegment.EMPTY : s);
            }
        } // else no code can name a segment: none is kept (building then walks no segment list)
        ElementSection.Builder elements = ElementSection.builder();
        for (Element e : m.elementSection().elements()) {
            elements.addElement(e instanceof ActiveElement ? new PassiveElement(e.type(), e.initializers()) : e);
        }
        // no start section matters: a restored instance is built without running start (Linker)
        return ModuleCopy.with(m, m.codeSection(), elements.build(), data.build());
    }

    /** What to build the instance to restore from: see the class comment. */
    WasmModule restoreModule() {
        return restoreModule;
    }

    /** Pages the memory had when the image was taken (0 without a memory). */
    int memoryPages() {
        return memory == null ? 0 : memory.pages();
    }

    /** Heap bytes this image holds (memory chunks, tables, globals). */
    long bytes() {
        long total = memory == null ? 0 : memory.bytes();
        for (int[] r : tableRefs) {
            total += 8L * r.length;
        }
        return total + 16L * globalIndexes.length;
    }

    /**
     * Makes {@code instance}, just built from {@link #restoreModule()} (its memory empty, its tables
     * unset, its globals as the module declares them), what the imaged instance was.
     *
     * @throws IllegalStateException if the instance's shape differs from the image's (not restorable)
     */
    void restore(Instance instance, List<Instance> order) {
        if (memory != null) {
            memory.restore(instance.memory());
        }
        for (int k = 0; k < globalIndexes.length; k++) {
            GlobalInstance g = instance.global(globalIndexes[k]);
            g.setValueLow(globalLow[k]);
            g.setValueHigh(globalHigh[k]);
        }
        for (int t = 0; t < tableRefs.length; t++) {
            TableInstance table = instance.table(t);
            if (table.size() != tableRefs[t].length) {
                throw new IllegalStateException("table " + t + " has " + table.size() + " entries, the image "
                        + tableRefs[t].length);
            }
            int[] refs = tableRefs[t];
            int[] owners = tableOwners[t];
            for (int i = 0; i < refs.length; i++) { // the table is as its declaration starts it: set every entry
                table.setRef(i, refs[i], owners[i] < 0 ? null : order.get(owners[i]));
            }
        }
        for (int i = 0; i < elements.length; i++) {
            if (instance.element(i) != elements[i]) {
                instance.setElement(i, elements[i]);
            }
        }
        for (int i : droppedData) {
            instance.dropDataSegment(i);
        }
    }
}
