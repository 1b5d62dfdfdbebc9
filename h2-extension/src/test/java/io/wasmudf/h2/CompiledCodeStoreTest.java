package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.runtime.ModuleCache;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compiled-code table as install.sql creates it: wasm_register fills it, every user reads it,
 * and a user who is not an admin can change none of it (its classes would run as JVM code).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompiledCodeStoreTest extends H2TestBase {

    @Test
    void registrationStoresTheCodeThatOnlyAdminsMayReadOrWrite() throws Exception {
        byte[] v1 = TestModules.fixture("v1");
        register(conn, "fx", v1);
        assertEquals(ModuleCache.sha256(v1), query1(conn, "SELECT module_sha256 FROM wasmudf_code"));
        assertTrue(((Number) query1(conn, "SELECT size FROM wasmudf_code")).intValue() > 0);
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE USER bob PASSWORD 'pw'");
        }
        Connection bob = openAs("bob", "pw");
        String notEnoughRights = "90096";
        // The classes are the module's code in another form: callers may not even read them.
        fails(notEnoughRights, bob, "SELECT COUNT(*) FROM wasmudf_code");
        fails(notEnoughRights, bob, "SELECT COUNT(*) FROM FINAL TABLE (UPDATE wasmudf_code SET entry = X'00')");
        fails(notEnoughRights, bob, "SELECT COUNT(*) FROM OLD TABLE (DELETE FROM wasmudf_code)");
        fails(notEnoughRights, bob, "SELECT COUNT(*) FROM FINAL TABLE (INSERT INTO wasmudf_code VALUES "
                + "(REPEAT('a', 64), REPEAT('b', 64), X'00', 1, CURRENT_TIMESTAMP))");
        fails("42501", bob, "SELECT wasm_register('mine', ?)", TestModules.fixture("v2"));
        assertEquals("ABC", call(bob, "fx.upper", "abc"));
        assertEquals(1L, ((Number) query1(conn, "SELECT COUNT(*) FROM wasmudf_code")).longValue());
    }
}
