package io.pushbench.server.llm;

import io.pushbench.wire.llm.Distribution;
import io.pushbench.wire.llm.LlmContract;
import io.pushbench.wire.llm.LlmContract.Api;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedModelTest {
    private static final long MS = 1_000_000L;

    /** A clock the test moves. */
    private static final class FakeClock implements io.pushbench.server.NanoClock {
        long now = 1_000 * MS;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    private static final class Recorder implements EventSink {
        final List<LlmEvent> events = new ArrayList<>();

        @Override
        public void offer(LlmEvent event) {
            events.add(event);
        }

        List<Long> emitOffsets(long from) {
            return events.stream().map(e -> (e.emitNs() - from) / MS).toList();
        }
    }

    private final FakeClock clock = new FakeClock();

    private static LlmConfig constant(long ttftMs, long itlMs, int outputTokens) {
        return LlmConfig.DEFAULT.withTtft(new Distribution.Const("const:" + ttftMs + "ms", ttftMs * MS))
                .withItl(new Distribution.Const("const:" + itlMs + "ms", itlMs * MS))
                .withOutputTokens(new Distribution.Const("const:" + outputTokens, outputTokens))
                .withBatchSlowdown(0);
    }

    private static ModelRequest request(Api api, int promptTokens, long seed) {
        return new ModelRequest(api, true, promptTokens, 0, false, seed, api == Api.CHAT, null, 0);
    }

    private Recorder submit(SimulatedModel model, LlmConfig cfg, ModelRequest r) {
        Recorder rec = new Recorder();
        Generation g = new Generation(r, LlmEvents.forApi(r.api()), cfg, r.seed());
        g.attach(rec, -1);
        model.submit(g);
        return rec;
    }

    /** Runs the model to quiescence, moving the clock to each step (expiry steps excluded by a horizon). */
    private void runUntil(SimulatedModel model, long horizonNs) {
        long next;
        while ((next = model.runDue()) != Long.MAX_VALUE && next <= horizonNs) {
            clock.now = Math.max(clock.now, next);
        }
    }

    @Test
    void ttftIsTheDrawPlusPrefillAndTokensFollowAtTheItl() {
        LlmConfig cfg = constant(100, 10, 5).withPrefillPerTokenNs(MS);
        SimulatedModel model = new SimulatedModel(cfg, clock, new LlmMetrics(), g -> { });
        long t0 = clock.now;
        Recorder r = submit(model, cfg, request(Api.RESPONSES, 10, 1));
        runUntil(model, t0 + 10_000 * MS);
        // created at arrival; 5 deltas from 100 + 10 x 1 ms, 10 ms apart; completed with the last token
        assertThat(r.events).extracting(LlmEvent::type).containsExactly(LlmContract.RESPONSE_CREATED,
                LlmContract.OUTPUT_TEXT_DELTA, LlmContract.OUTPUT_TEXT_DELTA, LlmContract.OUTPUT_TEXT_DELTA,
                LlmContract.OUTPUT_TEXT_DELTA, LlmContract.OUTPUT_TEXT_DELTA, LlmContract.RESPONSE_COMPLETED);
        assertThat(r.emitOffsets(t0)).containsExactly(0L, 110L, 120L, 130L, 140L, 150L, 150L);
        assertThat(r.events).extracting(LlmEvent::index).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(new String(r.events.get(6).json())).contains("\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}");
        assertThat(model.active()).isZero();
    }

    @Test
    void tokensPerChunkGroupsTokensAndTheLastChunkCarriesTheRest() {
        LlmConfig cfg = constant(50, 10, 5).withTokensPerChunk(2);
        SimulatedModel model = new SimulatedModel(cfg, clock, new LlmMetrics(), g -> { });
        long t0 = clock.now;
        Recorder r = submit(model, cfg, request(Api.CHAT, 3, 1));
        runUntil(model, t0 + 10_000 * MS);
        // role + content chunks at tokens 2, 4, 5 (60, 80, 90 ms), then finish, usage, [DONE]
        assertThat(r.events).extracting(LlmEvent::tokens).containsExactly(0, 2, 2, 1, 0, 0, 0);
        assertThat(r.emitOffsets(t0)).containsExactly(50L, 60L, 80L, 90L, 90L, 90L, 90L);
        assertThat(new String(r.events.get(0).json())).contains("\"delta\":{\"role\":\"assistant\",\"content\":\"\"}");
        assertThat(new String(r.events.get(4).json())).contains("\"finish_reason\":\"stop\"");
        assertThat(new String(r.events.get(5).json())).contains("\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5");
        assertThat(new String(r.events.get(6).sse())).isEqualTo("data: [DONE]\n\n");
        assertThat(r.events.get(6).terminal()).isTrue();
    }

    @Test
    void requestsBeyondTheBatchQueueAndTheirWaitIsPartOfTheTtft() {
        LlmConfig cfg = constant(100, 10, 3).withBatch(1);
        LlmMetrics metrics = new LlmMetrics();
        SimulatedModel model = new SimulatedModel(cfg, clock, metrics, g -> { });
        long t0 = clock.now;
        Recorder a = submit(model, cfg, request(Api.RESPONSES, 1, 1));
        Recorder b = submit(model, cfg, request(Api.RESPONSES, 1, 2));
        model.runDue();
        assertThat(model.active()).isEqualTo(1);
        assertThat(model.queued()).isEqualTo(1);
        runUntil(model, t0 + 10_000 * MS);
        assertThat(a.emitOffsets(t0)).containsExactly(0L, 100L, 110L, 120L, 120L);
        // b: created on arrival, admitted when a's last token frees the slot (120), first token 100 ms later
        assertThat(b.emitOffsets(t0)).containsExactly(0L, 220L, 230L, 240L, 240L);
        assertThat(metrics.started()).isEqualTo(2);
        assertThat(metrics.completed()).isEqualTo(2);
    }

    @Test
    void perTokenDelayGrowsWithTheBatch() {
        LlmConfig cfg = constant(100, 10, 3).withBatchSlowdown(0.5);
        SimulatedModel model = new SimulatedModel(cfg, clock, new LlmMetrics(), g -> { });
        long t0 = clock.now;
        Recorder a = submit(model, cfg, request(Api.RESPONSES, 1, 1));
        Recorder b = submit(model, cfg, request(Api.RESPONSES, 1, 2));
        runUntil(model, t0 + 10_000 * MS);
        // two generating: 10 ms x (1 + 0.5 x 1) = 15 ms between tokens
        assertThat(a.emitOffsets(t0)).containsExactly(0L, 100L, 115L, 130L, 130L);
        assertThat(b.emitOffsets(t0)).containsExactly(0L, 100L, 115L, 130L, 130L);
        // alone: 10 ms
        long t1 = clock.now;
        Recorder c = submit(model, cfg, request(Api.RESPONSES, 1, 3));
        runUntil(model, t1 + 10_000 * MS);
        assertThat(c.emitOffsets(t1)).containsExactly(0L, 100L, 110L, 120L, 120L);
    }

    @Test
    void theSameRequestSeedGivesTheSameTimingAndLength() {
        LlmConfig cfg = LlmConfig.DEFAULT.withBatchSlowdown(0);
        List<List<Long>> runs = new ArrayList<>();
        for (long seed : new long[]{7, 7, 8}) {
            SimulatedModel model = new SimulatedModel(cfg, clock, new LlmMetrics(), g -> { });
            long t0 = clock.now;
            Recorder r = submit(model, cfg, request(Api.RESPONSES, 5, seed));
            runUntil(model, t0 + 100_000 * MS);
            runs.add(r.events.stream().map(e -> e.emitNs() - t0).toList());
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        assertThat(runs.get(2)).isNotEqualTo(runs.get(0));
        // the defaults: TTFT within its bounds (60..240 ms), every gap within the ITL's (4..16 ms)
        List<Long> r = runs.get(0);
        assertThat(r.get(1)).isBetween(60 * MS, 240 * MS);
        for (int i = 2; i < r.size() - 1; i++) {
            assertThat(r.get(i) - r.get(i - 1)).isBetween(4 * MS, 16 * MS);
        }
        assertThat(r.size() - 2).isBetween(16, 256);
        // a different server seed changes it
        SimulatedModel other = new SimulatedModel(cfg.withSeed(2), clock, new LlmMetrics(), g -> { });
        long t0 = clock.now;
        Recorder o = submit(other, cfg.withSeed(2), request(Api.RESPONSES, 5, 7));
        runUntil(other, t0 + 100_000 * MS);
        assertThat(o.events.stream().map(e -> e.emitNs() - t0).toList()).isNotEqualTo(r);
    }

    @Test
    void ignoreEosGeneratesExactlyTheMaximumAndTheMaximumCapsTheDraw() {
        LlmConfig cfg = constant(1, 1, 50);
        SimulatedModel model = new SimulatedModel(cfg, clock, new LlmMetrics(), g -> { });
        Recorder exact = submit(model, cfg, new ModelRequest(Api.CHAT, true, 1, 80, true, 1L, false, null, 0));
        Recorder capped = submit(model, cfg, new ModelRequest(Api.CHAT, true, 1, 20, false, 2L, false, null, 0));
        runUntil(model, clock.now + 10_000 * MS);
        assertThat(exact.events.stream().mapToInt(LlmEvent::tokens).sum()).isEqualTo(80);
        assertThat(capped.events.stream().mapToInt(LlmEvent::tokens).sum()).isEqualTo(20);
        assertThat(new String(capped.events.get(capped.events.size() - 2).json())).contains("\"finish_reason\":\"length\"");
    }

    @Test
    void aCancelledChatFreesItsSlotAtItsNextStep() {
        LlmConfig cfg = constant(100, 10, 100).withBatch(1);
        SimulatedModel model = new SimulatedModel(cfg, clock, new LlmMetrics(), g -> { });
        long t0 = clock.now;
        ModelRequest r = request(Api.CHAT, 1, 1);
        Generation g = new Generation(r, LlmEvents.forApi(Api.CHAT), cfg, 1);
        model.submit(g);
        Recorder b = submit(model, cfg, request(Api.CHAT, 1, 2));
        clock.now = t0 + 105 * MS;
        model.runDue();
        g.cancel();
        runUntil(model, t0 + 100_000 * MS);
        // a's next token was due at 110: the slot frees there, b's first token 100 ms later
        assertThat(b.emitOffsets(t0).get(0)).isEqualTo(210L);
    }

    @Test
    void aResumeGetsTheEventsAfterItsLastOneThenTheLiveOnes() {
        LlmConfig cfg = constant(10, 10, 4);
        SimulatedModel model = new SimulatedModel(cfg, clock, new LlmMetrics(), g -> { });
        long t0 = clock.now;
        ModelRequest r = request(Api.RESPONSES, 1, 1);
        Generation g = new Generation(r, LlmEvents.forApi(Api.RESPONSES), cfg, 1);
        model.submit(g);
        clock.now = t0 + 25 * MS;
        model.runDue();                    // created, deltas 1 and 2 emitted
        Recorder late = new Recorder();
        g.attach(late, 1);
        runUntil(model, t0 + 1_000 * MS);
        assertThat(late.events).extracting(LlmEvent::index).containsExactly(2, 3, 4, 5);
    }
}
