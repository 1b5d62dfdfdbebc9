package io.wasmudf.runtime;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.Section;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * A module parsed without its function bodies: every section but the code section, whose bodies
 * are left empty. Decoding the bodies is most of Chicory's parse (2.3 MB Go module: 2.5–5 s full,
 * 0.1–0.5 s without them, measured at load 12), and a module whose classes are loaded from an
 * intact stored entry that compiled every function never runs a body: its machine is the loaded
 * classes. Only for that case ({@link ModuleCompiler}); anything that would compile or interpret
 * the module needs {@link ModuleCache#parse} instead. A plain data section is decoded by {@link
 * PlainDataSection}, the rest by Chicory.
 */
final class ModuleSkeleton {
    private ModuleSkeleton() {
    }

    /** The skeleton of bytes that already passed Chicory's validation (no validation here). */
    static WasmModule parse(byte[] wasm) {
        DataSection data = PlainDataSection.decode(wasm);
        Parser.Builder parser = Parser.builder().withValidation(false);
        for (int id = SectionId.TYPE; id <= SectionId.TAG; id++) {   // custom sections (names) are not run
            if (id != SectionId.CODE && (id != SectionId.DATA || data == null)) {
                parser.includeSectionId(id);
            }
        }
        WasmModule.Builder module = WasmModule.builder().withValidation(false);
        if (data != null) {
            module.setDataSection(data);
        }
        int[] functions = {0};
        try {
            parser.build().parse(new ByteArrayInputStream(wasm), s -> {
                add(module, s);
                if (s instanceof FunctionSection) {
                    functions[0] = ((FunctionSection) s).functionCount();
                }
            });
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
        CodeSection.Builder code = CodeSection.builder();
        FunctionBody none = new FunctionBody(List.of(), List.of());
        for (int i = 0; i < functions[0]; i++) {
            code.addFunctionBody(none);
        }
        // No digest: the classes are loaded by StoredClasses, not through Chicory's cache, and the
        // bytes were hashed already (hashing 2.3 MB in a cold JVM costs 30-80 ms).
        return module.setCodeSection(code.build()).build();
    }

    private static void add(WasmModule.Builder m, Section s) {
        if (s instanceof TypeSection) {
            m.setTypeSection((TypeSection) s);
        } else if (s instanceof ImportSection) {
            m.setImportSection((ImportSection) s);
        } else if (s instanceof FunctionSection) {
            m.setFunctionSection((FunctionSection) s);
        } else if (s instanceof TableSection) {
            m.setTableSection((TableSection) s);
        } else if (s instanceof MemorySection) {
            m.setMemorySection((MemorySection) s);
        } else if (s instanceof GlobalSection) {
            m.setGlobalSection((GlobalSection) s);
        } else if (s instanceof ExportSection) {
            m.setExportSection((ExportSection) s);
        } else if (s instanceof StartSection) {
            m.setStartSection((StartSection) s);
        } else if (s instanceof ElementSection) {
            m.setElementSection((ElementSection) s);
        } else if (s instanceof DataSection) {
            m.setDataSection((DataSection) s);
        } else if (s instanceof DataCountSection) {
            m.setDataCountSection((DataCountSection) s);
        } else if (s instanceof TagSection) {
            m.setTagSection((TagSection) s);
        }
    }
}
