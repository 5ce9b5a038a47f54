package io.pushbench.loadgen.run;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The server's CPU over a window in which no run is going on: its {@code GET /metrics} polled once a second by the
 * same {@link MetricsPoller} a run uses (so the observer costs the server what it costs during a run), and
 * {@code process.cpuTimeNs} differenced between the first and the last poll, as a run's steady window is
 * ({@link ServerFiguresCalculator}). Also the subscribers open at either end ({@code connections.total}), so that a
 * caller can tell a window with none from one that still held a previous run's.
 *
 * <pre>{@code
 * ServerCpuWindow w = ServerCpuWindow.measure("http://127.0.0.1:8080", Duration.ofSeconds(5));
 * if (w.observed()) use(w.cores(), w.connectionsAtEnd());   // 0.004 cores, 0 connections
 * else log(w.failure());                                    // "2 polls needed, had 1 (GET ... failed: ...)"
 * }</pre>
 *
 * @param cores              server CPU between the first and the last poll, core-seconds per second (unrounded);
 *                           NaN when not observed
 * @param seconds            time between those polls, s; NaN when not observed
 * @param connectionsAtStart subscribers open at the first poll; -1 unknown
 * @param connectionsAtEnd   subscribers open at the last poll; -1 unknown
 * @param cpuStepNs          the smallest rise of {@code process.cpuTimeNs} between two consecutive polls, ns: the
 *                           granularity of the server's CPU clock as far as the window shows it (the JVM's process CPU
 *                           time moves in clock ticks, 10 ms on Linux here); -1 when it never rose
 * @param failure            why it was not observed; null when it was
 */
public record ServerCpuWindow(double cores, double seconds, long connectionsAtStart, long connectionsAtEnd,
                              long cpuStepNs, String failure) {
    /** Whether the CPU was read: two polls of one server process. */
    public boolean observed() {
        return failure == null;
    }

    /**
     * Polls {@code baseUrl}'s {@code /metrics} once a second for {@code window} (at least 2 s: two polls) and returns
     * the CPU between the first and the last poll.
     */
    public static ServerCpuWindow measure(String baseUrl, Duration window) throws InterruptedException {
        if (window == null || window.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("a server CPU window must be at least 2 s (two polls a second apart),"
                    + " was " + window);
        }
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        MetricsPoller poller = new MetricsPoller(URI.create(base), false);
        poller.start();
        try {
            // a little past the window, so that its last second's poll is in
            Thread.sleep(window.toMillis() + 200);
        } finally {
            poller.stop();
        }
        return of(poller.polls(), poller.lastFailure());
    }

    static ServerCpuWindow of(List<MetricsPoller.Poll> polls, String lastFailure) {
        if (polls.size() < 2) {
            return notObserved("2 /metrics polls needed, had " + polls.size()
                    + (lastFailure == null ? "" : " (" + lastFailure + ")"));
        }
        MetricsPoller.Poll from = polls.getFirst();
        MetricsPoller.Poll to = polls.getLast();
        long cpuFrom = from.json().path("process").path("cpuTimeNs").asLong(-1);
        long cpuTo = to.json().path("process").path("cpuTimeNs").asLong(-1);
        if (cpuFrom < 0 || cpuTo < 0) {
            return notObserved("/metrics reports no process.cpuTimeNs");
        }
        if (!ServerFiguresCalculator.sameProcess(from, to) || cpuTo < cpuFrom) {
            return notObserved("the server restarted inside the window");
        }
        if (to.epochMs() <= from.epochMs()) {
            return notObserved("the first and the last /metrics poll came at the same instant");
        }
        long[] cpu = polls.stream().mapToLong(p -> p.json().path("process").path("cpuTimeNs").asLong(-1)).toArray();
        return new ServerCpuWindow(cores(cpuFrom, cpuTo, from.epochMs(), to.epochMs()),
                (to.epochMs() - from.epochMs()) / 1000.0, connections(from), connections(to), smallestStep(cpu), null);
    }

    /**
     * Of two windows of the same server without connections, the one to read as its empty CPU: the quieter of
     * those observed with no subscriber at either end (else {@code first}, whose failure or connections the caller
     * reports). Work left over from what ran before (a collection, the JIT compiler, connections closing) only ever
     * adds to an empty server's CPU, so the quieter window is the closer one, as ServerProbe keeps the lower of two
     * heap readings; and a lower empty CPU can only raise the cost read against it.
     */
    public static ServerCpuWindow quieter(ServerCpuWindow first, ServerCpuWindow second) {
        boolean a = first.observed() && first.connectionsAtStart() == 0 && first.connectionsAtEnd() == 0;
        boolean b = second.observed() && second.connectionsAtStart() == 0 && second.connectionsAtEnd() == 0;
        if (a && b) {
            return second.cores() < first.cores() ? second : first;
        }
        return b ? second : first;
    }

    /** The smallest positive rise between consecutive readings of a CPU-time counter (-1 skipped); -1: none. */
    public static long smallestStep(long[] cpuNs) {
        long min = Long.MAX_VALUE;
        for (int i = 1; i < cpuNs.length; i++) {
            long d = cpuNs[i] - cpuNs[i - 1];
            if (cpuNs[i - 1] >= 0 && cpuNs[i] >= 0 && d > 0) {
                min = Math.min(min, d);
            }
        }
        return min == Long.MAX_VALUE ? -1 : min;
    }

    /**
     * Server cores between two polls: CPU time over wall time. The one definition of a window's server CPU
     * ({@link ServerFiguresCalculator} rounds it for a run's {@code server.cpuCores}).
     */
    public static double cores(long cpuNsFrom, long cpuNsTo, long epochMsFrom, long epochMsTo) {
        return (cpuNsTo - cpuNsFrom) / 1e6 / (epochMsTo - epochMsFrom);
    }

    private static long connections(MetricsPoller.Poll p) {
        return p.json().path("connections").path("total").asLong(-1);
    }

    private static ServerCpuWindow notObserved(String why) {
        return new ServerCpuWindow(Double.NaN, Double.NaN, -1, -1, -1, "server CPU not observed: " + why);
    }
}
