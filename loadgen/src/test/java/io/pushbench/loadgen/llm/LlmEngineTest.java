package io.pushbench.loadgen.llm;

import io.pushbench.analysis.llm.RequestTimeline;
import io.pushbench.analysis.llm.RequestTimeline.Failure;
import io.pushbench.loadgen.core.ProcessProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's scheduling on fake clients: open loop on an injected clock, closed loop and timeouts in real time. */
class LlmEngineTest {
    private static final long MS = 1_000_000L;
    private static final RequestSource SOURCE = RequestSource.synthetic("const:4", "const:8", 1);

    /** A clock that jumps to the instant slept until. */
    static final class FakePacer implements Pacer {
        final AtomicLong now = new AtomicLong(1_000 * MS);

        @Override
        public void sleepUntil(long deadlineNs) {
            now.accumulateAndGet(deadlineNs, Math::max);
        }

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public long epochMicros() {
            return now.get() / 1000;
        }

        void advance(long ns) {
            now.addAndGet(ns);
        }
    }

    /** A client that runs {@code body} on each exchange. */
    record FakeClient(Consumer<Exchange> body, AtomicLong counter) implements LlmClient {
        FakeClient(Consumer<Exchange> body) {
            this(body, new AtomicLong());
        }

        @Override
        public void start(Exchange x) {
            body.accept(x);
        }

        @Override
        public long events() {
            return counter.get();
        }

        @Override
        public String describe() {
            return "fake";
        }

        @Override
        public void close() {
        }
    }

    @Test
    @Timeout(20)
    void aSlowClientDoesNotHideLatency() throws Exception {
        FakePacer pacer = new FakePacer();
        // each send costs the client 30 ms, the answer 10 ms more: at 100 req/s it falls further behind each request
        FakeClient slow = new FakeClient(x -> {
            pacer.advance(30 * MS);
            x.sent(pacer.nanoTime());
            x.started(pacer.nanoTime());
            pacer.advance(10 * MS);
            x.chunk(pacer.nanoTime(), 8, true, RequestTimeline.NO_EMIT);
            x.complete(pacer.nanoTime());
        });
        long t0 = pacer.nanoTime();
        LlmStepPlan plan = new LlmStepPlan(new LlmLoad.Open(Arrivals.Kind.CONSTANT, 100, 1), Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));
        LlmStepRun run = new LlmEngine(pacer, ProcessProbe.system()).run(plan, slow, SOURCE);

