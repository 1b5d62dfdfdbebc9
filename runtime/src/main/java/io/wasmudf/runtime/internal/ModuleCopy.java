package io.wasmudf.runtime.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;

/**
 * A copy of a parsed, already validated module (so not validated again) with other code, element
 * or data sections: the SIMD rewrite changes code, a snapshot's restore module its segments.
 */
public final class ModuleCopy {
    private ModuleCopy() {}

    public static WasmModule with(WasmModule m, CodeSection code, ElementSection elements, DataSection data) {
        var b = WasmModule.builder()
                .setTypeSection(m.typeSection())
                .setImportSection(m.importSection())
                .setFunctionSection(m.functionSection())
                .setTableSection(m.tableSection())
                .setGlobalSection(m.globalSection())
                .setExportSection(m.exportSection())
                .setElementSection(elements)
                .setCodeSection(code)
                .setDataSection(data)
                .withDigest(m.digest())
                .withValidation(false);
        m.memorySection().ifPresent(b::setMemorySection);
        m.startSection().ifPresent(b::setStartSection);
        m.dataCountSection().ifPresent(b::setDataCountSection);
        m.tagSection().ifPresent(b::setTagSection);
        for (var cs : m.customSections()) {
            b.addCustomSection(cs.name(), cs);
        }
        for (int id : m.ignoredSections()) {
            b.addIgnoredSection(id);
        }
        return b.build();
    }
}
