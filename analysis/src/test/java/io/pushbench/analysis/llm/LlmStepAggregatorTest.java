package io.pushbench.analysis.llm;

import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pushbench.analysis.llm.Timelines.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/** One step's aggregation: counts add up, rates are per second of window, goodput follows the SLOs. */
class LlmStepAggregatorTest {
    static final LlmStepId STEP = new LlmStepId(Transport.SSE, Protocol.H1, LlmContract.Api.CHAT, LoadMode.RATE, 2, 1);
    static final StepWindow WINDOW = new StepWindow("2026-11-30T14:00:00Z", 5, 10, 30);

    @Test
    void countsRatesAndHistograms() {
        LlmStepAggregator agg = new LlmStepAggregator(STEP, new Slo(120.0, null, null, null));
        agg.add(Timelines.reference(1));                                  // TTFT 100 ms: meets
        agg.add(Timelines.reference(2));
        RequestTimeline slow = Timelines.oneTokenChunks(3, 0, 200, 210);  // TTFT 200 ms: misses
        slow.usage(1, 2);
        agg.add(slow);
        RequestTimeline reset = new RequestTimeline(4, at(0));
        reset.sent(at(1));
        reset.chunk(at(50), 1, true, at(49));
        reset.failed(at(80), RequestTimeline.Failure.CLOSED_EARLY, "connection reset by peer");
        agg.add(reset);
        RequestTimeline refused = new RequestTimeline(5, at(0));
        refused.failed(at(3), RequestTimeline.Failure.CONNECT, null);
        agg.add(refused);
        RequestTimeline resumed = Timelines.oneTokenChunks(6, 0, 90, 100);
        resumed.resumed();
        agg.add(resumed);

        LlmStepResult r = agg.result(StepContext.of(WINDOW));
        LlmCounts c = r.counts();
        assertThat(c.scheduled()).isEqualTo(6);
        assertThat(c.sent()).isEqualTo(5);
        assertThat(c.completed()).isEqualTo(4);
        assertThat(c.failed()).isEqualTo(2);
        assertThat(c.unfinished()).isZero();
        assertThat(c.failures()).containsExactly(Map.entry(RequestTimeline.Failure.CONNECT, 1L),
                Map.entry(RequestTimeline.Failure.CLOSED_EARLY, 1L));
        assertThat(c.failureExamples().get(RequestTimeline.Failure.CLOSED_EARLY))
                .containsExactly("request 4: connection reset by peer");
        assertThat(c.failureExamples().get(RequestTimeline.Failure.CONNECT)).containsExactly("request 5: (no detail)");
        assertThat(c.resumes()).isEqualTo(1);
        assertThat(c.resumedRequests()).isEqualTo(1);
        assertThat(c.tokensFromUsage()).isEqualTo(3);
        assertThat(c.tokensFromEvents()).isEqualTo(1);
        assertThat(r.tokenSource()).isEqualTo("mixed");
        assertThat(c.outputTokens()).isEqualTo(6 + 6 + 2 + 2);
        assertThat(c.contentChunks()).isEqualTo(3 + 3 + 2 + 2);
        assertThat(c.sloMet()).isEqualTo(3);   // both references and the resumed one (TTFT 90 ms)

        assertThat(r.rates().offeredPerSec()).isEqualTo(0.6);
        assertThat(r.rates().completedPerSec()).isEqualTo(0.4);
        assertThat(r.rates().outputTokensPerSec()).isCloseTo(1.6, within(1e-12));
        assertThat(r.rates().contentChunksPerSec()).isEqualTo(1.0);
        assertThat(r.rates().goodputPerSec()).isCloseTo(0.3, within(1e-12));
        assertThat(r.valid()).isTrue();

        LlmLatencies l = r.latency();
        assertThat(l.ttftUs().count()).isEqualTo(4);   // completed only: the reset one's first token is not in
        assertThat(l.ttftUs().max()).isCloseTo(200_000, withinPercentage(0.1));
        assertThat(l.firstEventUs().p50()).isCloseTo(50_000, withinPercentage(0.1));
        assertThat(l.clientQueueUs().count()).isEqualTo(5);   // every request sent, the failed one too
        // per chunk: 2 gaps per reference, 1 per one-token request
        assertThat(l.itlPerChunkUs().count()).isEqualTo(2 + 2 + 1 + 1);
        // per token: the references' later events carry 3 + 1 tokens; the one-token requests 1 each
        assertThat(l.itlPerTokenUs().count()).isEqualTo(4 + 4 + 1 + 1);
        assertThat(l.itlPerTokenUs().p50()).isCloseTo(10_000, withinPercentage(0.1));
        assertThat(l.tpotUs().count()).isEqualTo(4);
        // transport: only the references carry emit times (5 events each)
        assertThat(l.transportDelayUs().count()).isEqualTo(10);
        assertThat(r.transportShare().ttft()).isCloseTo(0.02, within(1e-12));
        assertThat(r.transportShare().ttftRequests()).isEqualTo(2);
        assertThat(r.transportShare().e2e()).isCloseTo(0.5 / 162, within(1e-12));
    }

