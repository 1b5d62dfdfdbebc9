package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The compiled methods too large for the JVM's JIT, counted in the class files Chicory wrote. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JitSizeLimitTest {

    @Test
    void aFunctionOverTheLimitIsCountedAndOneUnderItIsNot() {
        // Each (i32.const 1000, i32.add) is 4 bytes of bytecode (sipush, iadd): 3,000 of them are
        // over 8,000 bytes, 1,500 under it.
        CompiledModule m = WasmEngine.create(1).compile(Manifest.of(module(3_000, 10, 1_500))).mainModule();
        assertEquals(CompiledModule.CodeOrigin.COMPILED, m.codeOrigin());
        assertEquals(1, m.oversizedMethods());
    }

    @Test
    void everyOversizedFunctionCounts() {
        CompiledModule m = WasmEngine.create(1).compile(Manifest.of(module(2_500, 4_000, 10))).mainModule();
        assertEquals(2, m.oversizedMethods());
    }

    @Test
    void theGoPdkModuleHasFunctionsOverTheLimit() {
        // The Go runtime's large functions and Chicory's two dispatch methods for its 3,391 functions:
        // 15 methods over 8,000 bytes in Chicory 1.7.5's classes for this module, by a separate reader
        // of the class files; what matters here is that they are found.
        CompiledModule m = WasmEngine.create(1).compile(Manifest.of(Corpus.wasm("count_vowels.wasm"))).mainModule();
        assertTrue(m.oversizedMethods() > 0, m.oversizedMethods() + " oversized methods");
    }

    @Test
    void anInterpretedModuleOrAnUnreadablePayloadIsNotCounted() {
        CompiledModule m = WasmEngine.create(1).compile(Manifest.of(module(3_000)),
                PluginOptions.builder().mode(ExecutionMode.INTERPRETER).build()).mainModule();
        assertEquals(-1, m.oversizedMethods());
        assertEquals(-1, JitSizeLimit.oversizedMethods("not a jar".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aJdkClassFileIsReadToTheEnd() throws IOException {
        // A class file with every kind of constant the JDK's own classes use: the reader must walk its
        // whole constant pool, fields and methods and land exactly at the class's attributes.
        for (String name : new String[] {"/java/lang/String.class", "/java/lang/invoke/MethodHandles.class",
            "/java/util/concurrent/ConcurrentHashMap.class", "/java/lang/Math.class"}) {
            ByteBuffer c = ByteBuffer.wrap(read(name));
            assertEquals(0, JitSizeLimit.oversizedMethodsOfClass(c), name);
            int attributes = c.getShort() & 0xFFFF;
            for (int a = 0; a < attributes; a++) {
                c.getShort();
                int length = c.getInt();
                c.position(c.position() + length);
            }
            assertEquals(c.limit(), c.position(), name + " read to its last byte");
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = Object.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    /** A module of functions (param i32) (result i32), each adding 1000 to its argument {@code steps[i]} times. */
    static byte[] module(int... steps) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(m, 1, new byte[] {0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f});
        ByteArrayOutputStream functions = new ByteArrayOutputStream();
        leb(functions, steps.length);
        for (int i = 0; i < steps.length; i++) {
            functions.write(0);
        }
        section(m, 3, functions.toByteArray());
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        leb(code, steps.length);
        for (int n : steps) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(0);   // no locals
            body.writeBytes(new byte[] {0x20, 0x00});   // local.get 0
            for (int i = 0; i < n; i++) {
                body.writeBytes(new byte[] {0x41, (byte) 0xe8, 0x07, 0x6a});   // i32.const 1000, i32.add
            }
            body.write(0x0b);
            leb(code, body.size());
            code.writeBytes(body.toByteArray());
        }
        section(m, 10, code.toByteArray());
        return m.toByteArray();
    }

    private static void section(ByteArrayOutputStream m, int id, byte[] content) {
        m.write(id);
        leb(m, content.length);
        m.writeBytes(content);
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }
}
