package io.wasmudf.runtime;

import com.dylibso.chicory.wasm.types.ValType;

/** The value types a host function's parameters and results can have. Extism handles are {@link #I64}. */
public enum WasmType {
    I32(ValType.I32), I64(ValType.I64), F32(ValType.F32), F64(ValType.F64);

    private final ValType chicory;

    WasmType(ValType chicory) {
        this.chicory = chicory;
    }

    ValType toChicory() {
        return chicory;
    }
}
