package io.pushbench.analysis.llm;

import org.junit.jupiter.api.Test;

import static io.pushbench.analysis.llm.Timelines.at;
import static io.pushbench.analysis.llm.Timelines.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every per-request definition on hand-built timelines, one edge case at a time. */
class LlmMetricsTest {
    @Test
    void severalTokensPerChunkAfterAnEmptyFirstChunk() {
        LlmMetrics m = LlmMetrics.of(Timelines.reference(1));

        assertThat(m.completed()).isTrue();
        assertThat(m.clientQueueNs()).hasValue(ms(2));
        // vLLM's TTFT is the empty role chunk; ours is the first content
        assertThat(m.firstEventNs()).hasValue(ms(50));
        assertThat(m.ttftNs()).hasValue(ms(100));
        assertThat(m.e2eNs()).hasValue(ms(162));
        assertThat(m.events()).isEqualTo(5);
        assertThat(m.contentChunks()).isEqualTo(3);
        // the first content event is excluded; the last, empty event is no content
        assertThat(m.itlGapsNs()).containsExactly(ms(30), ms(30));
        assertThat(m.itlGapTokens()).containsExactly(3, 1);
        assertThat(m.itlPerTokenKnown()).isTrue();
        assertThat(m.maxItlGapNs()).hasValue(ms(30));
        assertThat(m.outputTokens()).isEqualTo(6);
        assertThat(m.tokenSource()).isEqualTo(TokenSource.USAGE);
        assertThat(m.eventTokens()).isEqualTo(6);
        assertThat(m.tokenCountsDisagree()).isFalse();
        // (160 − 100) / (6 − 1)
        assertThat(m.tpotNs()).hasValue(ms(12));
    }

    @Test
    void transportDelaysAndShares() {
        LlmMetrics m = LlmMetrics.of(Timelines.reference(1));

        assertThat(m.transportDelaysNs()).containsExactly(ms(1), ms(2), ms(1), ms(1), ms(0.5));
        assertThat(m.ttftTransportNs()).hasValue(ms(2));
        assertThat(m.ttftTransportShare().getAsDouble()).isCloseTo(2.0 / 100, within(1e-12));
        assertThat(m.e2eTransportNs()).hasValue(ms(0.5));
        assertThat(m.e2eTransportShare().getAsDouble()).isCloseTo(0.5 / 162, within(1e-12));
    }

    @Test
    void missingUsageCountsTheEventsTokensWhenEveryContentEventStatesThem() {
        RequestTimeline t = new RequestTimeline(2, at(0));
        t.sent(at(0));
        t.chunk(at(10), 0, false, RequestTimeline.NO_EMIT);
        t.chunk(at(20), 4, true, RequestTimeline.NO_EMIT);
        t.chunk(at(40), 4, true, RequestTimeline.NO_EMIT);
        t.completed(at(41));
        LlmMetrics m = LlmMetrics.of(t);

        assertThat(m.tokenSource()).isEqualTo(TokenSource.EVENTS);
        assertThat(m.outputTokens()).isEqualTo(8);
        assertThat(m.tpotNs()).hasValue(ms(20) / 7);
    }

    @Test
    void unknownTokensLeaveOnlyChunks() {
        RequestTimeline t = new RequestTimeline(3, at(0));
        t.sent(at(0));
        t.chunk(at(20), RequestTimeline.TOKENS_UNKNOWN, true, RequestTimeline.NO_EMIT);
        t.chunk(at(30), 2, true, RequestTimeline.NO_EMIT);   // one event stating is not enough
        t.chunk(at(45), RequestTimeline.TOKENS_UNKNOWN, true, RequestTimeline.NO_EMIT);
        t.completed(at(46));
        LlmMetrics m = LlmMetrics.of(t);

        assertThat(m.tokenSource()).isEqualTo(TokenSource.UNKNOWN);
        assertThat(m.outputTokens()).isEqualTo(-1);
        assertThat(m.eventTokens()).isEqualTo(-1);
        assertThat(m.contentChunks()).isEqualTo(3);
        assertThat(m.tpotNs()).isEmpty();
        assertThat(m.itlPerTokenKnown()).isFalse();
        // per-chunk gaps need no token count
        assertThat(m.itlGapsNs()).containsExactly(ms(10), ms(15));
    }

    @Test
    void usageDisagreeingWithTheEventsIsFlaggedAndUsageWins() {
        RequestTimeline t = Timelines.oneTokenChunks(4, 0, 10, 20, 30);
        t.usage(5, 4);
        LlmMetrics m = LlmMetrics.of(t);

        assertThat(m.outputTokens()).isEqualTo(4);
        assertThat(m.eventTokens()).isEqualTo(3);
        assertThat(m.tokenCountsDisagree()).isTrue();
    }

    @Test
    void aSingleTokenHasNoInterTokenFigures() {
        RequestTimeline t = Timelines.oneTokenChunks(5, 0, 25);
        t.usage(3, 1);
        LlmMetrics m = LlmMetrics.of(t);

        assertThat(m.ttftNs()).hasValue(ms(25));
        assertThat(m.itlGapsNs()).isEmpty();
        assertThat(m.maxItlGapNs()).isEmpty();
        assertThat(m.tpotNs()).isEmpty();
        assertThat(new Slo(null, 1.0, 1.0, null).judge(m)).isEqualTo(Slo.Outcome.MET);
    }