    @Test
    void unknownTokensLeaveTokenRateUnknownAndChunksCounted() {
        LlmStepAggregator agg = new LlmStepAggregator(STEP, Slo.NONE);
        RequestTimeline t = new RequestTimeline(1, at(0));
        t.chunk(at(10), RequestTimeline.TOKENS_UNKNOWN, true, RequestTimeline.NO_EMIT);
        t.chunk(at(20), RequestTimeline.TOKENS_UNKNOWN, true, RequestTimeline.NO_EMIT);
        t.completed(at(21));
        agg.add(t);

        LlmStepResult r = agg.result(StepContext.of(WINDOW));
        assertThat(r.tokenSource()).isEqualTo("unknown");
        assertThat(r.rates().outputTokensPerSec()).isNull();
        assertThat(r.rates().contentChunksPerSec()).isEqualTo(0.2);
        assertThat(r.rates().goodputPerSec()).as("no SLO given").isNull();
        assertThat(r.latency().itlPerTokenUs().isEmpty()).isTrue();
        assertThat(r.latency().tpotUs().isEmpty()).isTrue();
        assertThat(r.latency().itlPerChunkUs().count()).isEqualTo(1);
        assertThat(r.transportShare()).isEqualTo(TransportShare.UNKNOWN);
    }

    @Test
    void unfinishedRequestsMakeTheStepInvalidUnlessWaived() {
        LlmStepAggregator agg = new LlmStepAggregator(STEP, null);
        agg.add(Timelines.reference(1));
        RequestTimeline inFlight = new RequestTimeline(2, at(0));
        inFlight.sent(at(0));
        agg.add(inFlight);

        LlmStepResult r = agg.result(StepContext.of(WINDOW).withInvalid("client CPU 0.95 of its cores"));
        assertThat(r.counts().unfinished()).isEqualTo(1);
        assertThat(r.valid()).isFalse();
        assertThat(r.invalidReasons()).containsExactly("client CPU 0.95 of its cores",
                "1 of 2 requests scheduled in the window were still in flight when it was measured (drain 30.0 s):"
                        + " their latencies are missing");

        LlmStepResult waived = agg.result(StepContext.of(WINDOW)
                .withWaived(LlmStepAggregator.RULE_UNFINISHED, "bounded test run"));
        assertThat(waived.valid()).isTrue();
        assertThat(waived.waivedRules()).containsEntry("unfinished", "bounded test run");
    }

    @Test
    void anEmptyWindowIsInvalid() {
        LlmStepResult r = new LlmStepAggregator(STEP, null).result(StepContext.of(WINDOW));
        assertThat(r.valid()).isFalse();
        assertThat(r.invalidReasons()).containsExactly("no request was scheduled in the 10.0 s window");
        assertThat(r.latency().ttftUs()).isEqualTo(LatencyFigures.EMPTY);
    }

    @Test
    void failureExamplesAreFewPerKind() {
        LlmStepAggregator agg = new LlmStepAggregator(STEP, null);
        for (int i = 0; i < 10; i++) {
            RequestTimeline t = new RequestTimeline(i, at(0));
            t.failed(at(1), RequestTimeline.Failure.HTTP_STATUS, "503");
            agg.add(t);
        }
        LlmCounts c = agg.result(StepContext.of(WINDOW)).counts();
        assertThat(c.failures()).containsEntry(RequestTimeline.Failure.HTTP_STATUS, 10L);
        assertThat(c.failureExamples().get(RequestTimeline.Failure.HTTP_STATUS)).hasSize(3);
    }

