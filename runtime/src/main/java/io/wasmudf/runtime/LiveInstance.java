package io.wasmudf.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import io.wasmudf.runtime.internal.KernelMemory;
import io.wasmudf.runtime.internal.GuestMemory;
import io.wasmudf.runtime.internal.VarStore;
import io.wasmudf.runtime.internal.WasiSandbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one instantiation of a plug-in holds, declared in one place: its Wasm instances, its
 * kernel memory, its vars and what it charged to the memory budget. A {@link Plugin} drops it whole
 * (after a trap, on reset or close), so no half-updated piece is ever reused. Used by one call at a
 * time; built by {@link Linker}.
 */
final class LiveInstance {
    final MemoryBudget.Account account;
    final KernelMemory kernel;
    final VarStore vars;
    final HostServices host;
    final List<GuestMemory> memories = new ArrayList<>();
    final Map<String, Instance> modules = new HashMap<>();
    /** Exports looked up and type-checked once per instance. */
    final Map<String, ExportFunction> exports = new HashMap<>();
    WasiSandbox wasi;
    Instance main;
    /** Whether this instance was started from an {@link InstanceSnapshot} rather than by running start-up. */
    boolean fromSnapshot;
    /** Whether it was built from an image of an instance as built (segments applied), start-up run after. */
    boolean fromBuiltImage;

    LiveInstance(Plugin plugin, MemoryBudget budget, long kernelMaxPages) {
        this.account = budget.open();
        this.kernel = new KernelMemory(kernelMaxPages, account);
        this.vars = new VarStore(account);
        this.host = new HostServices(plugin, this);
    }

    /** Bytes of heap held now: guest memories and kernel memory. */
    long footprint() {
        long total = kernel.footprint();
        for (int i = 0; i < memories.size(); i++) {
            total += memories.get(i).footprint();
        }
        return total;
    }

    /** Whether a memory growth was refused during this instance's life. */
    boolean growthDenied() {
        if (kernel.growthDenied()) {
            return true;
        }
        for (GuestMemory m : memories) {
            if (m.growthDenied()) {
                return true;
            }
        }
        return false;
    }

    /** Releases WASI resources and everything charged to the budget. Safe from any thread. */
    void close() {
        WasiSandbox w = wasi;
        if (w != null) {
            w.close();
        }
        account.close();
    }
}