        List<RequestTimeline> m = run.measured();
        assertThat(m).hasSize(99);      // arrivals at 10, 20, ... 990 ms
        for (int k = 0; k < m.size(); k++) {
            RequestTimeline t = m.get(k);
            assertThat(t.id()).isEqualTo(k);
            assertThat(t.scheduledNs()).isEqualTo(t0 + (k + 1) * 10 * MS);   // the arrival instant, not the send
            assertThat(t.isCompleted()).isTrue();
        }
        // request k waits for the k before it: from its scheduled instant (k+1) x 10 ms, it ends at
        // 10 + (k+1) x 40 ms, so end-to-end grows by 30 ms a request instead of staying at the 40 ms of one request
        RequestTimeline last = m.get(98);
        assertThat(last.endNs() - last.scheduledNs()).isEqualTo((10 + 99 * 30) * MS);
        assertThat(run.overhead().sendLagP99Us()).isGreaterThan(ClientCost.MAX_SEND_LAG_P99_US);
        assertThat(run.invalidReasons()).anyMatch(r -> r.startsWith("load generator late: p99 send lag"));
    }

    @Test
    @Timeout(20)
    void poissonScheduleIsTheSameForEveryClient() throws Exception {
        LlmStepPlan plan = new LlmStepPlan(new LlmLoad.Open(Arrivals.Kind.POISSON, 50, 7), Duration.ofMillis(200),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
        long[][] schedules = new long[2][];
        for (int i = 0; i < 2; i++) {
            FakePacer pacer = new FakePacer();
            long delay = i == 0 ? 1 * MS : 25 * MS;     // a fast and a slow server
            FakeClient c = new FakeClient(x -> {
                x.sent(pacer.nanoTime());
                pacer.advance(delay);
                x.complete(pacer.nanoTime());
            });
            LlmStepRun run = new LlmEngine(pacer, ProcessProbe.system()).run(plan, c, SOURCE);
            long t0 = 1_000 * MS;
            schedules[i] = run.measured().stream().mapToLong(t -> t.scheduledNs() - t0).toArray();
            assertThat(run.measured()).allMatch(t -> t.scheduledNs() >= t0 + 200 * MS
                    && t.scheduledNs() < t0 + 2200 * MS);
        }
        assertThat(schedules[0]).hasSizeBetween(70, 130).isEqualTo(schedules[1]);
    }

    @Test
    @Timeout(30)
    void closedLoopNeverExceedsItsClientsAndSchedulesAtThePreviousEnd() throws Exception {
        ScheduledExecutorService server = Executors.newScheduledThreadPool(2);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<Long> ends = ConcurrentHashMap.newKeySet();
        try {
            FakeClient c = new FakeClient(x -> {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                x.sent(System.nanoTime());
                server.schedule(() -> {
                    inFlight.decrementAndGet();
                    long end = System.nanoTime();
                    ends.add(end);
                    x.complete(end);
                }, 20, TimeUnit.MILLISECONDS);
            });
            LlmStepPlan plan = new LlmStepPlan(new LlmLoad.Closed(3), Duration.ofMillis(100), Duration.ofMillis(600),
                    Duration.ofSeconds(5), Duration.ofSeconds(5));
            LlmStepRun run = new LlmEngine(Pacer.system(), ProcessProbe.system()).run(plan, c, SOURCE);
            assertThat(most.get()).isEqualTo(3);
            assertThat(run.maxInFlight()).isLessThanOrEqualTo(3);
            assertThat(run.measured()).hasSizeBetween(45, 95).allMatch(RequestTimeline::isCompleted);
            // every measured request was scheduled at the instant another one ended
            assertThat(run.measured()).allMatch(t -> ends.contains(t.scheduledNs()));
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    @Timeout(30)
    void silentRequestsTimeOutAndTheDrainIsBounded() throws Exception {
        FakeClient silent = new FakeClient(x -> x.sent(System.nanoTime()));
        LlmStepPlan plan = new LlmStepPlan(new LlmLoad.Open(Arrivals.Kind.CONSTANT, 20, 1), Duration.ZERO,
                Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMillis(300));
        long start = System.nanoTime();
        LlmStepRun run = new LlmEngine(Pacer.system(), ProcessProbe.system()).run(plan, silent, SOURCE);
        assertThat(run.measured()).hasSize(9).allSatisfy(t -> {
            assertThat(t.failure()).isEqualTo(Failure.TIMEOUT);
            assertThat(t.failureDetail()).isEqualTo("no event for 300 ms");
            assertThat(t.endNs() - t.sentNs()).isBetween(300 * MS, 600 * MS);
        });
        assertThat(System.nanoTime() - start).isLessThan(3_000 * MS);

        // a drain limit shorter than the idle limit: what is left fails at the limit
        plan = new LlmStepPlan(new LlmLoad.Open(Arrivals.Kind.CONSTANT, 20, 1), Duration.ZERO,
                Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(30));
        run = new LlmEngine(Pacer.system(), ProcessProbe.system()).run(plan, silent, SOURCE);
        assertThat(run.measured()).hasSize(9).allMatch(t -> t.failure() == Failure.TIMEOUT
                && t.failureDetail().startsWith("still in flight at the step's drain limit"));
        assertThat(run.drainedNs()).isBetween(150 * MS, 500 * MS);
    }
}
