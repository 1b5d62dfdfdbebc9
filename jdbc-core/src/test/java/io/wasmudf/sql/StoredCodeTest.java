package io.wasmudf.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.CompiledModule.CodeOrigin;
import io.wasmudf.runtime.CompiledPlugin;
import io.wasmudf.runtime.ModuleCache;
import io.wasmudf.runtime.PluginOptions;
import io.wasmudf.runtime.WasmEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compiled-code store in the database: registration writes it, a new process (a fresh engine
 * and plug-in cache over the same database) loads from it, calls never write it, and an entry that
 * is corrupt or belongs to another module is refused, the module compiled, and the entry rebuilt by
 * the next registration.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoredCodeTest {
    private static final byte[] UPPER = CoreTestSupport.fixture("v1");      // export upper: "abc" -> "ABC"
    private static final byte[] ECHO = CoreTestSupport.corpus("raw_abi.wasm"); // export echo_u8

    private Connection c;

    /** What a new process sees: its own engine (empty module cache) and compiled-plug-in cache. */
    private static PluginStore newProcess() {
        return PluginStore.builder(Dialect.H2).compiled(new CompiledPlugins(WasmEngine.create(8), PluginOptions.defaults(), 16)).build();
    }

    @BeforeEach
    void open() throws SQLException {
        c = CoreTestSupport.newDatabase(newProcess());
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private CompiledPlugin compiledIn(PluginStore store, String name) throws SQLException {
        long version = store.reads().list(c).stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow().version();
        return store.compiled(c, store.reads().find(c, name, version));
    }

    private String call(PluginStore store, String function, String input) throws SQLException {
        try (ConnectionState s = new ConnectionState(new InstanceCache("test", CacheLimits.defaults()))) {
            return new WasmFunctions(store).callText(c, s, function, input);
        }
    }

    private byte[] entryOf(byte[] wasm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT entry FROM wasmudf_code WHERE module_sha256 = ?")) {
            ps.setString(1, ModuleCache.sha256(wasm));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    private void setEntry(byte[] wasm, byte[] entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE wasmudf_code SET entry = ? WHERE module_sha256 = ?")) {
            ps.setBytes(1, entry);
            ps.setString(2, ModuleCache.sha256(wasm));
            assertEquals(1, ps.executeUpdate());
        }
    }

    private long entries() throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM wasmudf_code")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void registrationStoresTheCodeAndANewProcessLoadsIt() throws SQLException {
        newProcess().register(c, "up", UPPER, null);
        assertEquals(1, entries());
        assertTrue(entryOf(UPPER).length > 0);

        PluginStore next = newProcess();
        assertEquals(CodeOrigin.LOADED, compiledIn(next, "up").mainModule().codeOrigin());
        assertEquals("ABC", call(next, "up.upper", "abc"));
    }

    @Test
    void anotherModulesEntryIsRefusedNeverUsedAndRebuiltByTheNextRegistration() throws SQLException {
        PluginStore admin = newProcess();
        admin.register(c, "up", UPPER, null);
        admin.register(c, "echo", ECHO, null);
        byte[] foreign = entryOf(ECHO);
        setEntry(UPPER, foreign);          // the echo module's classes filed where upper's belong

        PluginStore caller = newProcess();
        assertEquals(CodeOrigin.COMPILED, compiledIn(caller, "up").mainModule().codeOrigin());
        assertEquals("ABC", call(caller, "up.upper", "abc"), "the upper module's own code ran");
        assertArrayEquals(foreign, entryOf(UPPER), "a call never writes the store");

        newProcess().register(c, "up", UPPER, null);
        assertEquals(CodeOrigin.LOADED, compiledIn(newProcess(), "up").mainModule().codeOrigin());
    }

    @Test
    void aCorruptEntryIsIgnoredAndRebuiltByTheNextRegistration() throws SQLException {
        newProcess().register(c, "up", UPPER, null);
        byte[] entry = entryOf(UPPER);
        entry[entry.length - 1] ^= 1;
        setEntry(UPPER, entry);

        PluginStore caller = newProcess();
        assertEquals(CodeOrigin.COMPILED, compiledIn(caller, "up").mainModule().codeOrigin());
        assertEquals("ABC", call(caller, "up.upper", "abc"));
        assertArrayEquals(entry, entryOf(UPPER), "a call never writes the store");

        // Re-registering in a process that already has the module compiled still repairs the entry.
        caller.register(c, "up", UPPER, null);
        assertEquals(CodeOrigin.LOADED, compiledIn(newProcess(), "up").mainModule().codeOrigin());
    }

    @Test
    void aCallWithNoStoredEntryCompilesAndWritesNothing() throws SQLException {
        newProcess().register(c, "up", UPPER, null);
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM wasmudf_code");
        }
        PluginStore caller = newProcess();
        assertEquals("ABC", call(caller, "up.upper", "abc"));
        assertEquals(CodeOrigin.COMPILED, compiledIn(caller, "up").mainModule().codeOrigin());
        assertEquals(0, entries());
    }

    @Test
    void entriesOfModulesNoPluginUsesAreRemoved() throws SQLException {
        PluginStore admin = newProcess();
        admin.register(c, "up", UPPER, null);
        admin.register(c, "up2", UPPER, null);
        admin.register(c, "echo", ECHO, null);
        assertEquals(2, entries(), "one entry per module");
        admin.register(c, "echo", UPPER, null);   // replaced: nothing uses the echo module now
        assertEquals(1, entries());
        admin.unregister(c, "up");
        admin.unregister(c, "up2");
        assertEquals(1, entries(), "'echo' still uses the upper module");
        admin.unregister(c, "echo");
        assertEquals(0, entries());
    }

    @Test
    void aStoreWithoutTheCodeTableSaysWhatToDo() throws SQLException {
        newProcess().register(c, "up", UPPER, null);
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE wasmudf_code");
        }
        SQLException e = assertThrows(SQLException.class, () -> call(newProcess(), "up.upper", "abc"));
        assertTrue(e.getMessage().contains("wasmudf_code") && e.getMessage().contains("install"), e.getMessage());
    }

    @Test
    void theCompiledPluginCacheIsBoundedByBytes() throws SQLException {
        PluginStore admin = newProcess();
        admin.register(c, "up", UPPER, null);
        admin.register(c, "echo", ECHO, null);
        long up = compiledIn(admin, "up").mainModule().footprint();
        long echo = compiledIn(admin, "echo").mainModule().footprint();
        CompiledPlugins bounded = new CompiledPlugins(WasmEngine.create(8), PluginOptions.defaults(), 100, up + echo - 1);
        PluginStore store = PluginStore.builder(Dialect.H2).compiled(bounded).build();
        compiledIn(store, "up");
        compiledIn(store, "echo");
        CompiledPlugins.Stats s = bounded.stats();
        assertEquals(1, s.entries());
        assertEquals(1, s.evictions());
        assertEquals(echo, s.bytes());
        compiledIn(store, "up");
        assertEquals(3, bounded.stats().misses());
    }
}
