package io.pushbench.loadgen.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.ServerSample;
import io.pushbench.analysis.results.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Derives the server's timeline, its cost figures and the server-side validity reasons from {@code /metrics} polls.
 *
 * <p>Over the steady window (first poll at or after its start, last poll at or before its end): CPU ns per
 * delivered message = CPU time delta / deliveries delta; heap per connection = (heap at the steady start - idle
 * heap before the first connection) / connections, an approximation since heap includes garbage not yet
 * collected. The run is invalid when the publisher was late (more than the server's threshold, 5 ms) for more than
 * {@value #MAX_LATE_SHARE_PERCENT}% of the messages it published in the steady window.
 */
final class ServerFiguresCalculator {
    /** Share of late publications (in the steady window) above which the run is invalid, percent. */
    static final double MAX_LATE_SHARE_PERCENT = 10.0;

    private final List<MetricsPoller.Poll> polls;
    private final MetricsPoller.Poll idle;
    private final long loadStartEpochMs;

    ServerFiguresCalculator(List<MetricsPoller.Poll> polls, MetricsPoller.Poll idle, long loadStartEpochMs) {
        this.polls = polls;
        this.idle = idle;
        this.loadStartEpochMs = loadStartEpochMs;
    }

    List<ServerSample> timeline() {
        List<ServerSample> out = new ArrayList<>();
        for (MetricsPoller.Poll p : polls) {
            JsonNode j = p.json();
            out.add(new ServerSample(Math.round((p.epochMs() - loadStartEpochMs) / 1.0) / 1000.0,
                    j.path("connections").path("total").asLong(-1), j.path("published").asLong(-1),
                    j.path("lastSeq").asLong(-1), sum(j.path("deliveries")),
                    j.path("process").path("cpuTimeNs").asLong(-1), j.path("process").path("heapUsedBytes").asLong(-1),
                    j.path("process").path("gcCount").asLong(-1), j.path("process").path("gcTimeMs").asLong(-1),
                    j.path("publisherLagUs").path("current").asDouble(-1), j.path("maxQueueDepth").asLong(-1),
                    sum(j.path("slowConsumerDisconnects"))));
        }
        return out;
    }

    private static long sum(JsonNode obj) {
        if (!obj.isObject()) {
            return -1;
        }
        long s = 0;
        for (JsonNode v : obj) {
            s += v.asLong(0);
        }
        return s;
    }

    ServerFigures figures(Window w, int connections) {
        if (polls.isEmpty()) {
            return ServerFigures.UNAVAILABLE;
        }
        MetricsPoller.Poll from = null;
        MetricsPoller.Poll to = null;
        for (MetricsPoller.Poll p : polls) {
            double t = (p.epochMs() - loadStartEpochMs) / 1000.0;
            if (from == null && t >= w.steadyFromSec()) {
                from = p;
            }
            if (t <= w.steadyToSec()) {
                to = p;
            }
        }
        MetricsPoller.Poll last = polls.get(polls.size() - 1);
        double cpuNsPerMessage = -1;
        double cpuCores = -1;
        long gcCount = -1;
        long gcTime = -1;
        double heapPerConnection = -1;
        if (from != null && to != null && to.epochMs() > from.epochMs()) {
            long cpu = cpu(to) - cpu(from);
            long deliveries = sum(to.json().path("deliveries")) - sum(from.json().path("deliveries"));
            cpuNsPerMessage = deliveries > 0 ? round1((double) cpu / deliveries) : -1;
            cpuCores = round3(cpu / 1e6 / (to.epochMs() - from.epochMs()));
            gcCount = proc(to, "gcCount") - proc(from, "gcCount");
            gcTime = proc(to, "gcTimeMs") - proc(from, "gcTimeMs");
        }
        long idleHeap = idle == null ? -1 : proc(idle, "heapUsedBytes");
        if (from != null && idle != null && connections > 0) {
            long grown = proc(from, "heapUsedBytes") - idleHeap;
            // heap includes uncollected garbage; a negative growth means a GC ran in between: unknown
            heapPerConnection = grown < 0 ? -1 : round1((double) grown / connections);
        }
        long published = last.json().path("published").asLong(-1) - (idle == null ? 0
                : idle.json().path("published").asLong(0));
        return new ServerFigures(true, cpuNsPerMessage, cpuCores, idleHeap, heapPerConnection, gcCount, gcTime,
                last.json().path("publisherLagUs").path("max").asDouble(-1),
                last.json().path("publisherLateMessages").asLong(-1), sum(last.json().path("slowConsumerDisconnects")),
                last.json().path("maxQueueDepth").asLong(-1), published);
    }

    /** Server-side validity reasons for the steady window. */
    List<String> invalidReasons(Window w) {
        List<String> reasons = new ArrayList<>();
        MetricsPoller.Poll from = null;
        MetricsPoller.Poll to = null;
        for (MetricsPoller.Poll p : polls) {
            double t = (p.epochMs() - loadStartEpochMs) / 1000.0;
            if (from == null && t >= w.steadyFromSec()) {
                from = p;
            }
            if (t <= w.steadyToSec()) {
                to = p;
            }
        }
        if (from == null || to == null || to == from) {
            return reasons;
        }
        long late = to.json().path("publisherLateMessages").asLong(0) - from.json().path("publisherLateMessages")
                .asLong(0);
        long published = to.json().path("published").asLong(0) - from.json().path("published").asLong(0);
        if (published > 0 && late * 100.0 / published > MAX_LATE_SHARE_PERCENT) {
            reasons.add(String.format(Locale.ROOT,
                    "server publisher lag: %d of %d messages published late (> 5 ms) in the steady window; max lag %.0f µs",
                    late, published, to.json().path("publisherLagUs").path("max").asDouble(-1)));
        }
        long slow = sum(to.json().path("slowConsumerDisconnects")) - sum(from.json().path("slowConsumerDisconnects"));
        if (slow > 0) {
            reasons.add("server disconnected " + slow + " slow consumers in the steady window");
        }
        return reasons;
    }

    private static long cpu(MetricsPoller.Poll p) {
        return proc(p, "cpuTimeNs");
    }

    private static long proc(MetricsPoller.Poll p, String field) {
        return p.json().path("process").path(field).asLong(-1);
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
