package io.wasmudf.runtime.internal.simd;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;

/** A copy of a parsed module with another code section (already validated, so not validated again). */
final class ModuleCopy {
    private ModuleCopy() {}

    static WasmModule withCode(WasmModule m, CodeSection code) {
        var b = WasmModule.builder()
                .setTypeSection(m.typeSection())
                .setImportSection(m.importSection())
                .setFunctionSection(m.functionSection())
                .setTableSection(m.tableSection())
                .setGlobalSection(m.globalSection())
                .setExportSection(m.exportSection())
                .setElementSection(m.elementSection())
                .setCodeSection(code)
                .setDataSection(m.dataSection())
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