    @Test
    void allTokensInOneChunkGiveZeroTpot() {
        RequestTimeline t = new RequestTimeline(6, at(0));
        t.chunk(at(30), 5, true, RequestTimeline.NO_EMIT);
        t.completed(at(31));
        LlmMetrics m = LlmMetrics.of(t);

        assertThat(m.outputTokens()).isEqualTo(5);
        assertThat(m.tpotNs()).hasValue(0);
        assertThat(m.sent()).isFalse();
        assertThat(m.clientQueueNs()).isEmpty();
    }

    @Test
    void aFailureKeepsWhatArrivedButHasNoEndToEnd() {
        RequestTimeline t = new RequestTimeline(7, at(0));
        t.sent(at(1));
        t.chunk(at(60), 1, true, at(59));
        t.failed(at(90), RequestTimeline.Failure.CLOSED_EARLY, "connection reset");
        t.completed(at(95));   // too late: the first end wins
        LlmMetrics m = LlmMetrics.of(t);

        assertThat(m.completed()).isFalse();
        assertThat(m.ended()).isTrue();
        assertThat(m.failure()).isEqualTo(RequestTimeline.Failure.CLOSED_EARLY);
        assertThat(m.failureDetail()).isEqualTo("connection reset");
        assertThat(m.ttftNs()).hasValue(ms(60));
        assertThat(m.e2eNs()).isEmpty();
        assertThat(m.e2eTransportNs()).isEmpty();
        assertThat(new Slo(1000.0, null, null, null).judge(m)).isEqualTo(Slo.Outcome.MISSED);
    }

    @Test
    void noEmitTimesLeaveTheTransportUnknown() {
        LlmMetrics m = LlmMetrics.of(Timelines.oneTokenChunks(8, 0, 10, 20));

        assertThat(m.transportDelaysNs()).isEmpty();
        assertThat(m.ttftTransportNs()).isEmpty();
        assertThat(m.ttftTransportShare()).isEmpty();
        assertThat(m.e2eTransportShare()).isEmpty();
    }

    @Test
    void aRequestWithoutContentHasNoTtftButAFirstEvent() {
        RequestTimeline t = new RequestTimeline(9, at(0));
        t.sent(at(0));
        t.chunk(at(15), 0, false, RequestTimeline.NO_EMIT);
        t.completed(at(16));
        LlmMetrics m = LlmMetrics.of(t);

        assertThat(m.firstEventNs()).hasValue(ms(15));
        assertThat(m.ttftNs()).isEmpty();
        assertThat(m.outputTokens()).isZero();
        assertThat(m.tokenSource()).isEqualTo(TokenSource.EVENTS);   // no content event: the (empty) sum is 0
        assertThat(new Slo(100.0, null, null, null).judge(m)).isEqualTo(Slo.Outcome.MISSED);
    }

    @Test
    void latenciesRunFromTheScheduledArrivalNotTheSend() {
        // the client sent 400 ms late (a full concurrency slot): every latency carries the wait
        RequestTimeline t = new RequestTimeline(10, at(0));
        t.sent(at(400));
        t.chunk(at(450), 1, true, RequestTimeline.NO_EMIT);
        t.completed(at(451));
        LlmMetrics m = LlmMetrics.of(t);

        assertThat(m.clientQueueNs()).hasValue(ms(400));
        assertThat(m.ttftNs()).hasValue(ms(450));
        assertThat(m.e2eNs()).hasValue(ms(451));
    }

    @Test
    void sloObjectivesEachAndTogether() {
        LlmMetrics m = LlmMetrics.of(Timelines.reference(1));   // TTFT 100, TPOT 12, max gap 30, E2E 162 ms

        assertThat(Slo.NONE.isEmpty()).isTrue();
        assertThat(new Slo(100.0, null, null, null).judge(m)).isEqualTo(Slo.Outcome.MET);
        assertThat(new Slo(99.0, null, null, null).judge(m)).isEqualTo(Slo.Outcome.MISSED);
        assertThat(new Slo(null, 12.0, null, null).judge(m)).isEqualTo(Slo.Outcome.MET);
        assertThat(new Slo(null, 11.9, null, null).judge(m)).isEqualTo(Slo.Outcome.MISSED);
        assertThat(new Slo(null, null, 29.0, null).judge(m)).isEqualTo(Slo.Outcome.MISSED);
        assertThat(new Slo(null, null, null, 162.0).judge(m)).isEqualTo(Slo.Outcome.MET);
        assertThat(new Slo(200.0, 20.0, 30.0, 161.0).judge(m)).isEqualTo(Slo.Outcome.MISSED);
        assertThat(new Slo(200.0, 20.0, 30.0, 200.0).judge(m)).isEqualTo(Slo.Outcome.MET);

        RequestTimeline unknown = new RequestTimeline(2, at(0));
        unknown.chunk(at(10), RequestTimeline.TOKENS_UNKNOWN, true, RequestTimeline.NO_EMIT);
        unknown.chunk(at(20), RequestTimeline.TOKENS_UNKNOWN, true, RequestTimeline.NO_EMIT);
        unknown.completed(at(21));
        assertThat(new Slo(null, 50.0, null, null).judge(LlmMetrics.of(unknown))).isEqualTo(Slo.Outcome.UNKNOWN);
    }
}
