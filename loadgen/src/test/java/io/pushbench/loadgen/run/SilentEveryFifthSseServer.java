package io.pushbench.loadgen.run;

import io.pushbench.wire.EncodedMessage;
import io.pushbench.wire.FeedMessage;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broken third-party feed server for tests: it answers every {@code GET /sse} with {@code 200 text/event-stream},
 * but every fifth subscriber it accepts never gets a single byte after the headers (no "subscribed" marker, no
 * message). The others get a plain contract feed (no marker either) at a fixed rate, written with blocking writes
 * from the publisher thread (fine at a test's rate). It exists to show that such subscribers are charged.
 *
 * <pre>{@code
 * try (SilentEveryFifthSseServer s = SilentEveryFifthSseServer.start(20, 128)) { ... s.baseUri() ... }
 * }</pre>
 */
final class SilentEveryFifthSseServer implements AutoCloseable {
    private final Server server = new Server();
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    private final List<OutputStream> live = new CopyOnWriteArrayList<>();
    private final List<Callback> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger silent = new AtomicInteger();
    private long seq;

    private SilentEveryFifthSseServer() {
    }

    static SilentEveryFifthSseServer start(double rate, int payloadBytes) throws Exception {
        SilentEveryFifthSseServer s = new SilentEveryFifthSseServer();
        ServerConnector c = new ServerConnector(s.server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        s.server.addConnector(c);
        s.server.setHandler(s.new Feed());
        s.server.start();
        long intervalNanos = (long) (1e9 / rate);
        s.publisher.scheduleAtFixedRate(() -> s.publish(payloadBytes), intervalNanos, intervalNanos,
                TimeUnit.NANOSECONDS);
        return s;
    }

    private void publish(int payloadBytes) {
        // scheduled == now here: the publisher runs on time at a test's rate, and mono is this host's nanoTime
        long mono = System.nanoTime();
        java.time.Instant now = java.time.Instant.now();
        FeedMessage m = new FeedMessage(++seq, now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000, mono);
        byte[] sse = EncodedMessage.of(m, payloadBytes).sse();
        for (OutputStream out : live) {
            try {
                out.write(sse);
                out.flush();
            } catch (IOException e) {
                live.remove(out);   // the subscriber went away
            }
        }
    }

    /** Subscribers that were accepted and then ignored. */
    int silentSubscribers() {
        return silent.get();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @Override
    public void close() throws Exception {
        publisher.shutdownNow();
        held.forEach(Callback::succeeded);
        server.stop();
    }

    private final class Feed extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
            if (!"/sse".equals(Request.getPathInContext(request))) {
                response.setStatus(404);
                callback.succeeded();
                return true;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            OutputStream out = Content.Sink.asOutputStream(response);
            out.flush();                                        // commits the headers: accepted
            if (accepted.incrementAndGet() % 5 == 0) {
                silent.incrementAndGet();
                held.add(callback);                             // never writes, never ends the response
            } else {
                live.add(out);
            }
            return true;
        }
    }
}
