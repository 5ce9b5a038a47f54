package io.pushbench.analysis.llm;

import io.pushbench.analysis.stats.Summary;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * SSE against WebSocket at each offered load: per transport the median over its valid repeats of each headline
 * figure, and the ratio WS / SSE of those medians (above 1: WebSocket slower). Derived from the steps by
 * {@link #of(List)}; {@link LlmResults#summary()}.
 *
 * <pre>{@code
 * LlmSummary s = LlmSummary.of(steps);
 * s.loads().get(0).wsOverSse().ttftP99();   // e.g. 0.98
 * }</pre>
 *
 * @param loads one row per API, protocol, load mode and load, in ascending load
 */
public record LlmSummary(List<LoadRow> loads) {
    public LlmSummary {
        loads = loads == null ? List.of() : List.copyOf(loads);
    }

    /**
     * One offered load. A transport without a valid repeat at this load has null figures; a ratio is null unless
     * both transports have the figure (the chat API runs over SSE only, so its rows have no WS figures).
     *
     * @param api           the API
     * @param protocol      the HTTP protocol
     * @param loadMode      rate or concurrency
     * @param load          the offered load
     * @param sseRepeats    SSE steps at this load (valid or not)
     * @param sseValid      of those, valid ones (the medians' inputs)
     * @param wsRepeats     WS steps at this load
     * @param wsValid       of those, valid ones
     * @param sseUs         SSE medians, µs
     * @param wsUs          WS medians, µs
     * @param wsOverSse     WS median / SSE median
     */
    public record LoadRow(LlmContract.Api api, Protocol protocol, LoadMode loadMode, double load, int sseRepeats,
                          int sseValid, int wsRepeats, int wsValid, Figures sseUs, Figures wsUs, Figures wsOverSse) {
    }

    /**
     * The headline figures: p50 and p99 of TTFT, ITL per chunk, ITL per token and end-to-end; null when unknown.
     */
    public record Figures(Double ttftP50, Double ttftP99, Double itlPerChunkP50, Double itlPerChunkP99,
                          Double itlPerTokenP50, Double itlPerTokenP99, Double e2eP50, Double e2eP99) {
        static final Figures NONE = new Figures(null, null, null, null, null, null, null, null);

        static Figures median(List<LlmStepResult> steps) {
            return new Figures(m(steps, l -> l.ttftUs().p50(), LlmLatencies::ttftUs),
                    m(steps, l -> l.ttftUs().p99(), LlmLatencies::ttftUs),
                    m(steps, l -> l.itlPerChunkUs().p50(), LlmLatencies::itlPerChunkUs),
                    m(steps, l -> l.itlPerChunkUs().p99(), LlmLatencies::itlPerChunkUs),
                    m(steps, l -> l.itlPerTokenUs().p50(), LlmLatencies::itlPerTokenUs),
                    m(steps, l -> l.itlPerTokenUs().p99(), LlmLatencies::itlPerTokenUs),
                    m(steps, l -> l.e2eUs().p50(), LlmLatencies::e2eUs),
                    m(steps, l -> l.e2eUs().p99(), LlmLatencies::e2eUs));
        }

        /** The median over steps that have the figure; null when none has it. */
        private static Double m(List<LlmStepResult> steps, Function<LlmLatencies, Double> value,
                                Function<LlmLatencies, LatencyFigures> figure) {
            double[] v = steps.stream().filter(s -> !figure.apply(s.latency()).isEmpty())
                    .mapToDouble(s -> value.apply(s.latency())).toArray();
            return v.length == 0 ? null : Summary.median(v);
        }

        static Figures ratio(Figures num, Figures den) {
            return new Figures(r(num.ttftP50, den.ttftP50), r(num.ttftP99, den.ttftP99),
                    r(num.itlPerChunkP50, den.itlPerChunkP50), r(num.itlPerChunkP99, den.itlPerChunkP99),
                    r(num.itlPerTokenP50, den.itlPerTokenP50), r(num.itlPerTokenP99, den.itlPerTokenP99),
                    r(num.e2eP50, den.e2eP50), r(num.e2eP99, den.e2eP99));
        }

        private static Double r(Double a, Double b) {
            return a == null || b == null || b <= 0 ? null : a / b;
        }
    }

    private record Key(LlmContract.Api api, Protocol protocol, LoadMode mode, double load) {
    }

    /** The summary of {@code steps}: medians over each transport's valid repeats at each load. */
    public static LlmSummary of(List<LlmStepResult> steps) {
        Map<Key, List<LlmStepResult>> byLoad = new LinkedHashMap<>();
        for (LlmStepResult s : steps) {
            LlmStepId id = s.step();
            byLoad.computeIfAbsent(new Key(id.api(), id.protocol(), id.loadMode(), id.load()),
                    k -> new ArrayList<>()).add(s);
        }
        List<LoadRow> rows = new ArrayList<>();
        for (Map.Entry<Key, List<LlmStepResult>> e : byLoad.entrySet()) {
            List<LlmStepResult> sse = of(e.getValue(), Transport.SSE);
            List<LlmStepResult> ws = of(e.getValue(), Transport.WS);
            List<LlmStepResult> sseValid = sse.stream().filter(LlmStepResult::valid).toList();
            List<LlmStepResult> wsValid = ws.stream().filter(LlmStepResult::valid).toList();
            Figures sf = sseValid.isEmpty() ? Figures.NONE : Figures.median(sseValid);
            Figures wf = wsValid.isEmpty() ? Figures.NONE : Figures.median(wsValid);
            Key k = e.getKey();
            rows.add(new LoadRow(k.api(), k.protocol(), k.mode(), k.load(), sse.size(), sseValid.size(), ws.size(),
                    wsValid.size(), sf, wf, Figures.ratio(wf, sf)));
        }
        rows.sort(Comparator.comparing((LoadRow r) -> r.api().key()).thenComparing(r -> r.protocol().key())
                .thenComparing(r -> r.loadMode().key()).thenComparingDouble(LoadRow::load));
        return new LlmSummary(rows);
    }

    private static List<LlmStepResult> of(List<LlmStepResult> steps, Transport t) {
        return steps.stream().filter(s -> s.step().transport() == t).toList();
    }
}
