package io.pushbench.loadgen.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.ServerSample;
import io.pushbench.analysis.results.Window;
import io.pushbench.loadgen.core.CpuSet;
import io.pushbench.loadgen.core.ThreadCpu;
import io.pushbench.loadgen.core.ThreadCpuTracker;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;

/**
 * Derives the server's timeline and its figures from {@code /metrics} polls; {@link ServerRules} judges them.
 *
 * <pre>{@code
 * ServerFiguresCalculator calc = new ServerFiguresCalculator(poller.polls(), idle, loadStartEpochMs);
 * ServerFigures f = calc.figures(window, connections, pinnedServerCpus);   // pinnedServerCpus null when not pinned
 * }</pre>
 *
 * <p>The steady figures are differences between the first poll at or after the steady start and the last poll at or
 * before its end ({@link #steady}): CPU ns per delivered message = CPU time delta / deliveries delta; late messages =
 * {@code publisherLateMessages} delta; max lag = the largest value of the {@code publisherLagHistogramNs} delta; the
 * busiest thread = the largest {@code process.threadCpu} delta (every poll in between is read, so a thread that ends
 * inside the window keeps its last CPU); pinned CPUs' utilisation = the {@code /proc/stat} delta read with the two
 * polls. Heap per connection = (heap at the steady start - idle heap before the first connection) / connections, an
 * approximation since heap includes garbage not yet collected.
 */
final class ServerFiguresCalculator {
    /** The polls of the steady window: the first and last inside it, and how many lie inside. */
    record SteadyPolls(MetricsPoller.Poll from, MetricsPoller.Poll to, List<MetricsPoller.Poll> inside) {
        /** Two distinct polls: enough to difference counters. */
        boolean observed() {
            return inside.size() >= 2 && to.epochMs() > from.epochMs();
        }
    }

    private final List<MetricsPoller.Poll> polls;
    private final MetricsPoller.Poll idle;
    private final long loadStartEpochMs;

    ServerFiguresCalculator(List<MetricsPoller.Poll> polls, MetricsPoller.Poll idle, long loadStartEpochMs) {
        this.polls = polls;
        this.idle = idle;
        this.loadStartEpochMs = loadStartEpochMs;
    }

    /** Seconds from the load start at which a poll was received. */
    double secondsOf(MetricsPoller.Poll p) {
        return (p.epochMs() - loadStartEpochMs) / 1000.0;
    }

    /** The newest poll, or null when there was none. */
    MetricsPoller.Poll lastPoll() {
        return polls.isEmpty() ? null : polls.get(polls.size() - 1);
    }

    /**
     * The polls inside the steady window (its ends included). When the server was restarted inside the window
     * (scenario {@code restart}: its counters start again from zero), only the polls of the server process with the
     * most polls in the window are kept, so that every difference of counters is taken within one process; see
     * {@link #restarts}.
     */
    SteadyPolls steady(Window w) {
        List<List<MetricsPoller.Poll>> byProcess = new ArrayList<>();
        MetricsPoller.Poll last = null;
        for (MetricsPoller.Poll p : polls) {
            double t = secondsOf(p);
            if (t < w.steadyFromSec() || t > w.steadyToSec()) {
                continue;
            }
            if (byProcess.isEmpty() || !sameProcess(last, p)) {
                byProcess.add(new ArrayList<>());
            }
            last = p;
            byProcess.get(byProcess.size() - 1).add(p);
        }
        List<MetricsPoller.Poll> inside = List.of();
        for (List<MetricsPoller.Poll> g : byProcess) {
            if (g.size() > inside.size()) {
                inside = g;
            }
        }
        return new SteadyPolls(inside.isEmpty() ? null : inside.get(0),
                inside.isEmpty() ? null : inside.get(inside.size() - 1), List.copyOf(inside));
    }

