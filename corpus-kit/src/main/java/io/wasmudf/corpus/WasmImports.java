package io.wasmudf.corpus;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The module names a Wasm binary imports from (its import section), read without a runtime so the
 * kit depends on nothing of the project: enough to tell whether a module imports WASI.
 */
final class WasmImports {
    private final byte[] b;
    private int pos;

    private WasmImports(byte[] bytes) {
        this.b = bytes;
    }

    static Set<String> modules(byte[] wasm) {
        return new WasmImports(wasm).read();
    }

    private Set<String> read() {
        if (b.length < 8 || b[0] != 0 || b[1] != 'a' || b[2] != 's' || b[3] != 'm') {
            throw new IllegalArgumentException("not a Wasm binary");
        }
        pos = 8;
        Set<String> out = new LinkedHashSet<>();
        while (pos < b.length) {
            int id = b[pos++];
            long size = leb();
            int end = (int) (pos + size);
            if (id == 2) {
                for (long n = leb(); n > 0; n--) {
                    out.add(name());
                    name();
                    skipImportDesc();
                }
            }
            pos = end;
        }
        return out;
    }

    private void skipImportDesc() {
        int kind = b[pos++];
        switch (kind) {
            case 0 -> leb();                        // function: type index
            case 1 -> { pos++; limits(); }          // table: reftype, limits
            case 2 -> limits();                     // memory
            case 3 -> pos += 2;                     // global: valtype, mutability
            case 4 -> { pos++; leb(); }             // tag: attribute, type index
            default -> throw new IllegalArgumentException("unknown import kind " + kind);
        }
    }

    private void limits() {
        int flags = b[pos++];
        leb();
        if ((flags & 1) != 0) {
            leb();
        }
    }

    private String name() {
        int len = (int) leb();
        String s = new String(b, pos, len, java.nio.charset.StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    private long leb() {
        long result = 0;
        int shift = 0;
        while (true) {
            int x = b[pos++] & 0xff;
            result |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }
}
