package io.wasmudf.bench.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputsTest {
    @Test
    void inputsHaveTheirSizes() {
        assertEquals(16, Inputs.ECHO16.length);
        assertEquals(100, Inputs.TEXT100.length);
        assertEquals(10_000, Inputs.TEXT10K.length);
        assertEquals(100, Inputs.rowBody(Inputs.ROWS - 1).length());
        assertEquals(0, Inputs.benchWasm()[0]);   // \0asm
    }

    @Test
    void plainJavaFloor() {
        assertArrayEquals(Inputs.ECHO16, PlainJava.echo(Inputs.ECHO16));
        assertEquals("{\"count\":8}", new String(PlainJava.countVowels("Hello, World! AEIOU".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertEquals("{\"count\":0}", PlainJava.countVowelsSql(""));
        assertEquals("Running WebAssembly plug-ins next to the rows", new String(PlainJava.jsonTitle(Inputs.POST_JSON), StandardCharsets.UTF_8));
    }
}
