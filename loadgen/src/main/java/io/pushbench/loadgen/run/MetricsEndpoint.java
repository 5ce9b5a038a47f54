package io.pushbench.loadgen.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.wire.FeedContract;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A server's {@code GET /metrics}, read one answer at a time (2 s connect and request timeouts): the JSON object, or
 * null with the reason in {@link #lastFailure()} (404, not JSON, refused), for a "server unobserved" reason. The
 * feed runs' {@link MetricsPoller} and the LLM runs' window probe both read it through this.
 *
 * <pre>{@code
 * MetricsEndpoint m = new MetricsEndpoint(URI.create("http://127.0.0.1:8080/"));
 * MetricsEndpoint.Answer a = m.get();   // null: m.lastFailure() = "GET http://.../metrics failed: HTTP 404"
 * }</pre>
 */
public final class MetricsEndpoint {
    /** One answer: {@link System#nanoTime()} when it arrived (before parsing), and the JSON object. */
    public record Answer(long nanos, JsonNode json) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private volatile String lastFailure;

    /** @param base the server's base URL; {@code /metrics} is resolved against it */
    public MetricsEndpoint(URI base) {
        this.uri = base.resolve(FeedContract.METRICS_PATH);
    }

    /** One read now; null when the server did not answer with a JSON object ({@link #lastFailure()} says why). */
    public Answer get() {
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            long now = System.nanoTime();
            if (r.statusCode() != 200) {
                return failed("HTTP " + r.statusCode());
            }
            JsonNode n;
            try {
                n = ResultsIO.mapper().readTree(r.body());
            } catch (IOException e) {
                return failed("the answer is not JSON");
            }
            if (n == null || !n.isObject()) {
                return failed("the answer is not a JSON object");
            }
            return new Answer(now, n);
        } catch (IOException e) {
            return failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        }
    }

    private Answer failed(String why) {
        lastFailure = "GET " + uri + " failed: " + why;
        return null;
    }

    /** Why the latest failed read failed ("GET http://.../metrics failed: HTTP 404"), or null when none failed. */
    public String lastFailure() {
        return lastFailure;
    }
}
