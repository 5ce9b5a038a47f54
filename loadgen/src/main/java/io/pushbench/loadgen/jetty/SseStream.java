package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.driver.FeedEvents;
import io.pushbench.wire.FeedContract;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.SseParser;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;

/**
 * An SSE subscription over Jetty's {@link HttpClient} (HTTP/1.1 or h2c): {@code GET /sse} with {@code Last-Event-ID}
 * when resuming; the response body is read chunk by chunk from its {@link Content.Source}, each chunk timed when
 * read (the closest to the socket read Jetty's client allows: the demand callback runs when the selector found bytes)
 * and fed to the {@code wire} module's WHATWG {@link SseParser}; every event's data goes to {@link FeedEvents} with
 * its chunk's receive time.
 */
final class SseStream implements JettySubscriber.Stream {
    private static final CancellationException RUN_OVER = new CancellationException("pushbench: the run is over");

    private final HttpClient http;
    private final URI target;
    private final HttpVersion version;
    private final NanoClock clock;

    SseStream(HttpClient http, URI base, Protocol protocol, NanoClock clock) {
        this.http = http;
        this.target = base.resolve(FeedContract.SSE_PATH);
        this.version = protocol == Protocol.H2C ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1;
        this.clock = clock;
    }

    @Override
    public void open(JettySubscriber.Attempt attempt, long resumePoint) {
        Request req = http.newRequest(target).method(HttpMethod.GET).version(version)
                .headers(h -> {
                    h.put(HttpHeader.ACCEPT, "text/event-stream");
                    if (resumePoint > 0) {
                        h.put(FeedContract.LAST_EVENT_ID_HEADER, Long.toString(resumePoint));
                    }
                })
                .onResponseHeaders(r -> {
                    if (r.getStatus() == 200) {
                        attempt.connected();
                    } else {
                        r.abort(new IOException("GET " + FeedContract.SSE_PATH + " answered " + r.getStatus()));
                    }
                })
                .onResponseContentSource((response, source) -> new Reader(attempt, source).run());
        attempt.onAbort(() -> req.abort(RUN_OVER));
        req.send(result -> attempt.end(result.getFailure()));
    }

    /** Reads one response body to its end, each chunk into the WHATWG parser; paces a slow reader's next read. */
    private final class Reader extends ChunkReader implements SseParser.Listener {
        private final JettySubscriber.Attempt attempt;
        private final ConnectionProbe probe;
        private final SseParser parser = new SseParser(this);
        private long recvNanos;

        Reader(JettySubscriber.Attempt attempt, Content.Source source) {
            super(source, clock);
            this.attempt = attempt;
            this.probe = attempt.probe();
        }

        @Override
        protected void onChunk(ByteBuffer bytes, long recvNanos) {
            this.recvNanos = recvNanos;
            parser.feed(bytes);
        }

        @Override
        protected void demandNext() {
            long delay = attempt.readDelayNanos();
            if (delay > 0) {
                // a slow reader (scenario slow): the socket is not read meanwhile, so TCP and the server queue fill
                attempt.later(this::demand, delay);
            } else {
                demand();
            }
        }

        @Override
        public void onRetry(long millis) {
            probe.onRetry(millis);
        }

        @Override
        public void onEvent(String lastEventId, String event, String data) {
            if (attempt.isEnded()) {
                return;
            }
            FeedEvents.deliver(probe, data, data.length(), recvNanos);
        }
    }
}
