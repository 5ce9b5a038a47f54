package io.pushbench.analysis.llm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One measured step of an LLM run: one transport, protocol and API at one offered load, one repeat (element of
 * {@link LlmResults#steps()}). Built by {@link LlmStepAggregator#result(StepContext)}; the schema is documented field
 * by field in {@code docs/results-schema.md} ("LLM results").
 *
 * <p>Every figure covers the requests whose <em>scheduled</em> arrival fell in the window ({@link StepWindow}), and
 * every latency runs from that scheduled arrival ({@link LlmMetrics}). The histograms inside each
 * {@link LatencyFigures} make the step mergeable ({@link LlmLatencies#merge(List)}).
 *
 * @param step           what was measured
 * @param valid          false when any {@code invalidReasons}
 * @param invalidReasons one line each: why the figures must not be trusted
 * @param waivedRules    validity rules that failed and were waived, with the reason given
 * @param window         the measured window
 * @param slo            the objectives goodput was judged against ({@link Slo#NONE} when none)
 * @param counts         what happened to the requests
 * @param rates          counts per second of window
 * @param latency        the latency figures, µs
 * @param transportShare how much of TTFT and end-to-end was transport
 * @param client         the load generator's own cost
 * @param server         the server's cost, when observed
 * @param extensions     tool-specific extras; readers ignore keys they do not know
 */
// name first, for a reader scanning the file; tokenSource beside the counts it derives from
@JsonPropertyOrder({"name", "step", "valid", "invalidReasons", "waivedRules", "window", "slo", "counts", "tokenSource"})
public record LlmStepResult(LlmStepId step, boolean valid, List<String> invalidReasons,
                            Map<String, String> waivedRules, StepWindow window, Slo slo, LlmCounts counts,
                            LlmRates rates, LlmLatencies latency, TransportShare transportShare,
                            ClientOverhead client, ServerObserved server, Map<String, Object> extensions) {
    public LlmStepResult {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(rates, "rates");
        invalidReasons = invalidReasons == null ? List.of() : List.copyOf(invalidReasons);
        waivedRules = waivedRules == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(waivedRules));
        slo = slo == null ? Slo.NONE : slo;
        latency = latency == null ? new LlmLatencies(null, null, null, null, null, null, null, null, null, null)
                : latency;
        transportShare = transportShare == null ? TransportShare.UNKNOWN : transportShare;
        client = client == null ? ClientOverhead.UNKNOWN : client;
        server = server == null ? ServerObserved.UNOBSERVED : server;
        extensions = extensions == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extensions));
        if (valid && !invalidReasons.isEmpty()) {
            throw new IllegalArgumentException("a valid step must have no invalidReasons, had " + invalidReasons);
        }
    }

    /** The step's name ({@link LlmStepId#name()}), written to the JSON for readers; ignored when read. */
    @JsonProperty("name")
    public String name() {
        return step.name();
    }

    /** Where the token counts came from ({@link LlmCounts#tokenSource()}), written to the JSON; ignored when read. */
    @JsonProperty("tokenSource")
    public String tokenSource() {
        return counts.tokenSource();
    }

    /**
     * One step measured by several load generators at once (hosts of one step): the same step, SLO and window
     * length in every part. Counts, rates and the transport share's sums add up, the histograms pool
     * ({@link LlmLatencies#merge}), failure examples are the first few of all; the client figures are the worst
     * part's (highest CPU per event and utilisation; send lag pooled), the server's the first observed; valid when
     * every part is, each part's reasons prefixed with "part N: " (N from 1, in {@code parts}' order).
     * Repeats are not merged this way: each stays a step, and {@link LlmSummary} takes the median over them.
     *
     * @throws IllegalArgumentException when {@code parts} is empty or the parts are not of one step and window
     */
    public static LlmStepResult merge(List<LlmStepResult> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("parts must not be empty");
        }
        LlmStepResult first = parts.get(0);
        for (LlmStepResult p : parts) {
            if (!p.step.equals(first.step) || !p.slo.equals(first.slo)) {
                throw new IllegalArgumentException("parts must be one step under one SLO, had " + first.name() + " "
                        + first.slo + " and " + p.name() + " " + p.slo);
            }
            if (p.window == null || first.window == null || p.window.measuredSec() != first.window.measuredSec()) {
                throw new IllegalArgumentException("parts must share one measured window length, had "
                        + (first.window == null ? null : first.window.measuredSec()) + " s and "
                        + (p.window == null ? null : p.window.measuredSec()) + " s");
            }
        }
        java.util.Map<RequestTimeline.Failure, Long> failures = new java.util.EnumMap<>(RequestTimeline.Failure.class);
        java.util.Map<RequestTimeline.Failure, List<String>> examples =
                new java.util.EnumMap<>(RequestTimeline.Failure.class);
        long[] sum = new long[15];
        double offered = 0, completed = 0, chunks = 0, goodput = 0;
        Double tokens = 0.0;
        TransportShare share = TransportShare.UNKNOWN;
        List<String> reasons = new java.util.ArrayList<>();
        java.util.Map<String, String> waived = new java.util.LinkedHashMap<>();
        double cpuPerEvent = -1, cpuUtil = -1;
        ServerObserved server = ServerObserved.UNOBSERVED;
        for (int i = 0; i < parts.size(); i++) {
            LlmStepResult p = parts.get(i);
            LlmCounts c = p.counts;
            long[] v = {c.scheduled(), c.sent(), c.completed(), c.failed(), c.unfinished(), c.resumes(),
                    c.resumedRequests(), c.outputTokens(), c.contentChunks(), c.tokensFromUsage(),
                    c.tokensFromEvents(), c.tokensUnknown(), c.tokenCountMismatches(), c.sloMet(), c.sloUnknown()};
            for (int k = 0; k < v.length; k++) {
                sum[k] += v[k];
            }
            c.failures().forEach((kind, n) -> failures.merge(kind, n, Long::sum));
            c.failureExamples().forEach((kind, ex) -> {
                List<String> all = examples.computeIfAbsent(kind, x -> new java.util.ArrayList<>());
                for (String e : ex) {
                    if (all.size() < LlmStepAggregator.EXAMPLES_PER_KIND) {
                        all.add(e);
                    }
                }
            });
            offered += p.rates.offeredPerSec();
            completed += p.rates.completedPerSec();
            chunks += p.rates.contentChunksPerSec();
            goodput += p.rates.goodputPerSec() == null ? 0 : p.rates.goodputPerSec();
            tokens = tokens == null || p.rates.outputTokensPerSec() == null ? null
                    : tokens + p.rates.outputTokensPerSec();
            share = share.plus(p.transportShare);
            for (String r : p.invalidReasons) {
                reasons.add("part " + (i + 1) + ": " + r);
            }
            waived.putAll(p.waivedRules);
            cpuPerEvent = Math.max(cpuPerEvent, p.client.cpuUsPerEvent());
            cpuUtil = Math.max(cpuUtil, p.client.cpuUtilization());
            if (!server.observed() && p.server.observed()) {
                server = p.server;
            }
        }
        LlmCounts counts = new LlmCounts(sum[0], sum[1], sum[2], sum[3], sum[4], failures, examples, sum[5], sum[6],
                sum[7], sum[8], sum[9], sum[10], sum[11], sum[12], sum[13], sum[14]);
        LlmRates rates = new LlmRates(offered, completed, tokens, chunks, first.slo.isEmpty() ? null : goodput);
        ClientOverhead client = new ClientOverhead(cpuPerEvent, cpuUtil, LatencyFigures.merge(parts.stream()
                .map(p -> p.client.sendLagUs()).toList()), java.util.Map.of("mergedFrom", parts.size()));
        return new LlmStepResult(first.step, reasons.isEmpty(), reasons, waived, first.window, first.slo, counts,
                rates, LlmLatencies.merge(parts.stream().map(LlmStepResult::latency).toList()), share, client, server,
                java.util.Map.of("mergedFrom", parts.size()));
    }

    /** A copy with other validity (the orchestrator may add reasons after the step, e.g. from the server). */
    public LlmStepResult withValidity(List<String> reasons, Map<String, String> waived) {
        return new LlmStepResult(step, reasons.isEmpty(), reasons, waived, window, slo, counts, rates, latency,
                transportShare, client, server, extensions);
    }
}
