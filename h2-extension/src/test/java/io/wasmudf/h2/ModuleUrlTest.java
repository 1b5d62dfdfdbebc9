package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code wasm_register} from a manifest whose module is a URL: a redirect on the URL's own host is
 * followed, one to another host (127.0.0.2 here, standing for a metadata service or a database
 * port) is refused and nothing is stored.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModuleUrlTest extends H2TestBase {
    private HttpServer a;
    private HttpServer b;
    private final byte[] module = TestModules.fixture("v1");

    @BeforeEach
    void startServers() throws IOException {
        a = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        b = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        a.createContext("/module", ex -> send(ex, 200, module));
        a.createContext("/here", ex -> redirect(ex, "/module"));
        a.createContext("/elsewhere", ex -> redirect(ex, "http://127.0.0.2:" + b.getAddress().getPort() + "/module"));
        b.createContext("/", ex -> send(ex, 200, module));
        a.start();
        b.start();
    }

    @AfterEach
    void stopServers() {
        a.stop(0);
        b.stop(0);
    }

    private String manifest(String path) {
        return "{\"wasm\": [{\"url\": \"http://127.0.0.1:" + a.getAddress().getPort() + path + "\"}]}";
    }

    @Test
    void aRedirectOnTheSameHostIsFollowed() throws SQLException {
        query1(conn, "SELECT wasm_register('byurl', ?)", manifest("/here"));
        assertEquals("v1", call(conn, "byurl.tag", ""));
    }

    @Test
    void aRedirectToAnotherHostIsRefusedAndNothingIsStored() throws SQLException {
        SQLException e = assertThrows(SQLException.class,
                () -> query1(conn, "SELECT wasm_register('byurl', ?)", manifest("/elsewhere")));
        assertEquals("22023", e.getSQLState());
        assertTrue(e.getMessage().contains("a module URL may only redirect on its own host"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        assertEquals(0L, ((Number) query1(conn, "SELECT COUNT(*) FROM wasm_plugins() WHERE name = 'byurl'")).longValue());
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        send(ex, 302, new byte[0]);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
