package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.DataSegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data section decoded without Chicory's expression parser: one by one it is the very section
 * Chicory decodes; as an image it writes the very same memory.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlainDataSectionTest {
    private static final byte[] HEADER_AND_MEMORY = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01};

    @ParameterizedTest
    @ValueSource(strings = {"count_vowels.wasm", "rs_udf.wasm", "c_command.wasm", "as_udf.wasm", "greet.wasm", "raw_abi.wasm", "init_state.wasm"})
    void corpusModulesWriteTheMemoryChicorysSegmentsWrite(String name) {
        byte[] wasm = Corpus.wasm(name);
        DataSection plain = PlainDataSection.decode(wasm);
        assertNotNull(plain, name + ": compilers emit plain data sections");
        assertArrayEquals(memory(Parser.parse(wasm).dataSection()), memory(plain));
        assertEquals(plain, ModuleSkeleton.parse(wasm).dataSection(), "the skeleton takes the plain decoding");
    }

    @Test
    void theGoModulesSegmentsBecomeAFewRunsOfChunks() {
        DataSection plain = PlainDataSection.decode(Corpus.wasm("count_vowels.wasm"));
        assertEquals(28_996, Parser.parse(Corpus.wasm("count_vowels.wasm")).dataSection().dataSegmentCount());
        assertTrue(plain.dataSegmentCount() < 10, plain.dataSegmentCount() + " segments");
        for (DataSegment s : plain.dataSegments()) {
            ActiveDataSegment a = (ActiveDataSegment) s;
            assertEquals(0, a.index());
            assertEquals(0, a.offsetInstructions().get(0).operand(0) % PlainDataSection.CHUNK);
        }
    }

    @Test
    void overlappingSegmentsKeepTheLaterOnesBytes() {
        // (memory 1) (data (i32.const 4) "abcd") (data (i32.const 6) "XY")
        byte[] wasm = module(0x0b, 0x11, 0x02, 0x00, 0x41, 0x04, 0x0b, 0x04, 'a', 'b', 'c', 'd', 0x00, 0x41, 0x06, 0x0b, 0x02, 'X', 'Y');
        DataSection plain = PlainDataSection.decode(wasm);
        assertEquals(1, plain.dataSegmentCount(), "one image");
        assertArrayEquals(memory(Parser.parse(wasm).dataSection()), memory(plain));
        assertEquals('X', memory(plain)[6]);
    }

    @Test
    void aSegmentPastTheInitialMemoryIsGivenAsItIsSoThatInstantiationFails() {
        // (memory 1) (data (i32.const 65535) "hi"): one byte past the end
        byte[] wasm = module(0x0b, 0x0a, 0x01, 0x00, 0x41, 0xff, 0xff, 0x03, 0x0b, 0x02, 'h', 'i');
        assertEquals(Parser.parse(wasm).dataSection(), PlainDataSection.decode(wasm));
    }

    @Test
    void withAPassiveSegmentTheSegmentsAreGivenOneByOneAsChicoryGivesThem() {
        // (memory 1) (data (i32.const 8) "ab") (data "cd"): a passive segment is there to be named
        byte[] wasm = module(0x0b, 0x0c, 0x02, 0x00, 0x41, 0x08, 0x0b, 0x02, 'a', 'b', 0x01, 0x02, 'c', 'd');
        DataSection plain = PlainDataSection.decode(wasm);
        assertEquals(Parser.parse(wasm).dataSection(), plain, "same segments, offsets (instruction addresses included) and bytes");
    }

    @Test
    void withAnImportedMemoryTheSegmentsAreGivenOneByOne() {
        // (import "m" "x" (memory 1)) (memory 1) (data (i32.const 4) "ab"): memory 0 is the imported one
        byte[] wasm = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x02, 0x08, 0x01, 0x01, 'm', 0x01, 'x', 0x02, 0x00, 0x01,
            0x05, 0x03, 0x01, 0x00, 0x01,
            0x0b, 0x08, 0x01, 0x00, 0x41, 0x04, 0x0b, 0x02, 'a', 'b'};
        DataSection chicory = Parser.builder().withValidation(false).build().parse(() -> new java.io.ByteArrayInputStream(wasm)).dataSection();
        assertEquals(chicory, PlainDataSection.decode(wasm));
    }

    @Test
    void aModuleWithoutDataHasNoneDecoded() {
        byte[] wasm = Corpus.wasm("c_reactor.wasm");
        assertNull(PlainDataSection.decode(wasm));
        assertEquals(Parser.parse(wasm).dataSection(), ModuleSkeleton.parse(wasm).dataSection());
    }

    @Test
    void aSegmentNamingItsMemoryIsLeftToChicory() {
        // (data (memory 0) (i32.const 5) "hi") in the explicit-memory encoding (mode 2)
        byte[] wasm = module(0x0b, 0x09, 0x01, 0x02, 0x00, 0x41, 0x05, 0x0b, 0x02, 'h', 'i');
        assertNull(PlainDataSection.decode(wasm));
        DataSection chicory = Parser.parse(wasm).dataSection();
        assertEquals(chicory, ModuleSkeleton.parse(wasm).dataSection());
        assertArrayEquals(new byte[] {'h', 'i'}, chicory.getDataSegment(0).data());
    }

    @Test
    void aTruncatedSectionIsLeftToChicory() {
        assertNull(PlainDataSection.decode(module(0x0b, 0x08, 0x01, 0x00, 0x41, 0x05, 0x0b, 0x09, 'h', 'i')));   // 9 bytes announced, 2 there
    }

    private static byte[] module(int... section) {
        byte[] out = java.util.Arrays.copyOf(HEADER_AND_MEMORY, HEADER_AND_MEMORY.length + section.length);
        for (int i = 0; i < section.length; i++) {
            out[HEADER_AND_MEMORY.length + i] = (byte) section[i];
        }
        return out;
    }

    /** What the active segments write into a zeroed memory of 2 MiB, in order. */
    private static byte[] memory(DataSection section) {
        byte[] m = new byte[2 << 20];
        for (DataSegment s : section.dataSegments()) {
            if (s instanceof ActiveDataSegment) {
                int at = (int) ((ActiveDataSegment) s).offsetInstructions().get(0).operand(0);
                System.arraycopy(s.data(), 0, m, at, s.data().length);
            }
        }
        return m;
    }
}
