package io.wasmudf.runtime.internal;

import io.wasmudf.runtime.ManifestException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * Reads a manifest's {@code wasm} URL, capped in size and time. There is no allow-list for module
 * URLs (the one who registers names them), so a redirect may only stay on the URL's own host
 * (http may become https, never the reverse), at most {@link HttpHops#MAX_REDIRECTS} times: a
 * trusted host cannot send the server's request to another machine, such as a metadata service or
 * a database port. Register the final URL when a download host redirects elsewhere.
 */
public final class ModuleFetch {
    /** The default cap on a module's size: 128 MiB, above the largest PDK outputs seen (tens of MiB). */
    public static final long DEFAULT_MAX_BYTES = 128L * 1024 * 1024;
    /** The default time for the whole download, redirects included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final long maxBytes;
    private final Duration timeout;

    public ModuleFetch(long maxBytes, Duration timeout) {
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be within 1..2^31-9: " + maxBytes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The module's bytes, or a {@link ManifestException} naming the URL and what went wrong. */
    public byte[] fetch(String url, Map<String, String> headers, String method) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url))
                    .method(method == null ? "GET" : method, HttpRequest.BodyPublishers.noBody());
            headers.forEach(rb::header);
            HttpResponse<byte[]> r = HttpHops.send(rb.build(), null, deadline, maxBytes, ModuleFetch::sameHost);
            if (r.statusCode() / 100 != 2) {
                throw new ManifestException("fetching wasm from " + url + " failed: HTTP " + r.statusCode());
            }
            return r.body();
        } catch (CappedBody.TooLargeException e) {
            throw new ManifestException("fetching wasm from " + url + " failed: the module is larger than " + maxBytes + " bytes");
        } catch (HttpTimeoutException e) {
            throw new ManifestException("fetching wasm from " + url + " failed: no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new ManifestException("fetching wasm from " + url + " failed: " + IoReasons.network(e), e);
        } catch (IllegalArgumentException | SecurityException e) {
            throw new ManifestException("fetching wasm from " + url + " failed: "
                    + (e.getMessage() == null ? "the URL cannot be used" : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManifestException("fetching wasm from " + url + " was interrupted");
        }
    }

    private static void sameHost(URI from, URI to) {
        boolean downgrade = from.getScheme().equalsIgnoreCase("https") && to.getScheme().equalsIgnoreCase("http");
        if (!from.getHost().equalsIgnoreCase(to.getHost()) || downgrade) {
            throw new ManifestException("fetching wasm from " + from + " failed: it redirects to " + to
                    + ", and a module URL may only redirect on its own host" + (downgrade ? " and never from https to http" : "")
                    + "; register the final URL instead");
        }
    }
}
