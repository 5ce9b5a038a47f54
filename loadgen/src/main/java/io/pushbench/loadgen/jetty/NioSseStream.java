package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.driver.FeedEvents;
import io.pushbench.wire.FeedContract;
import io.pushbench.wire.SseParser;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An SSE subscription over HTTP/1.1 on pushbench's own selector loops ({@link NioConnection}): a raw
 * {@code GET /sse} with {@code Last-Event-ID} when resuming; the response head and its chunked (or close-delimited)
 * body undone by Jetty's {@link HttpParser}, the body fed to the {@code wire} module's WHATWG {@link SseParser};
 * every event's data goes to {@link FeedEvents} with the receive time of the read that brought its last bytes.
 *
 * <pre>{@code
 * JettySubscriber.Stream s = new NioSseStream(loops, URI.create("http://127.0.0.1:8080/"), clock);
 * s.open(attempt, resumePoint);      // on the scheduler's thread; the rest happens on a loop
 * }</pre>
 *
 * <p>Status 200 is the attempt's {@code connected()}; any other status fails the attempt. The server ending the
 * body (the last chunk) or closing the connection ends it, as does a malformed response.
 */
final class NioSseStream implements JettySubscriber.Stream {
    private final NioLoops loops;
    private final NioTarget target;
    private final NanoClock clock;

    NioSseStream(NioLoops loops, NioTarget target, NanoClock clock) {
        this.loops = loops;
        this.target = target;
        this.clock = clock;
    }

    @Override
    public void open(JettySubscriber.Attempt attempt, long resumePoint) {
        new Connection(loops, attempt, target.address(), clock, request(resumePoint)).start();
    }

    /** {@code GET /sse HTTP/1.1} with the resume header when {@code resumePoint} > 0. */
    byte[] request(long resumePoint) {
        return ("GET " + target.path(FeedContract.SSE_PATH) + " HTTP/1.1\r\n"
                + "Host: " + target.hostHeader() + "\r\n"
                + "Accept: text/event-stream\r\n"
                + (resumePoint > 0 ? FeedContract.LAST_EVENT_ID_HEADER + ": " + resumePoint + "\r\n" : "")
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One attempt's connection: the response head, then the event stream. */
    static final class Connection extends NioConnection implements HttpParser.ResponseHandler, SseParser.Listener {
        private final byte[] request;
        private final ConnectionProbe probe;
        private final HttpParser http = new HttpParser(this);
        private final SseParser events = new SseParser(this);
        private int status;
        private long recvNanos;

        Connection(NioLoops loops, JettySubscriber.Attempt attempt, InetSocketAddress server, NanoClock clock,
                   byte[] request) {
            super(loops, attempt, server, clock);
            this.request = request;
            this.probe = attempt.probe();
        }

        @Override
        ByteBuffer request() {
            return ByteBuffer.wrap(request);
        }

        @Override
        void onBytes(ByteBuffer bytes, long now) {
            recvNanos = now;
            while (bytes.hasRemaining() && !isClosed()) {
                int before = bytes.position();
                if (!http.parseNext(bytes) && bytes.position() == before) {
                    break;     // nothing the parser can take: the response has ended
                }
            }
        }

        @Override
        void onEof() {
            http.atEOF();
            http.parseNext(ByteBuffer.allocate(0));   // a close-delimited body completes, a chunked one was cut
            if (!isClosed()) {
                close(new EOFException("the server closed the connection before the response ended"));
            }
        }

        @Override
        public void startResponse(HttpVersion version, int status, String reason) {
            this.status = status;
        }

        @Override
        public void parsedHeader(HttpField field) {
            // nothing to learn from the headers: the status says whether the subscription was accepted
        }

        @Override
        public boolean headerComplete() {
            if (status != 200) {
                close(new IOException("GET " + FeedContract.SSE_PATH + " answered " + status));
                return true;
            }
            attempt.connected();
            return false;
        }

        @Override
        public boolean content(ByteBuffer chunk) {
            events.feed(chunk);
            return isClosed();
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            close(null);     // the server ended the stream
            return true;
        }

        @Override
        public void earlyEOF() {
            close(new EOFException("the server closed the connection in the middle of the response"));
        }

        @Override
        public void badMessage(HttpException failure) {
            close(new IOException("bad response to GET " + FeedContract.SSE_PATH + ": " + failure.getCode() + " "
                    + failure.getReason()));
        }

        @Override
        public void onEvent(String lastEventId, String event, String data) {
            if (attempt.isEnded()) {
                return;
            }
            FeedEvents.deliver(probe, data, data.length(), recvNanos);
            delivered();
        }

        @Override
        public void onRetry(long millis) {
            probe.onRetry(millis);
        }
    }
}
