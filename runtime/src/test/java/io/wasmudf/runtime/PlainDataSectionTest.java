package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data section decoded without Chicory's expression parser is the very section Chicory decodes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlainDataSectionTest {
    @ParameterizedTest
    @ValueSource(strings = {"count_vowels.wasm", "rs_udf.wasm", "c_command.wasm", "as_udf.wasm", "greet.wasm", "raw_abi.wasm", "init_state.wasm"})
    void decodesCorpusModulesAsChicoryDoes(String name) {
        byte[] wasm = Corpus.wasm(name);
        DataSection plain = PlainDataSection.decode(wasm);
        assertNotNull(plain, name + ": compilers emit plain data sections");
        DataSection chicory = Parser.parse(wasm).dataSection();
        assertEquals(chicory.dataSegmentCount(), plain.dataSegmentCount());
        assertEquals(chicory, plain, "same segments, offsets (instruction addresses included) and bytes");
        assertEquals(chicory, ModuleSkeleton.parse(wasm).dataSection(), "the skeleton takes the plain decoding");
    }

    @Test
    void theGoModulesSegmentsAreAllThere() {
        DataSection plain = PlainDataSection.decode(Corpus.wasm("count_vowels.wasm"));
        assertEquals(28_996, plain.dataSegmentCount());
        ActiveDataSegment first = (ActiveDataSegment) plain.getDataSegment(0);
        assertEquals(0, first.index());
        assertEquals(1, first.offsetInstructions().size());
    }

    @Test
    void aModuleWithoutDataHasNoneDecoded() {
        byte[] wasm = Corpus.wasm("c_reactor.wasm");
        assertNull(PlainDataSection.decode(wasm));
        assertEquals(Parser.parse(wasm).dataSection(), ModuleSkeleton.parse(wasm).dataSection());
    }

    @Test
    void aSegmentNamingItsMemoryIsLeftToChicory() {
        // (memory 1) (data (memory 0) (i32.const 5) "hi") in the explicit-memory encoding (mode 2).
        byte[] wasm = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x05, 0x03, 0x01, 0x00, 0x01,
            0x0b, 0x09, 0x01, 0x02, 0x00, 0x41, 0x05, 0x0b, 0x02, 0x68, 0x69};
        assertNull(PlainDataSection.decode(wasm));
        DataSection chicory = Parser.parse(wasm).dataSection();
        assertEquals(chicory, ModuleSkeleton.parse(wasm).dataSection());
        assertArrayEquals(new byte[] {0x68, 0x69}, chicory.getDataSegment(0).data());
    }

    @Test
    void aTruncatedSectionIsLeftToChicory() {
        byte[] wasm = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x05, 0x03, 0x01, 0x00, 0x01,
            0x0b, 0x08, 0x01, 0x00, 0x41, 0x05, 0x0b, 0x09, 0x68, 0x69};   // 9 bytes announced, 2 there
        assertNull(PlainDataSection.decode(wasm));
    }
}
