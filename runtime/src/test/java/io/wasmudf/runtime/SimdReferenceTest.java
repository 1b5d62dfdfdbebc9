package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.OpCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every SIMD instruction on edge values, against the reference engine: {@code
 * plugins/simd/record_reference.py} ran each export of {@code simd_reference.wasm} under wasmtime
 * and recorded the result bytes (or the trap). Here the same module runs through this runtime's
 * machines, compiled (the SIMD functions interpreted) and fully interpreted, and must give the same
 * bytes. NaN bits are compared exactly against an x86-64 recording (the runtime follows x86's NaN
 * rules); against another architecture a lane the spec lets vary only has to be NaN too.
 */
class SimdReferenceTest {
    private static final Path DIR = Corpus.plugins().resolve("simd/reference");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void compiledModuleMatchesTheReferenceEngine() throws IOException {
        for (String file : mainFiles()) {
            check(file, ExecutionMode.COMPILER, ExecutionMode.COMPILER);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void interpreterMatchesTheReferenceEngine() throws IOException {
        for (String file : mainFiles()) {
            check(file, ExecutionMode.INTERPRETER, ExecutionMode.INTERPRETER);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void v128ParametersAndResultsRunInTheInterpreter() throws IOException {
        // Chicory's compiler has no Java signature for a v128 parameter: such modules are interpreted whole
        check("simd_signatures.json", ExecutionMode.COMPILER, ExecutionMode.INTERPRETER);
    }

    @Test
    void theReferenceCoversEverySimdOpcode() throws IOException {
        Set<String> covered = new HashSet<>();
        List<JsonNode> all = new ArrayList<>();
        for (String file : mainFiles()) {
            reference(file).get("cases").forEach(all::add);
        }
        for (JsonNode c : all) {
            // Chicory names f32x4.demote_f64x2_zero with a LOW that the text format does not have
            covered.add(c.get("op").asText().replace('.', '_').toUpperCase().replace("DEMOTE_F64X2", "DEMOTE_LOW_F64X2"));
        }
        List<String> missing = new ArrayList<>();
        for (OpCode op : OpCode.values()) {
            if ((op.opcode() & 0xFFFFFF00) == 0xFD00 && !covered.contains(op.name().toUpperCase())) {
                missing.add(op.name());
            }
        }
        assertEquals(List.of(), missing, "SIMD opcodes without a reference case");
    }

    /** The main reference modules, in chunks (see record_reference.py). */
    private static List<String> mainFiles() throws IOException {
        List<String> files = new ArrayList<>();
        try (var list = Files.list(DIR)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("simd_reference_") && n.endsWith(".json")).sorted().forEach(files::add);
        }
        assertTrue(files.size() > 1, "no reference recorded in " + DIR);
        return files;
    }

    private static JsonNode reference(String file) throws IOException {
        return new ObjectMapper().readTree(DIR.resolve(file).toFile());
    }

    private static void check(String file, ExecutionMode asked, ExecutionMode expected) throws IOException {
        JsonNode ref = reference(file);
        byte[] wasm = Files.readAllBytes(DIR.resolve(ref.get("module").asText()));
        CompiledModule module = new ModuleCache(4).get(wasm, asked);
        assertEquals(expected, module.mode());
        Instance instance = Instance.builder(module.module()).withMachineFactory(module.machineFactory()).build();
        int n = ref.get("result_bytes").asInt();
        // NaN bits follow x86-64 (see X86Nans): exact there, any NaN where the spec allows it elsewhere
        boolean exact = ref.path("arch").asText().equals("x86_64");
        List<String> failures = new ArrayList<>();
        for (JsonNode c : ref.get("cases")) {
            String export = c.get("export").asText();
            String label = export + " " + c.get("op").asText();
            try {
                instance.export(export).apply();
                byte[] got = instance.memory().readBytes(0, n);
                if (c.has("trap")) {
                    failures.add(label + ": expected a trap, got " + HexFormat.of().formatHex(got));
                } else if (!matches(HexFormat.of().parseHex(c.get("result").asText()), got, exact ? null : c.path("nan_lanes").asText(null))) {
                    failures.add(label + ": expected " + c.get("result").asText() + ", got " + HexFormat.of().formatHex(got));
                }
            } catch (ChicoryException e) {
                if (!c.has("trap")) {
                    failures.add(label + ": unexpected " + e);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + ref.get("cases").size() + " cases differ, first ones:\n"
                    + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        }
        assertTrue(ref.get("cases").size() > 0);
    }

    /** Byte for byte, except that a NaN lane of {@code nanLanes} ("f32"/"f64") matches any NaN. */
    private static boolean matches(byte[] want, byte[] got, String nanLanes) {
        if (nanLanes == null) {
            return java.util.Arrays.equals(want, got);
        }
        int w = nanLanes.equals("f32") ? 4 : 8;
        for (int i = 0; i < want.length; i += w) {
            boolean wantNan = isNan(want, i, w);
            if (wantNan ? !isNan(got, i, w) : !java.util.Arrays.equals(want, i, i + w, got, i, i + w)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNan(byte[] b, int at, int width) {
        long bits = 0;
        for (int i = width - 1; i >= 0; i--) {
            bits = (bits << 8) | (b[at + i] & 0xFF);
        }
        return width == 4 ? Float.isNaN(Float.intBitsToFloat((int) bits)) : Double.isNaN(Double.longBitsToDouble(bits));
    }
}
