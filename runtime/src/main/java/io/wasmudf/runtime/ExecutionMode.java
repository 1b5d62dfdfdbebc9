package io.wasmudf.runtime;

/** How Wasm code is run. */
public enum ExecutionMode {
    /**
     * Chicory's run-time compiler (Wasm to JVM bytecode), falling back to the interpreter when a
     * module cannot be compiled or class definition is not permitted (a restrictive security policy).
     */
    COMPILER,
    /** Chicory's interpreter only: no class loaders, slower. */
    INTERPRETER
}
