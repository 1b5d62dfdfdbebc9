package io.wasmudf.h2;

import io.wasmudf.sql.AggregateDefinitions;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.util.JdbcUtils;
import org.h2.util.Utils;

/**
 * The classes H2's {@code CREATE AGGREGATE ... FOR} names. H2 makes each group's instance with a
 * no-argument constructor of a class fixed per aggregate name, so every aggregate needs a class of
 * its own that knows which aggregate it is. The class name H2 stores is
 * {@link AggregateDefinitions#H2_CLASS_PREFIX} + the spec JSON; this factory, registered with H2's
 * class loading ({@code JdbcUtils.addClassFactory}), answers such a name with a generated subclass
 * of {@link WasmAggregate} whose constructor passes that JSON on. The same name gives the same
 * class, in this process and after a restart (nothing but the name is needed to make it again).
 */
public final class AggregateClasses implements Utils.ClassFactory {
    private static final AggregateClasses INSTANCE = new AggregateClasses();
    private static boolean registered;

    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final Loader loader = new Loader();

    private AggregateClasses() {
    }

    /** Registers the factory with H2 once per process (H2 keeps factories in a static list). */
    public static synchronized void register() {
        if (!registered) {
            JdbcUtils.addClassFactory(INSTANCE);
            registered = true;
        }
    }

    @Override
    public boolean match(String name) {
        return name.startsWith(AggregateDefinitions.H2_CLASS_PREFIX);
    }

    @Override
    public Class<?> loadClass(String name) {
        return classes.computeIfAbsent(name, n -> {
            String binary = "io.wasmudf.h2.generated.WasmAggregate" + counter.incrementAndGet();
            return loader.define(binary, classFile(binary.replace('.', '/'),
                    n.substring(AggregateDefinitions.H2_CLASS_PREFIX.length())));
        });
    }

    /** Defines the generated classes beside WasmAggregate's own loader. */
    private static final class Loader extends ClassLoader {
        Loader() {
            super(WasmAggregate.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    /**
     * {@code public final class <name> extends WasmAggregate { public <name>() { super(spec); } }} as a
     * class file (version 52: straight-line code needs no stack map frames).
     */
    static byte[] classFile(String internalName, String spec) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(52);
            out.writeShort(13);                                   // constant pool: entries 1..12
            utf8(out, internalName);                              // #1
            classRef(out, 1);                                     // #2 this class
            utf8(out, WasmAggregate.class.getName().replace('.', '/')); // #3
            classRef(out, 3);                                     // #4 super class
            utf8(out, "<init>");                                  // #5
            utf8(out, "()V");                                     // #6
            utf8(out, "(Ljava/lang/String;)V");                   // #7
            out.writeByte(12);                                    // #8 NameAndType <init>(String)V
            out.writeShort(5);
            out.writeShort(7);
            out.writeByte(10);                                    // #9 Methodref WasmAggregate.<init>(String)
            out.writeShort(4);
            out.writeShort(8);
            utf8(out, spec);                                      // #10
            out.writeByte(8);                                     // #11 String #10
            out.writeShort(10);
            utf8(out, "Code");                                    // #12
            out.writeShort(0x0001 | 0x0010 | 0x0020);             // public final super
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(0);                                    // interfaces
            out.writeShort(0);                                    // fields
            out.writeShort(1);                                    // methods: the constructor
            out.writeShort(0x0001);
            out.writeShort(5);
            out.writeShort(6);
            out.writeShort(1);                                    // its Code attribute
            out.writeShort(12);
            byte[] code = {0x2a, 0x12, 11, (byte) 0xb7, 0, 9, (byte) 0xb1}; // aload_0 ldc #11 invokespecial #9 return
            out.writeInt(2 + 2 + 4 + code.length + 2 + 2);
            out.writeShort(2);                                    // max stack
            out.writeShort(1);                                    // max locals
            out.writeInt(code.length);
            out.write(code);
            out.writeShort(0);                                    // exception table
            out.writeShort(0);                                    // code attributes
            out.writeShort(0);                                    // class attributes
        } catch (IOException e) {
            throw new IllegalStateException(e);                   // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    private static void utf8(DataOutputStream out, String s) throws IOException {
        out.writeByte(1);
        out.writeUTF(s);   // modified UTF-8, as class files store it
    }

    private static void classRef(DataOutputStream out, int nameIndex) throws IOException {
        out.writeByte(7);
        out.writeShort(nameIndex);
    }
}