    @Test
    void distributionsEncodeLosslesslyAndMerge() {
        Histogram a = LatencyFigures.newHistogram();
        Histogram b = LatencyFigures.newHistogram();
        for (int i = 1; i <= 1000; i++) {
            a.recordValue(i * 100L);
            b.recordValue(i * 1000L);
        }
        LatencyFigures da = LatencyFigures.of(a);
        assertThat(da.histogram()).isEqualTo(a);
        LatencyFigures merged = LatencyFigures.merge(List.of(da, LatencyFigures.of(b), LatencyFigures.EMPTY));
        Histogram both = LatencyFigures.newHistogram();
        both.add(a);
        both.add(b);
        assertThat(merged).isEqualTo(LatencyFigures.of(both));
        assertThat(merged.count()).isEqualTo(2000);
        assertThat(LatencyFigures.toMicros(-5)).isZero();
        assertThat(LatencyFigures.toMicros(1e18)).isEqualTo(LatencyFigures.HIGHEST_US);
        assertThatThrownBy(() -> new LatencyFigures(1, 1, 1, 1, 1, 1, 1, "bm90IGhkcg==").histogram())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt histogram");
    }

    @Test
    void hostsOfOneStepMergeAsIfOneAggregatorHadSeenEveryRequest() {
        Slo slo = new Slo(150.0, null, null, null);
        LlmStepAggregator one = new LlmStepAggregator(STEP, slo);
        LlmStepAggregator a = new LlmStepAggregator(STEP, slo);
        LlmStepAggregator b = new LlmStepAggregator(STEP, slo);
        for (int i = 0; i < 40; i++) {
            RequestTimeline t = i % 7 == 3 ? failed(i) : Timelines.reference(i);
            RequestTimeline twin = i % 7 == 3 ? failed(i) : Timelines.reference(i);
            if (i % 5 == 0) {
                t = Timelines.oneTokenChunks(i, 0, 170 + i, 200 + i);   // misses the SLO, no emit times
                twin = Timelines.oneTokenChunks(i, 0, 170 + i, 200 + i);
            }
            one.add(t);
            (i % 3 == 0 ? a : b).add(twin);
        }
        LlmStepResult whole = one.result(StepContext.of(WINDOW));
        LlmStepResult merged = LlmStepResult.merge(List.of(a.result(StepContext.of(WINDOW)),
                b.result(StepContext.of(WINDOW).withInvalid("host b: client CPU 0.9"))));

        assertThat(merged.counts()).usingRecursiveComparison().ignoringFields("failureExamples")
                .isEqualTo(whole.counts());
        assertThat(merged.latency()).isEqualTo(whole.latency());
        assertThat(merged.rates().completedPerSec()).isCloseTo(whole.rates().completedPerSec(), within(1e-9));
        assertThat(merged.rates().goodputPerSec()).isCloseTo(whole.rates().goodputPerSec(), within(1e-9));
        assertThat(merged.transportShare().ttft()).isCloseTo(whole.transportShare().ttft(), within(1e-12));
        assertThat(merged.transportShare().ttftRequests()).isEqualTo(whole.transportShare().ttftRequests());
        assertThat(merged.invalidReasons()).containsExactly("part 2: host b: client CPU 0.9");
        assertThat(merged.counts().failureExamples().get(RequestTimeline.Failure.TIMEOUT)).hasSize(3);

        LlmStepId other = new LlmStepId(Transport.SSE, Protocol.H1, LlmContract.Api.CHAT, LoadMode.RATE, 2, 2);
        assertThatThrownBy(() -> LlmStepResult.merge(List.of(whole,
                new LlmStepAggregator(other, slo).result(StepContext.of(WINDOW)))))
                .hasMessageStartingWith("parts must be one step under one SLO");
    }

    private static RequestTimeline failed(long id) {
        RequestTimeline t = new RequestTimeline(id, at(0));
        t.sent(at(0));
        t.failed(at(30_000), RequestTimeline.Failure.TIMEOUT, "no event for 30 s");
        return t;
    }

    @Test
    void stepIdentityIsChecked() {
        assertThat(STEP.name()).isEqualTo("sse-h1-chat-rate2-r1");
        assertThat(new LlmStepId(Transport.WS, Protocol.H2C, LlmContract.Api.RESPONSES, LoadMode.CONCURRENCY, 2.5, 3)
                .name()).isEqualTo("ws-h2c-responses-concurrency2.5-r3");
        assertThatThrownBy(() -> new LlmStepId(Transport.WS, Protocol.H1, LlmContract.Api.CHAT, LoadMode.RATE, 1, 1))
                .hasMessage("the chat completions API runs over SSE only, was ws");
        assertThatThrownBy(() -> new LlmStepId(Transport.SSE, Protocol.H1, LlmContract.Api.CHAT, LoadMode.RATE, 0, 1))
                .hasMessage("load must be a positive number, was 0.0");
        assertThatThrownBy(() -> new Slo(0.0, null, null, null))
                .hasMessage("ttftMs must be a positive number of ms or null, was 0.0");
    }
}
