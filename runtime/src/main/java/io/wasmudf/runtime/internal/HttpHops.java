package io.wasmudf.runtime.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends an HTTP request and follows its redirects by hand, so that every hop is checked before it
 * is made (the JDK client's own redirects would go anywhere). One client serves the whole process;
 * it never follows redirects itself. Bodies are read under one byte cap for all hops together, and
 * the deadline bounds the whole exchange, bodies included.
 */
public final class HttpHops {
    /** Redirects followed at most; ureq, libextism's HTTP client, stops at 5 too. */
    public static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Credentials a redirect to another host must not carry. */
    private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private HttpHops() {
    }

    /** Decides whether a hop may be made; throws the caller's refusal when not. */
    public interface Check {
        void allow(URI from, URI to);
    }

    /** Thrown when a request cannot be sent or a redirect cannot be followed. */
    public static final class HopException extends IOException {
        HopException(String message) {
            super(message);
        }
    }

    /**
     * @param first    the request as the caller built it (no timeout needed: the deadline sets it)
     * @param body     the request body, or null
     * @param deadline {@link System#nanoTime()} by which the last body must be in; 0 for none
     * @param maxBytes the most body bytes read over all hops
     * @param check    asked before every redirect is followed
     * @return the last response
     * @throws CappedBody.TooLargeException past {@code maxBytes}
     * @throws HttpTimeoutException         past the deadline
     */
    public static HttpResponse<byte[]> send(HttpRequest first, byte[] body, long deadline, long maxBytes, Check check)
            throws IOException, InterruptedException {
        HttpRequest request = withTimeout(HttpRequest.newBuilder(first, (k, v) -> true), deadline)
                .method(first.method(), publisher(body)).build();
        long left = maxBytes;
        for (int hop = 0; ; hop++) {
            HttpResponse<byte[]> response = exchange(request, deadline, left);
            String location = response.headers().firstValue("location").orElse(null);
            if (!REDIRECTS.contains(response.statusCode()) || location == null) {
                return response;
            }
            left -= response.body().length;
            if (hop == MAX_REDIRECTS) {
                throw new HopException("more than " + MAX_REDIRECTS + " redirects");
            }
            URI from = request.uri();
            URI to;
            try {
                to = from.resolve(location);
            } catch (IllegalArgumentException e) {
                throw new HopException("redirect to an invalid URL: " + location);
            }
            String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || to.getHost() == null) {
                throw new HopException("redirect to a URL that is not http(s): " + location);
            }
            check.allow(from, to);
            request = next(request, from, to, response.statusCode(), body, deadline);
        }
    }

    private static HttpResponse<byte[]> exchange(HttpRequest request, long deadline, long maxBytes)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> f = CLIENT.sendAsync(request, CappedBody.handler(maxBytes));
        try {
            return deadline == 0 ? f.get() : f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("timeout");
        } catch (ExecutionException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof CappedBody.TooLargeException) {
                    throw (CappedBody.TooLargeException) c;
                }
            }
            Throwable c = e.getCause();
            throw c instanceof IOException ? (IOException) c : new IOException(String.valueOf(c), c);
        } finally {
            f.cancel(true);
        }
    }

    /** The request for the next hop: 303 (and 301/302 after a POST) become a GET without body, as browsers do. */
    private static HttpRequest next(HttpRequest previous, URI from, URI to, int status, byte[] body, long deadline)
            throws HttpTimeoutException {
        boolean sameHost = from.getHost().equalsIgnoreCase(to.getHost());
        HttpRequest.Builder b = HttpRequest.newBuilder(previous,
                (name, value) -> sameHost || !CREDENTIALS.contains(name.toLowerCase(Locale.ROOT)));
        boolean toGet = status == 303 || (status == 301 || status == 302) && previous.method().equals("POST");
        if (toGet) {
            b.GET();
        } else {
            b.method(previous.method(), publisher(body));
        }
        return withTimeout(b.uri(to), deadline).build();
    }

    private static HttpRequest.BodyPublisher publisher(byte[] body) {
        return body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
    }

    private static HttpRequest.Builder withTimeout(HttpRequest.Builder b, long deadline) throws HttpTimeoutException {
        if (deadline != 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new HttpTimeoutException("timeout");
            }
            b.timeout(Duration.ofNanos(left));
        }
        return b;
    }
}
