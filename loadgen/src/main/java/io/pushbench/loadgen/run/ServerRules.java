package io.pushbench.loadgen.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.Window;
import io.pushbench.loadgen.core.CpuSaturation;
import io.pushbench.loadgen.core.ReasonKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server-side validity rules, none of which is ever skipped silently: a rule that cannot be judged because the
 * server was not observed gives a "server unobserved: ..." reason instead. The user may waive exactly those
 * (third-party server without {@code /metrics}) with {@code --allow-unobserved-server}
 * ({@link RunSpec#allowUnobservedServer()}); a waived reason moves to {@link Verdict#waived()}, which the results
 * keep ({@code extensions.waivedRules}) so that it stays visible.
 *
 * <pre>{@code
 * ServerRules.Verdict v = new ServerRules(CpuSaturation.defaults(), spec.allowUnobservedServer())
 *         .check(window, calc, figures, idle == null ? poller.lastFailure() : null, poller.lastFailure());
 * reasons.addAll(v.invalid());  waived.addAll(v.waived());
 * }</pre>
 *
 * <p>Rules (docs/method.md, "Validity"), over the polls inside the steady window: at least two polls there; no
 * more than {@value #LATE_ALLOWANCE_STEADY} + {@value #MAX_LATE_SHARE_STEADY} of the window's messages published late (more than the server's
 * threshold, 5 ms, after schedule); no slow-consumer disconnect; the busiest server thread and, when the
 * server is pinned, its CPUs within {@link CpuSaturation}'s limits.
 */
final class ServerRules {
    /**
     * Share of the steady window's publications allowed to be late. A late message keeps its scheduled time, so the
     * delay it caused is in the latency figures either way; a publisher that is late more often than this has fallen
     * behind its schedule, and the run measured the publisher rather than the transport.
     */
    static final double MAX_LATE_SHARE_STEADY = 0.01;
    /**
     * Isolated late publications always allowed on top of the share: in a short window at a low rate (the quick
     * profile publishes ~24 messages in its steady window) one VM hiccup would otherwise be "1 of 24 late" and void a
     * run whose publisher kept its schedule.
     */
    static final long LATE_ALLOWANCE_STEADY = 2;
    /** Prefix of every reason the user may waive. */
    static final String UNOBSERVED = "server unobserved: ";
    /** The {@code pushbench run} flag that waives the "server unobserved" reasons (CLI wiring: RunCommand). */
    static final String WAIVER_FLAG = "--allow-unobserved-server";

    /**
     * @param invalid reasons that make the run invalid
     * @param waived  "server unobserved" reasons the user waived, each ending with the flag that waived it
     */
    record Verdict(List<String> invalid, List<String> waived) {
        Verdict {
            invalid = List.copyOf(invalid);
            waived = List.copyOf(waived);
        }
    }

    private final CpuSaturation saturation;
    private final boolean allowUnobserved;

    ServerRules(CpuSaturation saturation, boolean allowUnobserved) {
        this(saturation, allowUnobserved, false);
    }

    /**
     * @param slowConsumersExpected the run's subscribers read slowly on purpose (scenario {@code slow}): the
     *                              server disconnecting slow consumers is then what is measured, recorded among the
     *                              waived rules with its count rather than invalidating the run
     */
    ServerRules(CpuSaturation saturation, boolean allowUnobserved, boolean slowConsumersExpected) {
        this.saturation = saturation;
        this.allowUnobserved = allowUnobserved;
        this.slowConsumersExpected = slowConsumersExpected;
    }

    private final boolean slowConsumersExpected;

    /**
     * Judges one run.
     *
     * @param unavailable   why {@code /metrics} never answered (the poller's failure), or null when it did
     * @param lastFailure   the poller's latest failure, or null; quoted when polls are missing from the window
     */
    Verdict check(Window w, ServerFiguresCalculator calc, ServerFigures figures, String unavailable,
                  String lastFailure) {
        List<String> invalid = new ArrayList<>();
        List<String> unobserved = new ArrayList<>();
        ServerFiguresCalculator.SteadyPolls steady = calc.steady(w);
        if (unavailable != null) {
            unobserved.add(unavailable);
        } else if (!steady.observed()) {
            unobserved.add(missingPolls(w, calc, steady, lastFailure));
        }
        List<String> waived = new ArrayList<>();
        if (unavailable == null && steady.observed()) {
            judgeObserved(steady, figures, invalid, unobserved, waived);
        }
        for (String u : unobserved) {
            if (allowUnobserved) {
                waived.add(UNOBSERVED + u + " (waived by " + WAIVER_FLAG + ")");
            } else {
                invalid.add(UNOBSERVED + u);
            }
        }
        return new Verdict(invalid, waived);
    }

    private static String missingPolls(Window w, ServerFiguresCalculator calc,
                                       ServerFiguresCalculator.SteadyPolls steady, String lastFailure) {
        MetricsPoller.Poll last = calc.lastPoll();
        String where = String.format(Locale.ROOT, "%s, window %.1f–%.1f s",
                last == null ? "no poll at all" : String.format(Locale.ROOT, "last poll at %.1f s",
                        calc.secondsOf(last)), w.steadyFromSec(), w.steadyToSec());
        String failure = lastFailure == null ? "" : "; last failure: " + lastFailure;
        return steady.inside().isEmpty()
                ? "no /metrics poll inside the steady window (" + where + failure + ")"
                : "only 1 /metrics poll inside the steady window, 2 are needed to difference its counters ("
                        + where + failure + ")";
    }

    private void judgeObserved(ServerFiguresCalculator.SteadyPolls steady, ServerFigures figures,
                               List<String> invalid, List<String> unobserved, List<String> waived) {
        JsonNode to = steady.to().json();
        long late = figures.publisherLateMessagesSteady();
        if (late < 0) {
            unobserved.add("/metrics reports no publisherLateMessages: publisher lateness cannot be judged");
        } else if (late > LATE_ALLOWANCE_STEADY + MAX_LATE_SHARE_STEADY * Math.max(0,
                ServerFiguresCalculator.delta(steady.from(), steady.to(), "published"))) {
            long published = ServerFiguresCalculator.delta(steady.from(), steady.to(), "published");
            double thresholdUs = to.path("publisherLateThresholdUs").asDouble(-1);
            invalid.add(String.format(Locale.ROOT,
                    ReasonKeys.PUBLISHER_BEHIND + ": %d of %s messages published in the steady window were late"
                            + " (more than %s after schedule; limit %d + %.0f%% late); max lag %s",
                    late, published < 0 ? "?" : Long.toString(published),
                    thresholdUs < 0 ? "the server's threshold" : ms(thresholdUs), LATE_ALLOWANCE_STEADY, MAX_LATE_SHARE_STEADY * 100,
                    figures.publisherLagMaxSteadyUs() < 0 ? "unknown" : ms(figures.publisherLagMaxSteadyUs())));
        }
        long slowFrom = ServerFiguresCalculator.sum(steady.from().json().path("slowConsumerDisconnects"));
        long slowTo = ServerFiguresCalculator.sum(to.path("slowConsumerDisconnects"));
        if (slowFrom < 0 || slowTo < 0) {
            unobserved.add("/metrics reports no slowConsumerDisconnects: dropped subscribers cannot be judged");
        } else if (slowTo > slowFrom && slowConsumersExpected) {
            waived.add("server disconnected " + (slowTo - slowFrom) + " slow consumers in the steady window"
                    + " (expected: scenario slow, whose subscribers read slowly on purpose)");
        } else if (slowTo > slowFrom) {
            invalid.add("server disconnected " + (slowTo - slowFrom) + " " + ReasonKeys.SLOW_CONSUMERS);
        }
        if (figures.busiestThreadCpuCores() < 0) {
            unobserved.add("/metrics reports no per-thread CPU (process.threadCpu): busiest-thread saturation"
                    + " cannot be judged");
        } else {
            invalid.addAll(saturation.busiestThread("server", figures.busiestThread(),
                    figures.busiestThreadCpuCores()));
        }
        // The orchestrator's own /proc/stat reads, taken with the polls: not the server's to report, never waived.
        invalid.addAll(saturation.pinnedCpus("server", figures.pinnedCpus(), figures.pinnedCpuUtilization()));
    }

    private static String ms(double us) {
        return String.format(Locale.ROOT, "%.1f ms", us / 1000.0);
    }
}
