package io.wasmudf.runtime;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The classes of a verified compiled-code payload (Chicory's serialized form: a jar of class files
 * and a {@code wasm-module.properties} naming the main class), defined in the JVM one at a time,
 * when generated code first resolves them. Chicory's own loader defines and initialises every
 * class up front; for the Go-PDK module that is 2.5 MB of bytecode verified before the first
 * call, though a call and the Go runtime's start-up run only part of it. Every class is still
 * verified by the JVM as it is defined (the bytes run as JVM code: nothing here skips that).
 */
final class StoredClasses {
    private static final String PROPERTIES = "wasm-module.properties";

    private final Function<Instance, Machine> machineFactory;
    private final int classCount;

    private StoredClasses(Function<Instance, Machine> machineFactory, int classCount) {
        this.machineFactory = machineFactory;
        this.classCount = classCount;
    }

    /**
     * Reads {@code payload} and defines its main class (the others wait for their first use).
     *
     * @throws ChicoryException if the payload is not in Chicory's form
     * @throws LinkageError if the JVM refuses the main class
     */
    static StoredClasses load(byte[] payload) {
        Map<String, byte[]> classes = new HashMap<>();
        String main = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(payload))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (name.equals(PROPERTIES)) {
                    Properties p = new Properties();
                    p.load(new StringReader(new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)));
                    main = p.getProperty("mainClass");
                } else if (name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), zip.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new ChicoryException("unreadable compiled-code payload", e);
        }
        if (main == null || !classes.containsKey(main)) {
            throw new ChicoryException("compiled-code payload without its main class");
        }
        int count = classes.size();
        Loader loader = new Loader(classes);
        try {
            Class<? extends Machine> type = Class.forName(main, true, loader).asSubclass(Machine.class);
            return new StoredClasses(constructorOf(type.getConstructor(Instance.class)), count);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ChicoryException("compiled-code payload with an unusable main class", e);
        }
    }

    /** A new machine per instance: the main class's constructor. */
    Function<Instance, Machine> machineFactory() {
        return machineFactory;
    }

    /** Classes in the payload (defined or not yet). */
    int classCount() {
        return classCount;
    }

    private static Function<Instance, Machine> constructorOf(Constructor<? extends Machine> ctor) {
        return instance -> {
            try {
                return ctor.newInstance(instance);
            } catch (InvocationTargetException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException) {
                    throw (RuntimeException) c;
                }
                if (c instanceof Error) {
                    throw (Error) c;
                }
                throw new ChicoryException(c);
            } catch (ReflectiveOperationException e) {
                throw new ChicoryException(e);
            }
        };
    }

    /**
     * Defines a payload class when it is first asked for, before asking its parent (Chicory's
     * loader), so that a generated class is never searched for on the class path.
     */
    private static final class Loader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        /** Classes not yet defined; each is removed as it is defined (under its name's lock). */
        private final Map<String, byte[]> pending;

        Loader(Map<String, byte[]> classes) {
            super(MachineFactoryCompiler.class.getClassLoader());
            this.pending = new java.util.concurrent.ConcurrentHashMap<>(classes);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = pending.remove(name);
                    if (bytes == null) {
                        return super.loadClass(name, resolve);
                    }
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
