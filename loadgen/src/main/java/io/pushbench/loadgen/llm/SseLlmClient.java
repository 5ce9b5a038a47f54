package io.pushbench.loadgen.llm;

import io.pushbench.analysis.llm.RequestTimeline.Failure;
import io.pushbench.loadgen.jetty.ChunkReader;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.SseParser;
import io.pushbench.wire.llm.LlmContract;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The SSE client: each request is a {@code POST} ({@code /v1/responses} or {@code /v1/chat/completions}) whose
 * {@code text/event-stream} answer is read as it arrives from its {@link Content.Source}; each chunk is timed when
 * read (the demand callback runs when the selector found bytes: the closest to the socket read Jetty's client allows)
 * and fed to the {@code wire} module's WHATWG {@link SseParser}; each event goes to the request's
 * {@link ResponseStream} with its chunk's receive time. Connections are Jetty's keep-alive pool (HTTP/1.1: one per
 * request in flight, reused; h2c: streams multiplexed).
 *
 * <p>What ends a request here: a status other than 200, or a 200 that is not an event stream ({@code HTTP_STATUS});
 * a body that ends cleanly before the end marker ({@code NO_DONE}); a connection that fails before the request was
 * written ({@code CONNECT}); one that breaks mid-stream ({@code CLOSED_EARLY}, or a resume by
 * {@code GET /v1/responses/ID?stream=true&starting_after=N}, see {@link ResumePolicy}).
 */
final class SseLlmClient extends JettyLlmClient {
    private static final String ABORTED = "pushbench: request aborted (timeout or end of step)";

    private final HttpClient http;
    private final URI post;
    private final HttpVersion version;

    SseLlmClient(LlmJetty jetty, LlmClient.Settings s) {
        super(jetty, s);
        this.http = jetty.http();
        this.post = s.baseUrl().resolve(s.api() == LlmContract.Api.CHAT ? LlmContract.CHAT_PATH
                : LlmContract.RESPONSES_PATH);
        this.version = s.protocol() == Protocol.H2C ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1;
    }

    @Override
    public void start(Exchange x) {
        ResponseStream rs = new ResponseStream(x, settings.api(), settings.resume());
        String body = settings.api() == LlmContract.Api.CHAT ? bodies.chat(x.request()) : bodies.responses(x.request());
        Request req = http.newRequest(post).method(HttpMethod.POST)
                .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8));
        send(rs, req, false);
    }

    private void resume(ResponseStream rs) {
        if (rs.exchange().isEnded()) {
            return;
        }
        URI u = settings.baseUrl().resolve(LlmContract.RESPONSES_PATH + "/"
                + URLEncoder.encode(rs.responseId(), StandardCharsets.UTF_8) + "?stream=true&"
                + LlmContract.STARTING_AFTER_PARAM + "=" + rs.resumePoint());
        rs.exchange().active(clock.nanoTime());
        send(rs, http.newRequest(u).method(HttpMethod.GET), true);
    }

    private void send(ResponseStream rs, Request req, boolean resume) {
        Exchange x = rs.exchange();
        req.version(version)
                .headers(h -> {
                    h.put(HttpHeader.ACCEPT, "text/event-stream");
                    if (settings.apiKey() != null) {
                        h.put(HttpHeader.AUTHORIZATION, "Bearer " + settings.apiKey());
                    }
                })
                .onRequestCommit(r -> x.sent(clock.nanoTime()))
                .onResponseHeaders(r -> {
                    long now = clock.nanoTime();
                    String type = r.getHeaders().get(HttpHeader.CONTENT_TYPE);
                    if (r.getStatus() != 200) {
                        r.abort(new StatusFailure("HTTP " + r.getStatus() + " from " + req.getMethod() + " "
                                + req.getPath()));
                    } else if (type == null || !type.startsWith("text/event-stream")) {
                        r.abort(new StatusFailure("HTTP 200 from " + req.getMethod() + " " + req.getPath()
                                + " is not an event stream (Content-Type " + type + ")"));
                    } else if (resume) {
                        rs.resumeAccepted(now);
                    } else {
                        x.started(now);
                    }
                })
                .onResponseContentSource((response, source) -> new Reader(rs, req, source).run());
        x.onAbort(() -> req.abort(new java.util.concurrent.CancellationException(ABORTED)));
        req.send(result -> ended(rs, result, resume));
    }

    private void ended(ResponseStream rs, Result result, boolean resume) {
        Exchange x = rs.exchange();
        long now = clock.nanoTime();
        if (x.isEnded()) {
            return;
        }
        Throwable f = result.getFailure();
        if (f == null) {
            x.fail(now, Failure.NO_DONE, "the event stream ended without " + (settings.api() == LlmContract.Api.CHAT
                    ? "data: [DONE]" : LlmContract.RESPONSE_COMPLETED));
        } else if (f instanceof StatusFailure) {
            if (resume) {
                rs.refused(now, f.getMessage());
            } else {
                x.fail(now, Failure.HTTP_STATUS, f.getMessage());
            }
        } else if (!x.wasSent() && Failures.isConnect(f)) {
            x.fail(now, Failure.CONNECT, Failures.describe(f));
        } else {
            long wait = rs.dropped(now, Failure.CLOSED_EARLY, Failures.describe(f));
            if (wait >= 0) {
                http.getScheduler().schedule(() -> resume(rs), wait, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** A response that is not a 200 event stream. */
    private static final class StatusFailure extends Exception {
        StatusFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads one response body to its end (the feed driver's read loop, {@link ChunkReader}), events into its stream. */
    private final class Reader extends ChunkReader implements SseParser.Listener {
        private final ResponseStream rs;
        private final Request request;
        private final SseParser parser = new SseParser(this);
        private long recvNanos;
        private boolean stopped;

        Reader(ResponseStream rs, Request request, Content.Source source) {
            super(source, clock);
            this.rs = rs;
            this.request = request;
        }

        @Override
        protected void onChunk(ByteBuffer bytes, long recvNanos) {
            this.recvNanos = recvNanos;
            parser.feed(bytes);
        }

        @Override
        public void onEvent(String lastEventId, String event, String data) {
            if (stopped) {
                return;
            }
            events.incrementAndGet();
            if (!lastEventId.isEmpty()) {
                rs.sseId(lastEventId);
            }
            if (rs.onEvent(data, recvNanos) == ResponseStream.Next.STOP) {
                stopped = true;
                if (!rs.completed()) {
                    // a malformed or error event: nothing more of this response is wanted
                    request.abort(new java.util.concurrent.CancellationException("pushbench: response failed"));
                }
            }
        }
    }
}
