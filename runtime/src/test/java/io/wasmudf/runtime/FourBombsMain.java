package io.wasmudf.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Run in a JVM of its own by {@link SmallHeapTest}: four memory.grow bombs at once under the
 * default budget and page cap, then a fifth plug-in. Prints one line per outcome.
 */
public final class FourBombsMain {
    private FourBombsMain() {
    }

    public static void main(String[] args) throws Exception {
        List<CompletableFuture<String>> bombs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bombs.add(CompletableFuture.supplyAsync(() -> {
                try (Plugin p = Hostile.plugin("spin.wasm")) {
                    p.call("grow_forever", new byte[0]);
                    return "returned";
                } catch (WasmException e) {
                    return e.kind() + " " + e.getMessage();
                } catch (Throwable t) {
                    return "JVM " + t;
                }
            }));
        }
        for (CompletableFuture<String> f : bombs) {
            System.out.println("bomb: " + f.get());
        }
        try (Plugin fifth = Hostile.plugin("hostile.wasm")) {
            System.out.println("fifth: " + fifth.call("alloc_max", ""));
        }
        System.out.println("budget: " + MemoryBudget.shared().limitBytes() + " used " + MemoryBudget.shared().usedBytes());
    }
}
