package io.pushbench.loadgen.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.loadgen.core.ProcStat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Polls a server's {@code GET /metrics} ({@link MetricsEndpoint}) once a second on a daemon thread and keeps each
 * answer with the wall-clock time it was taken, and, when asked (the server is pinned), the machine's
 * {@code /proc/stat} read with it. A poll that fails (404, not JSON, refused) is not kept; {@link #lastFailure()}
 * says why, for the "server unobserved" reason.
 *
 * <pre>{@code
 * MetricsPoller p = new MetricsPoller(URI.create("http://127.0.0.1:8080"), false);
 * if (p.pollOnce() == null) log(p.lastFailure());
 * p.start();  ...  p.stop();
 * List<MetricsPoller.Poll> polls = p.polls();
 * }</pre>
 */
final class MetricsPoller {
    /** One answer: epoch ms when it was received, the JSON, and {@code /proc/stat} then (null when not read). */
    record Poll(long epochMs, JsonNode json, ProcStat procStat) {
        Poll(long epochMs, JsonNode json) {
            this(epochMs, json, null);
        }
    }

    private final MetricsEndpoint endpoint;
    private final List<Poll> polls = new ArrayList<>();
    private final boolean readProcStat;
    private volatile boolean stopped;
    private Thread thread;

    /**
     * @param base         the server's base URL
     * @param readProcStat also read {@code /proc/stat} at each poll (for a pinned server's CPU utilisation)
     */
    MetricsPoller(URI base, boolean readProcStat) {
        this.endpoint = new MetricsEndpoint(base);
        this.readProcStat = readProcStat;
    }

    /** One poll now; null when the server did not answer with a JSON object ({@link #lastFailure()} says why). */
    Poll pollOnce() {
        MetricsEndpoint.Answer a = endpoint.get();
        if (a == null) {
            return null;
        }
        Poll p = new Poll(System.currentTimeMillis(), a.json(), readProcStat ? ProcStat.readOrNull() : null);
        synchronized (polls) {
            polls.add(p);
        }
        return p;
    }

    /** Why the latest failed poll failed ("GET http://.../metrics failed: HTTP 404"), or null when none failed. */
    String lastFailure() {
        return endpoint.lastFailure();
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
