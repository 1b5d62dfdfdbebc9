package io.wasmudf.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Two loopback HTTP servers on distinct hosts, 127.0.0.1 ("a", the allowed one) and 127.0.0.2
 * ("b"), for redirect tests. Routes on a: {@code /hello}, {@code /to-b} (302 to
 * b's {@code /secret}), {@code /to-hello} (302 to {@code /hello}), {@code /loop} (302 to itself),
 * {@code /fat-to-hello} (302 with a 600-byte body), {@code /module} ({@link #module} bytes), {@code /module-here} (302 to
 * {@code /module}), {@code /module-to-b} (302 to b's {@code /module}), {@code /stall} (headers,
 * then a body that never ends). On b: {@code /secret}, {@code /module}.
 */
final class RedirectServers implements AutoCloseable {
    static final String SECRET = "secret on 127.0.0.2";
    final HttpServer a;
    final HttpServer b;
    final byte[] module;

    RedirectServers(byte[] module) throws IOException {
        this.module = module;
        this.a = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        this.b = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        a.createContext("/", this::handleA);
        b.createContext("/", this::handleB);
        a.start();
        b.start();
    }

    String a(String path) {
        return "http://127.0.0.1:" + a.getAddress().getPort() + path;
    }

    String b(String path) {
        return "http://127.0.0.2:" + b.getAddress().getPort() + path;
    }

    private void handleA(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        switch (path) {
            case "/hello":
                send(ex, 200, "hello from test server".getBytes(StandardCharsets.UTF_8));
                break;
            case "/to-b":
                redirect(ex, 302, b("/secret"), 0);
                break;
            case "/to-hello":
                redirect(ex, 302, "/hello", 0);
                break;
            case "/loop":
                redirect(ex, 302, "/loop", 0);
                break;
            case "/fat-to-hello":
                redirect(ex, 302, "/hello", 600);
                break;
            case "/module":
                send(ex, 200, module);
                break;
            case "/module-here":
                redirect(ex, 301, "/module", 0);
                break;
            case "/module-to-b":
                redirect(ex, 302, b("/module"), 0);
                break;
            case "/stall":
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().write(new byte[] {0, 'a', 's', 'm'});
                ex.getResponseBody().flush();
                sleepQuietly();
                ex.close();
                break;
            default:
                send(ex, 404, "not found".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void handleB(HttpExchange ex) throws IOException {
        if (ex.getRequestURI().getPath().equals("/module")) {
            send(ex, 200, module);
        } else {
            send(ex, 200, SECRET.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void redirect(HttpExchange ex, int status, String location, int bodyBytes) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().add("Location", location);
        send(ex, status, new byte[bodyBytes]);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        a.stop(0);
        b.stop(0);
    }
}
