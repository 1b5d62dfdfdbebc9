package io.wasmudf.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code kv_read}/{@code kv_write} pair in {@code extism:host/user} that the corpus's host
 * function cases import (plugins/FORMAT.md): an in-memory map, empty per plug-in; reading a
 * missing key gives four zero bytes (a little-endian u32 0).
 */
final class KvHostFunctions {
    private KvHostFunctions() {
    }

    static List<HostFunction> create() {
        Map<String, byte[]> store = new HashMap<>();
        HostFunction read = HostFunction.of("kv_read", List.of(WasmType.I64), List.of(WasmType.I64), (plugin, args) -> {
            String key = plugin.readString(args[0]);
            byte[] value = store.getOrDefault(key, new byte[4]);
            return new long[] {plugin.writeBytes(value)};
        });
        HostFunction write = HostFunction.of("kv_write", List.of(WasmType.I64, WasmType.I64), List.of(), (plugin, args) -> {
            store.put(plugin.readString(args[0]), plugin.readBytes(args[1]));
            return null;
        });
        return List.of(read, write);
    }
}
