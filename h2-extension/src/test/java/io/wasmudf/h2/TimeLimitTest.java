package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The administrator's time limits (system properties wasmudf.call.*, read by each new session):
 * the default bounds a plug-in without timeout_ms, the manifest lowers it, the maximum caps the
 * manifest unless manifests may exceed it. The runtime's message names the limit that applied.
 */
class TimeLimitTest extends H2TestBase {
    private final Map<String, String> saved = new HashMap<>();

    private void set(String name, String value) {
        String key = H2Sessions.TIME_LIMIT_PREFIX + name;
        saved.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    @AfterEach
    void restore() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private String spinLimit(String manifest) throws SQLException {
        if (manifest == null) {
            register(conn, "fx", TestModules.fixture("v1"));
        } else {
            register(conn, "fx", TestModules.fixture("v1"), manifest);
        }
        Connection c = open(); // a new session reads the properties
        return fails("57014", c, "SELECT wasm_call('fx', 'spin', X'')").getMessage();
    }

    @Test
    @Timeout(30)
    void theHostDefaultBoundsAPluginWithoutTimeoutMs() throws Exception {
        set("defaultTimeoutMs", "300");
        String m = spinLimit(null);
        assertTrue(m.contains("(300 ms)"), m);
    }

    @Test
    @Timeout(30)
    void theManifestLowersTheDefault() throws Exception {
        set("defaultTimeoutMs", "3000");
        String m = spinLimit("{\"timeout_ms\": 150}");
        assertTrue(m.contains("(150 ms)"), m);
    }

    @Test
    @Timeout(30)
    void theMaximumCapsTheManifest() throws Exception {
        set("defaultTimeoutMs", "200");
        set("maxTimeoutMs", "400");
        String m = spinLimit("{\"timeout_ms\": 60000}");
        assertTrue(m.contains("(400 ms)"), m);
    }

    @Test
    @Timeout(30)
    void theAdministratorMayLetManifestsExceedTheMaximum() throws Exception {
        set("defaultTimeoutMs", "200");
        set("maxTimeoutMs", "400");
        set("manifestMayExceedMax", "true");
        String m = spinLimit("{\"timeout_ms\": 700}");
        assertTrue(m.contains("(700 ms)"), m);
    }
}