    /**
     * The server while subscribers come back after a fault: from consecutive polls of one process from the last one
     * before {@code fromEpochMs} to {@code toEpochMs}, the highest TCP accept rate ({@code connectionsAccepted}), CPU
     * (cores) and heap, and the polls used. Empty without a poll after the fault.
     */
    Map<String, Object> afterFault(long fromEpochMs, long toEpochMs) {
        double acceptMax = -1;
        double cpuMax = -1;
        long heapMax = -1;
        int used = 0;
        MetricsPoller.Poll prev = null;
        for (MetricsPoller.Poll p : polls) {
            if (p.epochMs() < fromEpochMs) {
                prev = p;       // the last poll before the fault opens the first interval: a burst of accepts
                continue;       // right after the fault lies between it and the first poll after
            }
            if (p.epochMs() > toEpochMs) {
                continue;
            }
            used++;
            heapMax = Math.max(heapMax, p.json().path("process").path("heapUsedBytes").asLong(-1));
            boolean sameProcess = prev != null && sameProcess(prev, p);
            long uptime = p.json().path("uptimeMs").asLong(-1);
            if (!sameProcess && uptime >= MIN_RATE_INTERVAL_MS && p.json().path("connectionsAccepted").isNumber()) {
                // a restarted server's first poll: its counter was 0 when it started (its CPU then is the JVM's
                // start, not the reconnection, and is left out)
                acceptMax = Math.max(acceptMax, p.json().path("connectionsAccepted").asLong() / (uptime / 1000.0));
            }
            // rates over at least half a second: two polls close together (the poller catching up after an
            // outage) would divide a tick's worth of CPU by a few milliseconds
            if (sameProcess && p.epochMs() - prev.epochMs() >= MIN_RATE_INTERVAL_MS) {
                double dt = (p.epochMs() - prev.epochMs()) / 1000.0;
                long accepted = delta(prev, p, "connectionsAccepted");
                if (accepted >= 0) {
                    acceptMax = Math.max(acceptMax, accepted / dt);
                }
                long cpu = cpu(p) - cpu(prev);
                if (cpu(p) >= 0 && cpu(prev) >= 0) {
                    cpuMax = Math.max(cpuMax, cpu / 1e9 / dt);
                }
            }
            prev = p;
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (used < 1) {
            return m;
        }
        m.put("polls", used);
        m.put("acceptsPerSecMax", round1(acceptMax));
        m.put("cpuCoresMax", round3(cpuMax));
        m.put("heapUsedBytesMax", heapMax);
        return m;
    }

    static final long MIN_RATE_INTERVAL_MS = 500;

    /** Server restarts seen between the run's polls (a new process start instant; scenario restart). */
    int restarts() {
        int restarts = 0;
        for (int i = 1; i < polls.size(); i++) {
            restarts += sameProcess(polls.get(i - 1), polls.get(i)) ? 0 : 1;
        }
        return restarts;
    }

    /**
     * Polls of one process agree on its start instant within this (poll latency, a slow answer while a JVM starts);
     * two processes of one run start further apart (the first ran for its ramp and warm-up).
     */
    static final long PROCESS_START_TOLERANCE_MS = 2_000;

    /**
     * Whether two polls come from one server process (start instants within the tolerance); true when either lacks
     * {@code uptimeMs} (a server that does not say is taken as one process, as before restarts were recognised).
     */
    static boolean sameProcess(MetricsPoller.Poll a, MetricsPoller.Poll b) {
        long x = processStart(a);
        long y = processStart(b);
        return x == Long.MIN_VALUE || y == Long.MIN_VALUE || Math.abs(x - y) <= PROCESS_START_TOLERANCE_MS;
    }

    /** The server's start instant, epoch ms, from the poll's {@code uptimeMs}; MIN_VALUE when absent. */
    private static long processStart(MetricsPoller.Poll p) {
        JsonNode up = p.json().path("uptimeMs");
        return up.isNumber() ? p.epochMs() - up.asLong() : Long.MIN_VALUE;
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
                    sum(j.path("slowConsumerDisconnects")), sum(j.path("bytes"))));
        }
        return out;
    }

    static long sum(JsonNode obj) {
        if (!obj.isObject()) {
            return -1;
        }
        long s = 0;
        for (JsonNode v : obj) {
            s += v.asLong(0);
        }
        return s;
    }

    /**
     * The server figures.
     *
     * @param pinnedCpus the CPUs the server was pinned to, or null when it was not
     */
    ServerFigures figures(Window w, int connections, CpuSet pinnedCpus) {
        if (polls.isEmpty()) {
            return ServerFigures.UNAVAILABLE;
        }
        SteadyPolls steady = steady(w);
        MetricsPoller.Poll from = steady.from();
        MetricsPoller.Poll to = steady.to();
        MetricsPoller.Poll last = polls.get(polls.size() - 1);
        double cpuNsPerMessage = -1;
        double cpuCores = -1;
        long gcCount = -1;
        long gcTime = -1;
        double heapPerConnection = -1;
        long lateSteady = -1;
        double lagMaxSteady = -1;
        ThreadCpuTracker.Busiest busiest = ThreadCpuTracker.Busiest.UNKNOWN;
        double pinnedUtilization = -1;
        if (steady.observed()) {
            long cpu = cpu(to) - cpu(from);
            long deliveries = sum(to.json().path("deliveries")) - sum(from.json().path("deliveries"));
            cpuNsPerMessage = deliveries > 0 ? round1((double) cpu / deliveries) : -1;
            cpuCores = round3(ServerCpuWindow.cores(cpu(from), cpu(to), from.epochMs(), to.epochMs()));
            gcCount = proc(to, "gcCount") - proc(from, "gcCount");
            gcTime = proc(to, "gcTimeMs") - proc(from, "gcTimeMs");
            lateSteady = delta(from, to, "publisherLateMessages");
            lagMaxSteady = lagMaxUs(from, to);
            busiest = busiest(steady);
            if (pinnedCpus != null && to.procStat() != null) {
                pinnedUtilization = round3(to.procStat().utilizationSince(from.procStat(), pinnedCpus));
            }
        }
        long idleHeap = idle == null ? -1 : proc(idle, "heapUsedBytes");
        if (from != null && idle != null && connections > 0) {
            long grown = proc(from, "heapUsedBytes") - idleHeap;
            // heap includes uncollected garbage; a negative growth means a GC ran in between: unknown
            heapPerConnection = grown < 0 ? -1 : round1((double) grown / connections);
        }
        long published = last.json().path("published").asLong(-1) - (idle == null ? 0
                : idle.json().path("published").asLong(0));
        // whole-run totals come from the last poll: after a restart that is the new process's count from zero,
        // which is not the run's total, so they are unknown (-1); the steady-window figures above stay within one
        // process
        boolean restarted = restarts() > 0;
        if (restarted) {
            published = -1;
        }
        if (restarted && from != null && idle != null && !sameProcess(idle, from)) {
            heapPerConnection = -1;     // the steady window's process is not the one whose idle heap was read
        }
        return new ServerFigures(true, cpuNsPerMessage, cpuCores, idleHeap, heapPerConnection, gcCount, gcTime,
                restarted ? -1 : last.json().path("publisherLagUs").path("max").asDouble(-1),
                restarted ? -1 : last.json().path("publisherLateMessages").asLong(-1),
                restarted ? -1 : sum(last.json().path("slowConsumerDisconnects")),
                restarted ? -1 : last.json().path("maxQueueDepth").asLong(-1), published, lateSteady, lagMaxSteady,
                busiest.name(), busiest.cpuCores(), pinnedCpus == null ? null : pinnedCpus.text(),
                pinnedUtilization);
    }

    /** {@code to - from} of a top-level counter; -1 when either poll lacks it. */
    static long delta(MetricsPoller.Poll from, MetricsPoller.Poll to, String field) {
        JsonNode a = from.json().path(field);
        JsonNode b = to.json().path(field);
        return a.isNumber() && b.isNumber() ? b.asLong() - a.asLong() : -1;
    }

    /** The largest lag between two polls, from their cumulative lag histograms, µs; -1 when either lacks it. */
    static double lagMaxUs(MetricsPoller.Poll from, MetricsPoller.Poll to) {
        Histogram a = decode(from.json().path("publisherLagHistogramNs"));
        Histogram b = decode(to.json().path("publisherLagHistogramNs"));
        if (a == null || b == null) {
            return -1;
        }
        b.subtract(a);
        return b.getTotalCount() == 0 ? 0 : round1(b.getMaxValue() / 1000.0);
    }

    private static Histogram decode(JsonNode text) {
        if (!text.isTextual()) {
            return null;
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder()
                    .decode(text.asText())), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            return null;
        }
    }

    private static ThreadCpuTracker.Busiest busiest(SteadyPolls steady) {
        ThreadCpuTracker tracker = new ThreadCpuTracker();
        tracker.update(threads(steady.from()));
        tracker.mark();
        for (MetricsPoller.Poll p : steady.inside()) {
            tracker.update(threads(p));
        }
        return tracker.sinceMark((steady.to().epochMs() - steady.from().epochMs()) / 1000.0);
    }

    private static List<ThreadCpu> threads(MetricsPoller.Poll p) {
        List<ThreadCpu> out = new ArrayList<>();
        for (JsonNode t : p.json().path("process").path("threadCpu")) {
            if (t.path("id").isNumber() && t.path("cpuNs").isNumber()) {
                out.add(new ThreadCpu(t.path("id").asLong(), t.path("name").asText("?"), t.path("cpuNs").asLong()));
            }
        }
        return out;
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
