package io.pushbench.loadgen.core;

import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Recovery;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The subscribers' way back after each unexpected end of a stream (an <em>episode</em>: end, reconnect handshake,
 * first message again), and the faults the orchestrator injected; at the end of the run it sets one against the
 * other ({@link #recovery}).
 *
 * <pre>{@code
 * RecoveryTracker t = meter.recovery();
 * t.fault("drop", "abort 50% of sse", faultNanos);     // the orchestrator's timestamp, same clock as the probes
 * // probes report episodes as they complete; the ones still open at the end through ConnectionProbe.openEpisode()
 * Recovery r = t.recovery(runStartNanos, replayed, reconnectHistogram, recoveryHistogram);
 * }</pre>
 *
 * <p>Episodes arrive from the probes' writer threads (rarely: once per drop per subscriber), faults from the thread
 * that reads the orchestrator's notices; both are kept under this object's lock. Times are {@link NanoClock} nanos,
 * which on one host is the orchestrator's {@code System.nanoTime()} too (CLOCK_MONOTONIC is system-wide on Linux).
 */
public final class RecoveryTracker {
    /** A stream that ended this long before the fault's timestamp still counts: the orchestrator stamps before it
     *  acts, but a notice can be read after the kernel already closed the sockets. */
    static final long FAULT_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /**
     * One subscriber's way back from one unexpected end of its stream.
     *
     * @param subscriber        the subscriber (its probe's number in the run)
     * @param endNanos          when the stream ended
     * @param connectedNanos    the first successful handshake after it, -1 if none
     * @param firstMessageNanos the first message delivered after it, -1 if none
     * @param resumeChecked     whether the first message could be checked against the last seq before the end
     * @param resumeOk          its seq was the last seen + 1
     * @param firstPauseNanos   end to the start of the first reconnect attempt, -1 if none
     * @param churned           the subscriber ended the stream itself ({@code churn}): timed from its own end
     */
    public record Episode(long subscriber, long endNanos, long connectedNanos, long firstMessageNanos, boolean resumeChecked,
                          boolean resumeOk, long firstPauseNanos, boolean churned) {
    }

    private record Fault(String kind, String detail, long nanos) {
    }

    private final List<Episode> episodes = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private long retryMs = -1;
    private String policy = "jitter";
    private long churns;
    private long firstChurnNanos = Long.MAX_VALUE;
    private long retryChecked;
    private long retryHonoured;

    /** A fault the orchestrator injected at {@code nanos}. */
    public synchronized void fault(String kind, String detail, long nanos) {
        faults.add(new Fault(kind, detail, nanos));
    }

    /** A subscriber ends its own stream on purpose at {@code nanos} ({@code churn}); it then reconnects. */
    public synchronized void churn(long nanos) {
        churns++;
        firstChurnNanos = Math.min(firstChurnNanos, nanos);
    }

    /** How subscribers pace their reconnects, as {@link Recovery#reconnectPolicy()} names it. */
    public synchronized void policy(String name) {
        policy = name;
    }

    /** Whether any fault was injected or any subscriber churned. */
    public synchronized boolean hasFaults() {
        return !faults.isEmpty() || churns > 0;
    }

    /** A completed (or, at the end, still open) episode. */
    public synchronized void episode(Episode e) {
        episodes.add(e);
    }

    /** An SSE subscriber received {@code retry: ms}. */
    public synchronized void retry(long ms) {
        retryMs = ms;
    }

    /** An SSE reconnect attempt paused {@code pauseNanos} after a stream that had received {@code retry: ms}. */
    public synchronized void retryPause(long ms, long pauseNanos) {
        retryChecked++;
        if (pauseNanos >= TimeUnit.MILLISECONDS.toNanos(ms)) {
            retryHonoured++;
        }
    }

    /**
     * The run's recovery figures, or null when no fault was injected and nobody churned. A churned episode is timed
     * from its own end (the subscriber's disconnect is its fault); the others from the fault they followed.
     *
     * @param originNanos the timeline's origin (fault instants are reported in seconds since it)
     * @param replayed    messages delivered from replay over the run
     * @param reconnect   receives fault-to-handshake times, ns (for the run's histogram log)
     * @param recovered   receives fault-to-first-message times, ns
     */
    public synchronized Recovery recovery(long originNanos, long replayed, Histogram reconnect,
                                          Histogram recovered) {
        if (!hasFaults()) {
            return null;
        }
        List<Fault> ordered = new ArrayList<>(faults);
        ordered.sort(Comparator.comparingLong(Fault::nanos));
        List<Recovery.Fault> out = new ArrayList<>();
        Tally all = new Tally(reconnect, recovered);
        for (int i = 0; i < ordered.size(); i++) {
            Fault f = ordered.get(i);
            long from = f.nanos() - FAULT_SLACK_NANOS;
            long to = i + 1 < ordered.size() ? ordered.get(i + 1).nanos() - FAULT_SLACK_NANOS : Long.MAX_VALUE;
            long hit = all.add(firstPerSubscriber(episodes.stream().filter(e -> !e.churned()
                    && e.endNanos() >= from && e.endNanos() < to).toList()), e -> f.nanos());
            out.add(new Recovery.Fault(f.kind(), f.detail(), (f.nanos() - originNanos) / 1e9, hit));
        }
        if (churns > 0) {
            long hit = all.add(episodes.stream().filter(Episode::churned).toList(), Episode::endNanos);
            out.add(new Recovery.Fault("churn", churns + " disconnects by the subscribers themselves, each timed "
                    + "from its own", (firstChurnNanos - originNanos) / 1e9, hit));
        }
        return new Recovery(out, all.affected, all.notBack, Percentiles.fromNanos(reconnect),
                Percentiles.fromNanos(recovered), all.allBack < 0 ? -1 : all.allBack / 1_000.0, replayed,
                all.resumes, all.mismatches, retryMs, retryChecked, retryHonoured, policy);
    }

    /**
     * Each subscriber's first episode: a subscriber dropped again after it came back (the server's slow-consumer
     * rule, a second drop) is affected by that fault once.
     */
    private static List<Episode> firstPerSubscriber(List<Episode> inWindow) {
        java.util.Map<Long, Episode> first = new java.util.LinkedHashMap<>();
        for (Episode e : inWindow) {
            first.merge(e.subscriber(), e, (a, b) -> a.endNanos() <= b.endNanos() ? a : b);
        }
        return List.copyOf(first.values());
    }

    /** The figures summed over the faults; "all back" is the slowest fault's, -1 once anyone never came back. */
    private static final class Tally {
        private final Histogram reconnect;
        private final Histogram recovered;
        long affected;
        long notBack;
        long resumes;
        long mismatches;
        long allBack;

        Tally(Histogram reconnect, Histogram recovered) {
            this.reconnect = reconnect;
            this.recovered = recovered;
        }

        /** Adds the episodes of one fault, each timed from {@code origin}; returns how many there were. */
        long add(List<Episode> hit, java.util.function.ToLongFunction<Episode> origin) {
            long slowest = 0;
            boolean everyoneBack = true;
            for (Episode e : hit) {
                long t = measure(e, origin.applyAsLong(e), reconnect, recovered);
                if (t < 0) {
                    notBack++;
                    everyoneBack = false;
                } else {
                    slowest = Math.max(slowest, t);
                }
                if (e.resumeChecked()) {
                    resumes++;
                    mismatches += e.resumeOk() ? 0 : 1;
                }
            }
            affected += hit.size();
            if (allBack >= 0) {
                allBack = everyoneBack ? Math.max(allBack, slowest) : -1;
            }
            return hit.size();
        }
    }

    /** Records {@code e} timed from {@code fromNanos}; returns its recovery time, or -1 when it never came back. */
    private static long measure(Episode e, long fromNanos, Histogram reconnect, Histogram recovered) {
        if (e.connectedNanos() >= 0) {
            reconnect.recordValue(Math.max(0, e.connectedNanos() - fromNanos));
        }
        if (e.firstMessageNanos() < 0) {
            return -1;
        }
        long t = Math.max(0, e.firstMessageNanos() - fromNanos);
        recovered.recordValue(t);
        return t;
    }
}
