package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;

/**
 * Every hostile plug-in of {@code plugins/hostile/} called from SQL ({@code hostile-sql-cases.json})
 * ends in a clear SQLException with its SQLState, no Java class name and a bounded message; after
 * it the connection works, another plug-in's warm instance kept its state and the store is whole.
 */
class HostileSqlTest extends H2TestBase {
    static final String DEFAULT_LIMIT = "wasmudf.call.defaultTimeoutMs";
    private String oldLimit;

    /** One case of hostile-sql-cases.json. */
    static final class Case {
        final String name;
        final String module;
        final String export;
        final String manifest;
        final String input;
        final String sqlState;
        /** Why the assertion waits for a runtime fix, or null. */

        Case(JsonNode n) {
            name = n.get("name").asText();
            module = n.get("module").asText();
            export = n.get("export").asText();
            manifest = n.get("manifest").isNull() ? null : n.get("manifest").asText();
            input = n.get("input").asText();
            sqlState = n.get("sqlstate").isNull() ? null : n.get("sqlstate").asText();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        try (InputStream in = HostileSqlTest.class.getResourceAsStream("/hostile-sql-cases.json")) {
            List<Case> out = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(n -> out.add(new Case(n)));
            return out.stream();
        }
    }

    @BeforeEach
    void lowerTheDefaultLimit() {
        oldLimit = System.getProperty(DEFAULT_LIMIT);
        System.setProperty(DEFAULT_LIMIT, "1000"); // read by each new session
    }

    @AfterEach
    void restoreTheDefaultLimit() {
        if (oldLimit == null) {
            System.clearProperty(DEFAULT_LIMIT);
        } else {
            System.setProperty(DEFAULT_LIMIT, oldLimit);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(60)
    void endsInItsSqlStateAndLeavesEverythingIntact(Case k) throws Exception {
        byte[] wasm = TestModules.hostile(k.module);
        if (k.manifest == null) {
            register(conn, "bad", wasm);
        } else {
            register(conn, "bad", wasm, k.manifest);
        }
        register(conn, "cnt", TestModules.fixture("v1"));
        Connection c = open();
        assertEquals(1, count(c, "cnt"));
        long start = System.nanoTime();
        SQLException failure = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT wasm_call('bad', ?, CAST(? AS VARBINARY))")) {
            ps.setString(1, k.export);
            ps.setBytes(2, k.input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        } catch (SQLException e) {
            failure = e;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("H2 hostile %-45s -> %s in %d ms%n", k.name,
                failure == null ? "ok" : failure.getSQLState() + " (" + failure.getMessage().length() + " chars)", ms);
        SQLException f = failure;
        if (k.sqlState == null) {
            assertEquals(null, f, () -> "expected success, got " + f.getMessage());
        } else {
            assertTrue(f != null, "expected " + k.sqlState);
            assertEquals(k.sqlState, f.getSQLState(), f::getMessage);
            String m = f.getMessage();
            assertTrue(m.length() < 70_000, () -> "message of " + m.length() + " chars");
            assertFalse(m.matches("(?s).*\\bjava\\.[a-z]+\\.[A-Z].*"), () -> "a Java class name in: " + m);
        }
        assertEquals(2, count(c, "cnt"), "the other plug-in's warm instance kept its state");
        assertEquals(2L, ((Number) query1(c, "SELECT COUNT(*) FROM wasm_plugins()")).longValue(), "the store is whole");
        assertEquals(42, ((Number) query1(c, "SELECT 41 + 1")).intValue());
    }
}
