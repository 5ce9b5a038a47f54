package io.pushbench.server;

import io.pushbench.wire.SseParser;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.io.Content;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test SSE subscriber on Jetty's HttpClient: parses the stream and queues each event. {@link #take()} checks that
 * the first event is the "subscribed" marker, keeps its {@code next} ({@link #subscribedNext}) and returns what
 * follows.
 */
final class SseTestClient implements AutoCloseable {
    record Event(String id, String event, String data) {
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    final CompletableFuture<Response> headers = new CompletableFuture<>();
    final CompletableFuture<Result> done = new CompletableFuture<>();
    volatile long retry = -1;
    long subscribedNext = -1;
    private Request request;
    private final SseParser parser = new SseParser(new SseParser.Listener() {
        @Override
        public void onEvent(String lastEventId, String event, String data) {
            events.add(new Event(lastEventId, event, data));
        }

        @Override
        public void onRetry(long millis) {
            retry = millis;
        }

        @Override
        public void onComment(String text) {
            comments.add(text);
        }
    });

    static SseTestClient open(HttpClient client, URI uri, String lastEventIdHeader) {
        SseTestClient c = new SseTestClient();
        Request r = client.newRequest(uri).idleTimeout(30, TimeUnit.SECONDS);
        if (lastEventIdHeader != null) {
            r.headers(h -> h.put("Last-Event-ID", lastEventIdHeader));
        }
        c.request = r;
        r.onResponseHeaders(c.headers::complete)
                .onResponseContentSource(c::onContentSource)
                .send(c.done::complete);
        return c;
    }

    private void onContentSource(Response response, Content.Source source) {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(() -> onContentSource(response, source));
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                return;
            }
            ByteBuffer b = chunk.getByteBuffer();
            parser.feed(b);
            chunk.release();
            if (chunk.isLast()) {
                return;
            }
        }
    }

    /** Aborts the request (the client goes away). */
    @Override
    public void close() {
        request.abort(new java.io.IOException("test client closed"));
    }

    Event take() throws InterruptedException {
        if (subscribedNext < 0) {
            Event marker = poll();
            if (!"subscribed".equals(marker.event()) || !marker.id().isEmpty()) {
                throw new AssertionError("the first event must be the subscribed marker without an id, was " + marker);
            }
            subscribedNext = io.pushbench.wire.FeedJson.longField(marker.data(), "\"next\":");
        }
        return poll();
    }

    private Event poll() throws InterruptedException {
        Event e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no SSE event within 10 s");
        }
        return e;
    }
}
