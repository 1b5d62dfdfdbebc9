/**
 * Extism-compatible plug-ins on Chicory. Only {@code io.wasmudf.runtime} is API; the kernel,
 * sandbox and watchdog in {@code io.wasmudf.runtime.internal} are not exported. On the class path
 * (the SQL glue, the shaded PL/Java jar, the command line) this descriptor is ignored.
 */
module io.wasmudf.runtime {
    requires transitive com.dylibso.chicory.runtime;
    requires transitive com.dylibso.chicory.wasm;
    requires com.dylibso.chicory.wasi;
    requires com.dylibso.chicory.compiler;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    requires jdk.management;   // reads whether the JVM JIT-compiles huge methods (JitSizeLimit)

    exports io.wasmudf.runtime;
}
