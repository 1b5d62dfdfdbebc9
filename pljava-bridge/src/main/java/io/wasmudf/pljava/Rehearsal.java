package io.wasmudf.pljava;

import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import io.wasmudf.sql.CacheLimits;
import io.wasmudf.sql.CallTimeLimits;
import io.wasmudf.sql.CompiledPlugins;
import io.wasmudf.sql.ConnectionState;
import io.wasmudf.sql.Dialect;
import io.wasmudf.sql.InstanceCache;
import io.wasmudf.sql.PluginStore;
import io.wasmudf.sql.StatementWatch;
import io.wasmudf.sql.StoreReads;
import io.wasmudf.sql.StoredPlugin;
import io.wasmudf.sql.WasmFunctions;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs the failure paths once when a backend first uses the bridge. PL/Java loads a class on first
 * use through SPI, and SPI raises PostgreSQL's pending interrupt: after {@code pg_cancel_backend},
 * {@code statement_timeout} or a fast shutdown's SIGTERM arrives during a call, loading a class
 * that the call's ending needs fails with {@code NoClassDefFoundError} (and stays failed in that
 * backend). So a tiny module of its own ({@code rehearsal.wat}, served from memory, not the store)
 * times out, traps and reports an error here through the same code as a real call, before any
 * real call runs.
 *
 * <p>It runs compiled, from classes stored in the jar beside it ({@code rehearsal.code}, written at
 * build time by {@code RehearsalCodeWriter}; {@code RehearsalCodeTest} fails when it no longer fits
 * the build): so it goes through the same stored-code loading as a registered plug-in, and loads
 * neither Chicory's compiler proper nor most of ASM (a compile here was about half of a new
 * backend's first-call set-up, one SPI query per class). Those classes are the jar's own, so they
 * are trusted as the jar's code is. An entry that does not fit is ignored and the module compiled,
 * as before; without the policy's {@code createClassLoader} it runs on the interpreter, as every
 * plug-in then does.
 */
final class Rehearsal implements StoreReads {
    private static final String NAME = "wasmudf-rehearsal";
    static final String CODE = "rehearsal.code";
    private final byte[] wasm;
    /** Its stored classes, or null. */
    private final byte[] code;

    private Rehearsal(byte[] wasm, byte[] code) {
        this.wasm = wasm;
        this.code = code;
    }

    /** A resource beside this class, or null. */
    static byte[] resource(String name) {
        try (InputStream in = Rehearsal.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    static void run() {
        byte[] wasm = resource("rehearsal.wasm");
        if (wasm == null) {
            return; // a stripped jar: nothing to rehearse with
        }
        CompiledPlugins own = new CompiledPlugins(WasmEngine.create(1), PluginOptions.defaults(), 1);
        WasmFunctions f = new WasmFunctions(PluginStore.builder(Dialect.POSTGRES).compiled(own)
                .reads(new Rehearsal(wasm, resource(CODE))).build());
        try (ConnectionState s = new ConnectionState(new InstanceCache(NAME, CacheLimits.defaults()), StatementWatch.NONE,
                CallTimeLimits.builder().defaultMs(5).build())) {
            for (String export : new String[] {"spin", "boom", "fail", "nope"}) {
                try {
                    f.call(null, s, NAME, export, new byte[0]);
                } catch (SQLException expected) {
                    PgErrorReport.rehearse(expected);
                }
            }
        }
    }

    @Override
    public VersionRead version(Connection c, ConnectionState s, String name) {
        return new VersionRead(1, 0);
    }

    @Override
    public StoredPlugin find(Connection c, String name, long version) {
        return new StoredPlugin(NAME, 1, "rehearsal", "{}", List.of("spin", "boom", "fail"), wasm.length, null);
    }

    @Override
    public byte[] module(Connection c, String name, long version) {
        return wasm;
    }

    @Override
    public byte[] code(Connection c, String id) {
        return code;   // the runtime checks that it was written for this module and build
    }

    @Override
    public List<StoredPlugin> list(Connection c) {
        return List.of();
    }
}
