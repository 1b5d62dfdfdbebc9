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
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The classes of a verified compiled-code payload (Chicory's serialized form: a jar of class files
 * and a {@code wasm-module.properties} naming the main class), defined and initialised in a loader
 * of their own, so that the JVM verifies every one of them here (the bytes run as JVM code: nothing
 * skips that) and a class it refuses fails the load, which then compiles the module instead.
 *
 * <p>Chicory's own cache path does the same after reading the payload as a signed jar and wraps the
 * constructor in an interface proxy (a class generated at run time); this reads it as a plain zip
 * and calls the constructor. Defining the classes only as they are first used was measured and
 * not kept: the Go runtime's start-up, which every new instance runs, reaches 99% of the Go-PDK
 * module's bytecode even in classes of 64 functions (and 58% in classes of 4), and the first
 * call's CPU time did not move.
 */
final class StoredClasses {
    private static final String PROPERTIES = "wasm-module.properties";

    private final Function<Instance, Machine> machineFactory;

    private StoredClasses(Function<Instance, Machine> machineFactory) {
        this.machineFactory = machineFactory;
    }

    /**
     * Reads {@code payload}, defines its classes and initialises them.
     *
     * @throws ChicoryException if the payload is not in Chicory's form
     * @throws LinkageError if the JVM refuses a class
     */
    static StoredClasses load(byte[] payload) {
        Map<String, byte[]> classes = new HashMap<>();
        String main = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(payload))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (name.equals(PROPERTIES)) {
                    Properties p = new Properties();
                    p.load(new StringReader(new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1)));
                    main = p.getProperty("mainClass");
                } else if (name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), zip.readAllBytes());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ChicoryException("unreadable compiled-code payload", e);
        }
        if (main == null || !classes.containsKey(main)) {
            throw new ChicoryException("compiled-code payload without its main class");
        }
        Loader loader = new Loader(classes);
        try {
            Class<? extends Machine> type = Class.forName(main, true, loader).asSubclass(Machine.class);
            for (String name : classes.keySet()) {
                Class.forName(name, true, loader);
            }
            return new StoredClasses(constructorOf(type.getConstructor(Instance.class)));
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ChicoryException("compiled-code payload with an unusable main class", e);
        }
    }

    /** A new machine per instance: the main class's constructor. */
    Function<Instance, Machine> machineFactory() {
        return machineFactory;
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
     * Defines a payload class when it is asked for, before asking its parent (Chicory's loader), so
     * that a generated class is never searched for on the class path.
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
