package io.wasmudf.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the JVM classes compiled from one module depend on: the module's SHA-256, Chicory's
 * version (the code generator), this runtime's version, {@link #CODEGEN_REVISION} and the compiler
 * options that change the generated code (the functions left to the interpreter, and whether
 * Chicory could leave more to it: see {@link #withSilentFallback}). Two modules, or
 * one module under two Chicory versions, never share a key. Immutable.
 *
 * <p>The {@link #id()} under which an entry is filed leaves out the interpreted functions, which
 * are known only once the module is parsed: the entry is found first (so that an intact entry can
 * spare the parse its validation), and its recorded key, set included, is compared after parsing.
 */
final class CodeKey {
    /**
     * Bumped whenever this runtime changes how it drives Chicory's compiler (options, fallbacks),
     * so that entries written by an older build are never loaded by a newer one with the same
     * version number (a snapshot build).
     */
    static final int CODEGEN_REVISION = 2;

    private static final String FORMAT = "wasmudf-code/1";
    private static final Properties BUILD = buildProperties();

    private final String prefix;
    private final String text;
    private final String id;
    private final String moduleSha256;
    private final Set<Integer> interpretedFunctions;
    private final boolean silentFallback;

    private CodeKey(String prefix, String moduleSha256, Set<Integer> interpretedFunctions, boolean silentFallback) {
        this.prefix = prefix;
        this.moduleSha256 = moduleSha256;
        this.interpretedFunctions = Set.copyOf(interpretedFunctions);
        this.silentFallback = silentFallback;
        this.text = prefix + "interpreted=" + new TreeSet<>(interpretedFunctions) + "\n"
                + (silentFallback ? "fallback=interpreter\n" : "");
        this.id = ModuleCache.sha256(prefix.getBytes(StandardCharsets.UTF_8));
    }

    private CodeKey(String moduleSha256, String chicoryVersion, String runtimeVersion, ExecutionMode mode,
            Set<Integer> interpretedFunctions) {
        this(FORMAT + "\nmodule=" + moduleSha256 + "\nmode=" + mode + "\nchicory=" + chicoryVersion
                + "\nruntime=" + runtimeVersion + "\nrevision=" + CODEGEN_REVISION + "\n", moduleSha256, interpretedFunctions, false);
    }

    /**
     * The same key for code that Chicory compiled leaving functions it cannot compile (too large
     * for a JVM method) to the interpreter, unnamed. Without it a key promises that every function
     * outside {@link #interpretedFunctions} is in the classes, so loading them needs no function body.
     */
    CodeKey withSilentFallback() {
        return new CodeKey(prefix, moduleSha256, interpretedFunctions, true);
    }

    /** Whether Chicory may have left unnamed functions to the interpreter. */
    boolean silentFallback() {
        return silentFallback;
    }

    /** The key of {@code moduleSha256} compiled by this build of the runtime. */
    static CodeKey of(String moduleSha256, ExecutionMode mode, Set<Integer> interpretedFunctions) {
        return new CodeKey(moduleSha256, chicoryVersion(), runtimeVersion(), mode, interpretedFunctions);
    }

    /** A key as another build would write it (tests: an entry of another version must be refused). */
    static CodeKey forVersions(String moduleSha256, String chicoryVersion, String runtimeVersion) {
        return new CodeKey(moduleSha256, chicoryVersion, runtimeVersion, ExecutionMode.COMPILER, Set.of());
    }

    /** The full key, recorded inside every entry and compared on load. */
    String text() {
        return text;
    }

    /** Lowercase hex SHA-256 of the key without its interpreted functions: where a {@link CodeCache} files the entry. */
    String id() {
        return id;
    }

    /** Whether {@code recordedText} is a key of this module and build (whatever its interpreted functions). */
    boolean sameModuleAndBuild(String recordedText) {
        return recordedText.startsWith(prefix);
    }

    String moduleSha256() {
        return moduleSha256;
    }

    /** Indexes of the functions the compiler leaves to the interpreter. */
    Set<Integer> interpretedFunctions() {
        return interpretedFunctions;
    }

    static String chicoryVersion() {
        return BUILD.getProperty("chicory.version", "unknown");
    }

    static String runtimeVersion() {
        return BUILD.getProperty("runtime.version", "unknown");
    }

    private static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = CodeKey.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Left "unknown": keys still differ per module, and never match a build that knows its versions.
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodeKey && ((CodeKey) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text.replace('\n', ' ').trim();
    }
}
