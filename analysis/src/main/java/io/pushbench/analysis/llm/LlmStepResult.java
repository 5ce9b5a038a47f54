package io.pushbench.analysis.llm;

import com.fasterxml.jackson.annotation.JsonProperty;

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
 * {@link Distribution} make the step mergeable ({@link LlmLatencies#merge(List)}).
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

    /** A copy with other validity (the orchestrator may add reasons after the step, e.g. from the server). */
    public LlmStepResult withValidity(List<String> reasons, Map<String, String> waived) {
        return new LlmStepResult(step, reasons.isEmpty(), reasons, waived, window, slo, counts, rates, latency,
                transportShare, client, server, extensions);
    }
}
