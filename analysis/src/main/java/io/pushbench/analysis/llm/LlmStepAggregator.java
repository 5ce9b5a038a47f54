package io.pushbench.analysis.llm;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Aggregates one measured step: one instance per step (one transport, protocol and API at one offered load, one
 * repeat), fed every request whose <b>scheduled</b> arrival falls in the step's measured window, then asked for its
 * {@link LlmStepResult}.
 *
 * <pre>{@code
 * LlmStepAggregator agg = new LlmStepAggregator(stepId, new Slo(500.0, 50.0, null, null));
 * // for every request scheduled in [windowStart, windowEnd), once it has ended (completed or failed);
 * // requests still in flight at the end are added as they are and counted as unfinished
 * agg.add(timeline);
 * LlmStepResult r = agg.result(StepContext.of(window).withClient(client));
 * }</pre>
 *
 * <p>The caller decides the window: requests scheduled in the warm-up or after the window are not added, requests
 * scheduled in it are added even when they end after it (during the drain), so the figures are those of the load
 * offered in the window, whatever became of it. Each figure is defined in {@link LlmMetrics}; the latency figures
 * cover completed requests, the client queue delay every request sent ({@link LlmLatencies}). Histograms are in µs,
 * 3 significant digits, up to an hour ({@link LatencyFigures}).
 *
 * <p>Validity rules the aggregator applies itself (a rule named in {@link StepContext#waivedRules()} is reported as
 * waived instead): {@value #RULE_EMPTY} (no request was scheduled in the window) and {@value #RULE_UNFINISHED}
 * (requests still in flight when the result was taken: the drain was too short, so their latencies are missing).
 *
 * <p>Thread-safe: {@link #add} may be called from the clients' threads, each with a timeline no thread writes any
 * more (its request ended, or the step is being closed).
 */
public final class LlmStepAggregator {
    /** Rule: at least one request was scheduled in the window. */
    public static final String RULE_EMPTY = "empty-window";
    /** Rule: every request scheduled in the window ended before the result was taken. */
    public static final String RULE_UNFINISHED = "unfinished";
    /** Failure examples kept per kind. */
    static final int EXAMPLES_PER_KIND = 3;

    private final LlmStepId step;
    private final Slo slo;

    private final Histogram ttft = LatencyFigures.newHistogram();
    private final Histogram firstEvent = LatencyFigures.newHistogram();
    private final Histogram e2e = LatencyFigures.newHistogram();
    private final Histogram itlChunk = LatencyFigures.newHistogram();
    private final Histogram itlToken = LatencyFigures.newHistogram();
    private final Histogram tpot = LatencyFigures.newHistogram();
    private final Histogram clientQueue = LatencyFigures.newHistogram();
    private final Histogram transportDelay = LatencyFigures.newHistogram();
    private final Histogram ttftTransport = LatencyFigures.newHistogram();
    private final Histogram e2eTransport = LatencyFigures.newHistogram();

    private long scheduled;
    private long sent;
    private long completed;
    private long unfinished;
    private final Map<RequestTimeline.Failure, Long> failures = new EnumMap<>(RequestTimeline.Failure.class);
    private final Map<RequestTimeline.Failure, List<String>> examples = new EnumMap<>(RequestTimeline.Failure.class);
    private long resumes;
    private long resumedRequests;
    private long outputTokens;
    private long contentChunks;
    private final Map<TokenSource, Long> tokenSources = new EnumMap<>(TokenSource.class);
    private long tokenMismatches;
    private long sloMet;
    private long sloUnknown;
    private long ttftTransportSumNs;
    private long ttftSumNs;
    private long ttftShareRequests;
    private long e2eTransportSumNs;
    private long e2eSumNs;
    private long e2eShareRequests;

    /**
     * @param step what the step measures
     * @param slo  objectives for goodput; {@link Slo#NONE} (or null) for none
     */
    public LlmStepAggregator(LlmStepId step, Slo slo) {
        this.step = Objects.requireNonNull(step, "step");
        this.slo = slo == null ? Slo.NONE : slo;
    }

    /** The step this aggregates. */
    public LlmStepId step() {
        return step;
    }

    /**
     * Adds one request scheduled in the window and returns its figures. A timeline still in flight counts as
     * unfinished (add it once, when it ends, if it will).
     */
    public LlmMetrics add(RequestTimeline t) {
        LlmMetrics m = LlmMetrics.of(t);
        Slo.Outcome outcome = m.completed() && !slo.isEmpty() ? slo.judge(m) : null;
        synchronized (this) {
            scheduled++;
            if (m.sent()) {
                sent++;
                record(clientQueue, m.clientQueueNs());
            }
            resumes += m.resumes();
            resumedRequests += m.resumes() > 0 ? 1 : 0;
            if (m.completed()) {
                addCompleted(m);
                if (outcome == Slo.Outcome.MET) {
                    sloMet++;
                } else if (outcome == Slo.Outcome.UNKNOWN) {
                    sloUnknown++;
                }
            } else if (m.failure() != null) {
                failures.merge(m.failure(), 1L, Long::sum);
                List<String> ex = examples.computeIfAbsent(m.failure(), k -> new ArrayList<>());
                if (ex.size() < EXAMPLES_PER_KIND) {
                    ex.add("request " + m.id() + ": " + (m.failureDetail() == null ? "(no detail)" : m.failureDetail()));
                }
            } else {
                unfinished++;
            }
        }
        return m;
    }

    private void addCompleted(LlmMetrics m) {
        completed++;
        record(ttft, m.ttftNs());
        record(firstEvent, m.firstEventNs());
        record(e2e, m.e2eNs());
        record(tpot, m.tpotNs());
        long[] gaps = m.itlGapsNs();
        int[] tokens = m.itlGapTokens();
        for (int i = 0; i < gaps.length; i++) {
            itlChunk.recordValue(LatencyFigures.toMicros(gaps[i]));
            if (m.itlPerTokenKnown()) {
                // each token of the later event is one sample of the gap divided evenly among them
                itlToken.recordValueWithCount(LatencyFigures.toMicros((double) gaps[i] / tokens[i]), tokens[i]);
            }
        }
        for (long d : m.transportDelaysNs()) {
            transportDelay.recordValue(LatencyFigures.toMicros(d));
        }
        record(ttftTransport, m.ttftTransportNs());
        record(e2eTransport, m.e2eTransportNs());
        if (m.ttftTransportNs().isPresent() && m.ttftNs().isPresent()) {
            ttftTransportSumNs += m.ttftTransportNs().getAsLong();
            ttftSumNs += m.ttftNs().getAsLong();
            ttftShareRequests++;
        }
        if (m.e2eTransportNs().isPresent()) {
            e2eTransportSumNs += m.e2eTransportNs().getAsLong();
            e2eSumNs += m.e2eNs().getAsLong();
            e2eShareRequests++;
        }
        tokenSources.merge(m.tokenSource(), 1L, Long::sum);
        if (m.outputTokens() >= 0) {
            outputTokens += m.outputTokens();
        }
        contentChunks += m.contentChunks();
        tokenMismatches += m.tokenCountsDisagree() ? 1 : 0;
    }

    private static void record(Histogram h, OptionalLong ns) {
        if (ns.isPresent()) {
            h.recordValue(LatencyFigures.toMicros(ns.getAsLong()));
        }
    }

    /** Requests added so far. */
    public synchronized long scheduled() {
        return scheduled;
    }

    /**
     * The step's result: the figures of the requests added so far, the window, client and server figures and
     * validity from {@code ctx}, plus the aggregator's own validity rules (see the class comment).
     */
    public synchronized LlmStepResult result(StepContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        double sec = ctx.window().measuredSec();
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        LlmCounts counts = new LlmCounts(scheduled, sent, completed, failed, unfinished, failures, examples, resumes,
                resumedRequests, outputTokens, contentChunks, tokenSources.getOrDefault(TokenSource.USAGE, 0L),
                tokenSources.getOrDefault(TokenSource.EVENTS, 0L), tokenSources.getOrDefault(TokenSource.UNKNOWN, 0L),
                tokenMismatches, sloMet, sloUnknown);
        LlmRates rates = new LlmRates(scheduled / sec, completed / sec,
                counts.tokensUnknown() > 0 ? null : outputTokens / sec, contentChunks / sec,
                slo.isEmpty() ? null : sloMet / sec);
        LlmLatencies latency = new LlmLatencies(LatencyFigures.of(ttft), LatencyFigures.of(firstEvent),
                LatencyFigures.of(e2e), LatencyFigures.of(itlChunk), LatencyFigures.of(itlToken), LatencyFigures.of(tpot),
                LatencyFigures.of(clientQueue), LatencyFigures.of(transportDelay), LatencyFigures.of(ttftTransport),
                LatencyFigures.of(e2eTransport));
        TransportShare share = TransportShare.of(ttftShareRequests, ttftTransportSumNs / 1000.0, ttftSumNs / 1000.0,
                e2eShareRequests, e2eTransportSumNs / 1000.0, e2eSumNs / 1000.0);

        List<String> reasons = new ArrayList<>(ctx.invalidReasons());
        Map<String, String> waived = new java.util.LinkedHashMap<>(ctx.waivedRules());
        if (scheduled == 0 && !waived.containsKey(RULE_EMPTY)) {
            reasons.add("no request was scheduled in the " + sec + " s window");
        }
        if (unfinished > 0 && !waived.containsKey(RULE_UNFINISHED)) {
            reasons.add(unfinished + " of " + scheduled + " requests scheduled in the window were still in flight"
                    + " when it was measured (drain " + ctx.window().drainSec() + " s): their latencies are missing");
        }
        return new LlmStepResult(step, reasons.isEmpty(), reasons, waived, ctx.window(), slo, counts, rates, latency,
                share, ctx.client(), ctx.server(), ctx.extensions());
    }

}
