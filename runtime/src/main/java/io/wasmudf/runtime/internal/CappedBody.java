package io.wasmudf.runtime.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A response body read into memory up to a limit: past it the download stops and fails. */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** The body passed the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException() {
            super("response too large", null);
        }
    }

    private final long limit;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBody(long limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> new CappedBody(limit);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if (data.size() + (long) b.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLargeException());
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            data.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(data.toByteArray());
    }
}
