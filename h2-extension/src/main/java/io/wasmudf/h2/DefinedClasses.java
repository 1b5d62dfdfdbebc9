package io.wasmudf.h2;

import io.wasmudf.sql.typed.SqlType;
import io.wasmudf.sql.typed.TypedSignature;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.util.JdbcUtils;
import org.h2.util.Utils;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The Java side of H2's defined functions. An H2 alias names a static method and passes it only
 * the arguments, so each definition gets a class of its own whose name carries the definition
 * (its registry spec, hex): {@code CREATE ALIAS "PUBLIC"."F" FOR 'io.wasmudf.h2.Defined$<hex>.call'}.
 * H2 asks its class factories first, so this one makes the class from the name alone: one static
 * method with the SQL argument types as Java types (H2 checks arity and converts), which hands
 * the arguments to {@link H2Typed#invoke}. Nothing is stored but the alias; the same name always
 * gives the same class, in a new JVM too. Registered when {@link WasmUdf} loads (H2 loads the
 * install script's aliases before later ones when a database opens).
 */
final class DefinedClasses implements Utils.ClassFactory {
    static final String PREFIX = "io.wasmudf.h2.Defined$";
    private static final String INVOKE_DESC = "(Ljava/sql/Connection;Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/Object;";
    private static final DefinedClasses INSTANCE = new DefinedClasses();
    private static boolean registered;

    private final Map<String, Class<?>> made = new ConcurrentHashMap<>();

    private DefinedClasses() {
    }

    static synchronized void register() {
        if (!registered) {
            JdbcUtils.addClassFactory(INSTANCE);
            registered = true;
        }
    }

    /** The alias target of a definition: {@code class.method}. */
    static String target(TypedSignature sig) {
        return PREFIX + hex(sig.specJson()) + ".call";
    }

    /** The spec a class name carries. */
    static String spec(String hexKey) {
        byte[] b = new byte[hexKey.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hexKey.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public boolean match(String name) {
        return name.startsWith(PREFIX);
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        try {
            return made.computeIfAbsent(name, DefinedClasses::make);
        } catch (RuntimeException e) {
            throw new ClassNotFoundException(name + ": " + e.getMessage(), e);
        }
    }

    private static Class<?> make(String name) {
        String key = name.substring(PREFIX.length());
        TypedSignature sig;
        try {
            sig = H2Typed.signature(key);
        } catch (java.sql.SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            return MethodHandles.lookup().defineClass(bytes(name.replace('.', '/'), key, sig));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String internal, String key, TypedSignature sig) {
        StringBuilder desc = new StringBuilder("(Ljava/sql/Connection;");
        for (TypedSignature.Column a : sig.args()) {
            desc.append(descriptor(a.type));
        }
        String ret = sig.returnsTable() ? "java/sql/ResultSet" : internalName(sig.returns());
        desc.append(")").append(sig.returnsTable() || sig.returns() != SqlType.BYTES ? "L" + ret + ";" : "[B");
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internal, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "call", desc.toString(), null,
                new String[] {"java/sql/SQLException"});
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitLdcInsn(key);
        mv.visitLdcInsn(sig.args().size());
        mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        for (int i = 0; i < sig.args().size(); i++) {
            mv.visitInsn(Opcodes.DUP);
            mv.visitLdcInsn(i);
            mv.visitVarInsn(Opcodes.ALOAD, i + 1);
            mv.visitInsn(Opcodes.AASTORE);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "io/wasmudf/h2/H2Typed", "invoke", INVOKE_DESC, false);
        mv.visitTypeInsn(Opcodes.CHECKCAST, sig.returnsTable() ? ret : sig.returns() == SqlType.BYTES ? "[B" : ret);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static String descriptor(SqlType t) {
        return t == SqlType.BYTES ? "[B" : "L" + internalName(t) + ";";
    }

    /** The Java class H2 converts a value of {@code t} to (JSON as H2's own value, so JSON stays JSON). */
    private static String internalName(SqlType t) {
        switch (t) {
            case TEXT:
                return "java/lang/String";
            case INTEGER:
                return "java/lang/Integer";
            case BIGINT:
                return "java/lang/Long";
            case DOUBLE:
                return "java/lang/Double";
            case BOOLEAN:
                return "java/lang/Boolean";
            case JSON:
                return "org/h2/value/Value";
            default:
                return "[B";
        }
    }

    private static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return b.toString();
    }
}
