package io.pushbench.reports.llm;

import io.pushbench.analysis.llm.ClientOverhead;
import io.pushbench.analysis.llm.LatencyFigures;
import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmResultsIO;
import io.pushbench.analysis.llm.LlmStepAggregator;
import io.pushbench.analysis.llm.LlmStepId;
import io.pushbench.analysis.llm.LlmStepResult;
import io.pushbench.analysis.llm.LoadMode;
import io.pushbench.analysis.llm.RequestTimeline;
import io.pushbench.analysis.llm.ServerObserved;
import io.pushbench.analysis.llm.Slo;
import io.pushbench.analysis.llm.StepContext;
import io.pushbench.analysis.llm.StepWindow;
import io.pushbench.analysis.results.Environment;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The checked-in LLM fixture {@code fixtures/llm-2x/llm-results.json}: synthetic request timelines, seeded, through
 * the real {@link LlmStepAggregator}, so the report is tested on exactly what {@code pushbench llm} writes. Three
 * arms (SSE chat, SSE responses, WS responses) at 2 and 8 req/s, 2 repeats each; at 8 req/s the model's batch is
 * full, so TTFT queues and decode slows; a few failures of several kinds; one invalid step, one waived rule.
 * Rewrite with {@code -Dpushbench.regenerateFixtures=llm-2x} and review the golden diffs.
 */
class LlmFixture {
    static final String NAME = "llm-2x";
    static final StepWindow WINDOW = new StepWindow("2026-11-30T14:00:00Z", 5, 20, 30);

    static Path dir() {
        return Path.of("src/test/resources/fixtures").resolve(NAME);
    }

    @Test
    @EnabledIfSystemProperty(named = "pushbench.regenerateFixtures", matches = "(.*,)?(true|llm-2x)(,.*)?")
    void regenerate() throws IOException {
        LlmResultsIO.write(dir().resolve(LlmResults.FILE_NAME), results());
    }

