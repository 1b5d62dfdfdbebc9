package io.wasmudf.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The loopback HTTP server the corpus's HTTP cases talk to; routes as in plugins/FORMAT.md. */
final class TestHttpServer {
    private TestHttpServer() {
    }

    static HttpServer start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        s.createContext("/", TestHttpServer::handle);
        s.start();
        return s;
    }

    /** {@code http://127.0.0.1:PORT} of a server bound to loopback. */
    static String baseUrl(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        byte[] body;
        int status;
        if (method.equals("GET") && path.equals("/hello")) {
            status = 200;
            body = "hello from test server".getBytes(StandardCharsets.UTF_8);
        } else if (method.equals("POST") && path.equals("/echo")) {
            status = 200;
            body = ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("x-test", "yes");
        } else {
            status = 404;
            body = "not found".getBytes(StandardCharsets.UTF_8);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
