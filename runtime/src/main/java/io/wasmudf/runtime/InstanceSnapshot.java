package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.Instance;
import java.util.ArrayList;
import java.util.List;

/**
 * A plug-in instance as its start-up left it (start sections and constructors run: {@code
 * _initialize}, {@code __wasm_call_ctors}, {@code hs_init}, Go's runtime start-up), taken once per
 * {@link CompiledPlugin} from the first instance whose start-up may be imaged (see {@link InitCalls})
 * and used to start later instances without running start-up again. Also, where that is refused,
 * an instance as built (segments applied, no guest code run), from which later instances start and
 * then run their own start-up. One {@link ModuleImage} per module, in the plug-in's module order.
 * Immutable; held in memory only, never written anywhere.
 *
 * <p>What an image does not hold, because start-up may not touch it for an image to be taken: the
 * kernel memory, vars, the WASI sandbox's state (files, logs) and anything outside the instance.
 */
final class InstanceSnapshot {
    /** Images above this many bytes are not kept: running start-up again is cheaper than holding them. */
    static final long MAX_BYTES = 32L << 20;

    private final List<ModuleImage> modules;
    private final long bytes;

    private InstanceSnapshot(List<ModuleImage> modules) {
        this.modules = List.copyOf(modules);
        long total = 0;
        for (ModuleImage m : modules) {
            total += m.bytes();
        }
        this.bytes = total;
    }

    /** Images every module of {@code instances}, listed in the plug-in's module order. */
    static InstanceSnapshot capture(List<Instance> instances) {
        List<ModuleImage> images = new ArrayList<>(instances.size());
        for (Instance i : instances) {
            images.add(ModuleImage.capture(i, instances));
        }
        return new InstanceSnapshot(images);
    }

    /** The image of the module at {@code index} in the plug-in's module order. */
    ModuleImage module(int index) {
        return modules.get(index);
    }

    long bytes() {
        return bytes;
    }
}
