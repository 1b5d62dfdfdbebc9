package io.wasmudf.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wasmudf.runtime.WasmException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host side of {@code http_request}: the allow-list, the size cap and the time budget. Redirects
 * are followed by hand ({@link HttpHops}) and every target is matched against {@code allowed_hosts}
 * like the first URL and refused with the same error: stricter than libextism, which follows a
 * redirect to any host. Only the last response's body is read, under the cap.
 */
public final class HttpGateway {
    /**
     * Made on the first request, not with the first plug-in instance: in a new JVM without Jackson
     * loaded, an ObjectMapper costs about 100 ms, and most plug-ins never make a request.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final Set<String> REQUEST_FIELDS = Set.of("url", "headers", "method");

    private final HostGlob allowed;
    private final long maxResponseBytes;

    /** The outcome of one request. */
    public static final class Response {
        public final int status;
        public final byte[] body;
        public final String headersJson;

        Response(int status, byte[] body, String headersJson) {
            this.status = status;
            this.body = body;
            this.headersJson = headersJson;
        }
    }

    public HttpGateway(List<String> allowedHosts, long maxResponseBytes) {
        this.allowed = new HostGlob(allowedHosts);
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Runs the request the plug-in described.
     *
     * @param requestJson {@code {"url": ..., "headers": {...}, "method": ...}}
     * @param body request body or null
     * @param remainingMs time left in the call
     */
    public Response send(byte[] requestJson, byte[] body, long remainingMs) {
        JsonNode req;
        try {
            req = Json.MAPPER.readTree(requestJson);
        } catch (IOException e) {
            throw new WasmException(WasmException.Kind.PLUGIN_ERROR, "invalid HTTP request JSON: " + e.getMessage());
        }
        if (req == null || !req.isObject() || !req.path("url").isTextual()) {
            throw new WasmException(WasmException.Kind.PLUGIN_ERROR, "invalid HTTP request JSON: a \"url\" string is required");
        }
        for (Iterator<String> it = req.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!REQUEST_FIELDS.contains(f)) {
                throw new WasmException(WasmException.Kind.PLUGIN_ERROR, "invalid HTTP request JSON: unknown field `" + f + "`");
            }
        }
        String url = req.get("url").asText();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new WasmException(WasmException.Kind.PLUGIN_ERROR, "invalid URL in HTTP request: " + url);
        }
        checkAllowed(uri);
        String method = req.path("method").isTextual() ? req.get("method").asText().toUpperCase(java.util.Locale.ROOT) : "GET";
        long deadline = remainingMs == Long.MAX_VALUE ? 0 : System.nanoTime() + Math.max(1, remainingMs) * 1_000_000L;
        HttpRequest.Builder rb;
        try {
            rb = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        } catch (IllegalArgumentException e) {
            throw new WasmException(WasmException.Kind.PLUGIN_ERROR, "invalid HTTP request: " + e.getMessage());
        }
        JsonNode headers = req.get("headers");
        if (headers != null && headers.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                try {
                    rb.header(h.getKey(), h.getValue().asText());
                } catch (IllegalArgumentException e) {
                    throw new WasmException(WasmException.Kind.PLUGIN_ERROR, "HTTP header not allowed: " + h.getKey());
                }
            }
        }
        HttpResponse<byte[]> resp;
        try {
            resp = HttpHops.send(rb.build(), body, deadline, Math.min(Integer.MAX_VALUE - 8, maxResponseBytes),
                    (from, to) -> checkAllowed(to));
        } catch (CappedBody.TooLargeException e) {
            throw new WasmException(WasmException.Kind.OUT_OF_MEMORY,
                    "HTTP response exceeds the configured maximum number of bytes: " + maxResponseBytes);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new WasmException(WasmException.Kind.TIMEOUT, "timeout");
        } catch (IOException e) {
            throw new WasmException(WasmException.Kind.HOST_ERROR, "HTTP request to " + url + " failed: " + IoReasons.network(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WasmException(WasmException.Kind.TIMEOUT, "timeout");
        }
        byte[] data = resp.body();
        ObjectNode hs = Json.MAPPER.createObjectNode();
        resp.headers().map().forEach((k, v) -> {
            if (!v.isEmpty()) {
                hs.put(k.toLowerCase(java.util.Locale.ROOT), v.get(v.size() - 1));
            }
        });
        return new Response(resp.statusCode(), data, hs.toString());
    }

    /** The denial of a host outside {@code allowed_hosts}, for the first URL and every redirect alike. */
    private void checkAllowed(URI uri) {
        if (!allowed.allows(uri.getHost())) {
            throw new WasmException(WasmException.Kind.NOT_ALLOWED, "HTTP request to " + uri + " is not allowed");
        }
    }
}
