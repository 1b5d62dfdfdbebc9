package io.wasmudf.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * HotSpot never JIT-compiles a method of more than 8,000 bytes of bytecode unless the JVM runs
 * with {@code -XX:-DontCompileHugeMethods}: such a method stays in the bytecode interpreter for
 * the life of the process. Chicory compiles each Wasm function to one JVM method, and the calls by
 * index and {@code call_indirect} of a module with thousands of functions to two switch methods,
 * so a large function or the dispatch itself runs tens of times slower than the rest: the Go-PDK
 * count_vowels has 13 such functions and both dispatch methods over the limit, and its call took
 * 29 µs by default and 17 µs with the option.
 * This counts those methods in a compiled-code payload and says so once per module when the JVM
 * would leave them interpreted.
 */
final class JitSizeLimit {
    /** HotSpot's {@code HugeMethodLimit} (a build-time constant of the JVM). */
    static final int HUGE_METHOD_BYTES = 8000;

    private static final System.Logger LOG = System.getLogger(JitSizeLimit.class.getName());
    /** HotSpot's {@code DontCompileHugeMethods}: TRUE by default, null when it cannot be read. */
    private static final Boolean JVM_SKIPS_HUGE_METHODS = readJvmOption();

    private JitSizeLimit() {
    }

    /** Logs the methods of a module compiled here that this JVM will (or may) never JIT-compile. */
    static void warnIfInterpreted(String sha256, int oversized) {
        if (oversized > 0 && !Boolean.FALSE.equals(JVM_SKIPS_HUGE_METHODS)) {
            LOG.log(System.Logger.Level.WARNING, "module {0}: {1} of its compiled JVM methods (large Wasm functions, or"
                    + " Chicory''s dispatch of indirect calls) are over {2} bytes of bytecode, which the JVM runs"
                    + " interpreted, never JIT-compiled, {3}", sha256, oversized,
                    HUGE_METHOD_BYTES, JVM_SKIPS_HUGE_METHODS == null
                            ? "unless it runs with -XX:-DontCompileHugeMethods (this one's options cannot be read here)"
                            : "until it runs with -XX:-DontCompileHugeMethods");
        }
    }

    /**
     * The methods over {@link #HUGE_METHOD_BYTES} in the class files of a payload (a jar, as
     * Chicory serializes compiled code); -1 when the payload cannot be read.
     */
    static int oversizedMethods(byte[] payload) {
        int count = 0;
        int classes = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(payload))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().endsWith(".class")) {
                    count += oversizedMethodsOfClass(ByteBuffer.wrap(zip.readAllBytes()));
                    classes++;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return classes == 0 ? -1 : count;
    }

    /** Reads a class file (JVMS §4) only as far as each method's {@code Code} length. */
    static int oversizedMethodsOfClass(ByteBuffer c) {
        c.position(8);   // magic, minor and major version
        int poolSize = c.getShort() & 0xFFFF;
        int[] utf8At = new int[poolSize];
        for (int i = 1; i < poolSize; i++) {
            int tag = c.get();
            switch (tag) {
                case 1:
                    utf8At[i] = c.position();
                    c.position(c.position() + 2 + (c.getShort(c.position()) & 0xFFFF));
                    break;
                case 7: case 8: case 16: case 19: case 20:
                    skip(c, 2);
                    break;
                case 15:
                    skip(c, 3);
                    break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                    skip(c, 4);
                    break;
                case 5: case 6:
                    skip(c, 8);
                    i++;   // a long or a double takes two entries
                    break;
                default:
                    throw new IllegalArgumentException("constant pool tag " + tag);
            }
        }
        skip(c, 6);   // access flags, this class, super class
        skip(c, 2 * (c.getShort() & 0xFFFF));   // interfaces
        skipMembers(c);   // fields
        int count = 0;
        int methods = c.getShort() & 0xFFFF;
        for (int m = 0; m < methods; m++) {
            skip(c, 6);   // access flags, name, descriptor
            int attributes = c.getShort() & 0xFFFF;
            for (int a = 0; a < attributes; a++) {
                int name = c.getShort() & 0xFFFF;
                int length = c.getInt();
                int body = c.position();
                if (isCode(c, utf8At[name]) && c.getInt(body + 4) > HUGE_METHOD_BYTES) {
                    count++;   // Code: max_stack u2, max_locals u2, code_length u4
                }
                c.position(body + length);
            }
        }
        return count;
    }

    private static void skipMembers(ByteBuffer c) {
        int members = c.getShort() & 0xFFFF;
        for (int m = 0; m < members; m++) {
            skip(c, 6);
            int attributes = c.getShort() & 0xFFFF;
            for (int a = 0; a < attributes; a++) {
                skip(c, 2);
                skip(c, c.getInt());
            }
        }
    }

    private static boolean isCode(ByteBuffer c, int utf8) {
        return utf8 > 0 && (c.getShort(utf8) & 0xFFFF) == 4 && c.get(utf8 + 2) == 'C' && c.get(utf8 + 3) == 'o'
                && c.get(utf8 + 4) == 'd' && c.get(utf8 + 5) == 'e';
    }

    private static void skip(ByteBuffer c, int n) {
        c.position(c.position() + n);
    }

    private static Boolean readJvmOption() {
        try {
            return !"false".equals(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("DontCompileHugeMethods").getValue());
        } catch (RuntimeException | LinkageError e) {
            return null;   // another JVM, a runtime image without jdk.management, or no management permission
        }
    }
}