    static LlmResults results() {
        Slo slo = new Slo(400.0, 40.0, null, null);
        List<LlmStepResult> steps = new ArrayList<>();
        long seed = 13;
        for (int repeat = 1; repeat <= 2; repeat++) {
            for (double load : new double[]{2, 8}) {
                steps.add(step(Transport.SSE, LlmContract.Api.CHAT, load, repeat, slo, seed++));
                steps.add(step(Transport.SSE, LlmContract.Api.RESPONSES, load, repeat, slo, seed++));
                steps.add(step(Transport.WS, LlmContract.Api.RESPONSES, load, repeat, slo, seed++));
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("rates", "2,8");
        config.put("repeats", 2);
        config.put("sloTtftMs", 400);
        config.put("sloTpotMs", 40);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", LlmContract.SIMULATED_MODEL);
        model.put("ttft", "normal(150 ms, 20 ms) + queue");
        model.put("perToken", "20 ms × (1 + 0.1 × batch)");
        model.put("tokensPerChunk", 2);
        model.put("outputTokens", "uniform(40, 80)");
        model.put("batchLimit", 8);
        Environment env = new Environment("AMD EPYC 7B13", 2, "Debian GNU/Linux 12", "6.1.0", "25+36",
                "Eclipse Adoptium", List.of("-Xmx1g"), "12.1.14", null, "0123abc", "host", Map.of());
        Map<String, Object> calibration = new LinkedHashMap<>();
        calibration.put("loopbackFloorP50Us", 38.0);
        calibration.put("loopbackFloorP99Us", 95.0);
        return LlmResults.of(true, config, env, calibration, model, steps);
    }

    private static LlmStepResult step(Transport t, LlmContract.Api api, double load, int repeat, Slo slo, long seed) {
        LlmStepId id = new LlmStepId(t, Protocol.H1, api, LoadMode.RATE, load, repeat);
        LlmStepAggregator agg = new LlmStepAggregator(id, slo);
        Random rnd = new Random(seed);
        int requests = (int) (load * WINDOW.measuredSec());
        double busy = load >= 8 ? 1 : 0;   // at 8 req/s the batch is full: queueing before the first token
        double transportMs = t == Transport.WS ? 0.25 : 0.32;
        Histogram sendLag = LatencyFigures.newHistogram();
        for (int i = 0; i < requests; i++) {
            long scheduled = 10_000_000_000L + Math.round(i * 1e9 / load);
            RequestTimeline r = new RequestTimeline(i, scheduled);
            double clock = 0.05 + rnd.nextDouble() * 0.1;   // ms after the schedule
            sendLag.recordValue(LatencyFigures.toMicros(clock * 1e6));
            r.sent(scheduled + ns(clock));
            double ttft = 150 + rnd.nextGaussian() * 20 + busy * (60 + rnd.nextDouble() * 300);
            double perToken = 20 * (1 + 0.1 * (busy * 8 + 2)) + rnd.nextGaussian();
            int tokens = 40 + rnd.nextInt(41);
            // the response starts (headers, response.created); chat's role-only first chunk is an empty event
            double emit = ttft - 2;
            r.started(scheduled + ns(emit + transportMs));
            if (api == LlmContract.Api.CHAT) {
                r.chunk(scheduled + ns(emit + delay(rnd, transportMs)), 0, false, scheduled + ns(emit));
            }
            boolean fail = rnd.nextDouble() < (busy > 0 && t == Transport.WS ? 0.06 : 0.02);
            double at = ttft;
            int sentTokens = 0;
            boolean failed = false;
            while (sentTokens < tokens) {
                int k = Math.min(2, tokens - sentTokens);
                if (sentTokens > 0) {
                    at += perToken * k;   // a chunk leaves when its last token is decoded
                }
                r.chunk(scheduled + ns(at + delay(rnd, transportMs)), k, true, scheduled + ns(at));
                sentTokens += k;
                if (fail && sentTokens >= tokens / 2) {
                    RequestTimeline.Failure kind = t == Transport.WS ? RequestTimeline.Failure.CLOSED_EARLY
                            : (i % 2 == 0 ? RequestTimeline.Failure.TIMEOUT : RequestTimeline.Failure.NO_DONE);
                    r.failed(scheduled + ns(at + 5), kind, kind == RequestTimeline.Failure.CLOSED_EARLY
                            ? "WebSocket closed 1006 after " + sentTokens + " tokens"
                            : kind == RequestTimeline.Failure.TIMEOUT ? "no event for 30 s" : "stream ended without [DONE]");
                    failed = true;
                    break;
                }
            }
            if (!failed) {
                // the usage chunk and [DONE], or response.completed: usage and the end, not events
                r.usage(100 + rnd.nextInt(200), tokens);
                r.completed(scheduled + ns(at + 0.2 + transportMs));
            }
            agg.add(r);
        }
        StepContext ctx = StepContext.of(WINDOW)
                .withClient(new ClientOverhead(t == Transport.WS ? 3.1 : 3.6, busy > 0 ? 0.42 : 0.12,
                        LatencyFigures.of(sendLag), Map.of("gcCount", 2)))
                .withServer(new ServerObserved(true, busy > 0 ? 0.61 : 0.18, t == Transport.WS ? 9.5 : 11.2, Map.of()));
        if (t == Transport.WS && load == 8 && repeat == 2) {
            ctx = ctx.withInvalid("client CPU 0.91 of its cores (limit 0.85)");
        }
        if (t == Transport.SSE && api == LlmContract.Api.CHAT && load == 2 && repeat == 1) {
            ctx = ctx.withWaived("client-cpu", "--allow-busy-client: a shared CI runner");
        }
        return agg.result(ctx);
    }

    private static double delay(Random rnd, double meanMs) {
        return meanMs * (0.6 + 0.8 * rnd.nextDouble());
    }

    private static long ns(double ms) {
        return Math.round(ms * 1e6);
    }
}
