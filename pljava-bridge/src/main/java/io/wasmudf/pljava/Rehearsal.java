package io.wasmudf.pljava;

import io.wasmudf.runtime.ExecutionMode;
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
 * <p>It runs on Chicory's interpreter: compiling it would load Chicory's compiler and ASM (about
 * half of a new backend's first-call set-up, one SPI query per class), which a backend whose
 * plug-ins come with stored classes never needs. The failure paths it exists for are the
 * bridge's, jdbc-core's and the runtime's (watchdog, error mapping, eviction of a trapped
 * instance, the PostgreSQL error report), shared by both modes; compiled code throws Chicory's
 * runtime exceptions, which the interpreter throws too, and its own helpers are defined with the
 * module's classes from the stored entry, not through PL/Java's loader. Checked by hand with {@code -Xlog:class+load} in the backend (bench/BENCHMARKS.md): after
 * one good call, a trap, a plug-in error, a timeout, a missing export and a missing plug-in of a
 * compiled module loaded no class from the jar.
 */
final class Rehearsal implements StoreReads {
    private static final String NAME = "wasmudf-rehearsal";
    private final byte[] wasm;

    private Rehearsal(byte[] wasm) {
        this.wasm = wasm;
    }

    static void run() {
        byte[] wasm;
        try (InputStream in = Rehearsal.class.getResourceAsStream("rehearsal.wasm")) {
            if (in == null) {
                return; // a stripped jar: nothing to rehearse with
            }
            wasm = in.readAllBytes();
        } catch (IOException e) {
            return;
        }
        CompiledPlugins interpreted = new CompiledPlugins(WasmEngine.create(1),
                PluginOptions.builder().mode(ExecutionMode.INTERPRETER).build(), 1);
        WasmFunctions f = new WasmFunctions(PluginStore.builder(Dialect.POSTGRES).compiled(interpreted)
                .reads(new Rehearsal(wasm)).build());
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
        return null;   // served from memory: nothing stored to load
    }

    @Override
    public List<StoredPlugin> list(Connection c) {
        return List.of();
    }
}
