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
import java.util.ArrayList;
import java.util.List;

/**
 * Polls a server's {@code GET /metrics} once a second on a daemon thread and keeps each answer with the wall-clock
 * time it was taken. A server without {@code /metrics} (404, not JSON) is simply "unavailable".
 *
 * <pre>{@code
 * MetricsPoller p = new MetricsPoller(URI.create("http://127.0.0.1:8080"));
 * p.pollOnce();  p.start();  ...  p.stop();
 * List<MetricsPoller.Poll> polls = p.polls();
 * }</pre>
 */
final class MetricsPoller {
    /** One answer: epoch ms when it was received, and the JSON. */
    record Poll(long epochMs, JsonNode json) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private final List<Poll> polls = new ArrayList<>();
    private volatile boolean stopped;
    private Thread thread;

    MetricsPoller(URI base) {
        this.uri = base.resolve(FeedContract.METRICS_PATH);
    }

    /** One poll now; null when the server did not answer with JSON. */
    Poll pollOnce() {
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                return null;
            }
            JsonNode n = ResultsIO.mapper().readTree(r.body());
            if (n == null || !n.isObject()) {
                return null;
            }
            Poll p = new Poll(System.currentTimeMillis(), n);
            synchronized (polls) {
                polls.add(p);
            }
            return p;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    void start() {
        thread = new Thread(() -> {
            long next = System.nanoTime();
            while (!stopped) {
                next += 1_000_000_000L;
                pollOnce();
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "pushbench-metrics-poller");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    List<Poll> polls() {
        synchronized (polls) {
            return List.copyOf(polls);
        }
    }
}
