package io.pushbench.loadgen.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.wire.FeedContract;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the server's live heap through {@code POST /admin/gc}, once idle and once loaded, so that heap per
 * connection is (loaded - idle) / connections without the uncollected garbage that {@code /metrics}'
 * {@code heapUsedBytes} includes. The loaded reading is taken during the warm-up: the collection it forces must
 * never fall in the measured window.
 *
 * <pre>{@code
 * HeapProbe probe = new HeapProbe(URI.create("http://127.0.0.1:8080"), token);
 * HeapProbe.Reading idle = probe.read();      // null when the server has no /admin/gc or refuses the token
 * }</pre>
 */
final class HeapProbe {
    /** One reading: live heap after GC and the subscribers connected at that moment. */
    record Reading(long heapUsedBytes, long connections) {
    }

    private final URI endpoint;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HeapProbe(URI baseUrl, String token) {
        this.endpoint = baseUrl.resolve(FeedContract.ADMIN_GC_PATH);
        this.token = token;
    }

    /** A reading, or null when the server cannot give one (a third-party server, no token, an error). */
    Reading read() {
        if (token == null) {
            return null;
        }
        try {
            HttpRequest rq = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> rs = http.send(rq, HttpResponse.BodyHandlers.ofString());
            if (rs.statusCode() != 200) {
                return null;
            }
            JsonNode j = ResultsIO.mapper().readTree(rs.body());
            long heap = j.path("heapUsedBytes").asLong(-1);
            return heap > 0 ? new Reading(heap, j.path("connections").asLong(-1)) : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Heap per connection from an idle and a loaded reading, or -1 when it cannot be computed. */
    static double perConnection(Reading idle, Reading loaded) {
        if (idle == null || loaded == null || loaded.connections() <= 0) {
            return -1;
        }
        long grown = loaded.heapUsedBytes() - idle.heapUsedBytes();
        return grown < 0 ? -1 : Math.round(grown * 10.0 / loaded.connections()) / 10.0;
    }
}
