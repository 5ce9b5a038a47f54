package io.pushbench.server.llm;

import io.pushbench.server.NanoClock;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The simulated model server's timing: a discrete-event simulation on an injected clock, in which every event's
 * emit instant is computed from the model (arrival, queueing, TTFT, per-token delays), never from when it is
 * actually written. {@link ModelThread} runs it in production; tests drive {@link #runDue()} with a fake clock.
 *
 * <p>The model, per request (draws from the request's own generator, see {@link Generation}):
 * <ul>
 *   <li>arrival A = the clock when {@link #submit} is called; the Responses API's {@code response.created} is
 *       emitted at A;</li>
 *   <li>admission S: at A when fewer than {@code batch} requests are generating, else FIFO when a slot frees (at
 *       the freeing request's last-token instant): the wait is part of the TTFT, as on a real server;</li>
 *   <li>first token at S + TTFT draw + prompt tokens × prefill-per-token (chat's role chunk goes out then, whatever the tokens per chunk, so a client timing the first chunk sees the first token's instant);</li>
 *   <li>each next token at the previous + ITL draw × (1 + batchSlowdown × (active − 1)), {@code active} counted
 *       when the previous token was produced, so load stretches decoding as batching does;</li>
 *   <li>a delta event every {@code tokensPerChunk} tokens (the last may carry fewer), at its last token's instant;
 *       the end events at the last token's instant, which frees the slot.</li>
 * </ul>
 * Steps run in order of their instant (ties: order of scheduling), so {@code active} at any step is what the model
 * says it is at that instant, however late the thread runs. A late thread shows as transport time (receive minus
 * {@code emit_ns}) on the client, never as model time.
 *
 * <pre>{@code
 * SimulatedModel model = new SimulatedModel(config, clock, metrics, expired -> registry.remove(expired));
 * model.submit(generation);          // any thread
 * long next = model.runDue();         // the model thread: emit everything due, then sleep until next
 * }</pre>
 *
 * <p>Thread-safe: every method holds this object's lock (emission included, so events of one instant go out in
 * order); emission only queues (see {@link EventSink}).
 */
public final class SimulatedModel {
    private enum Kind { ARRIVE, TOKEN, EXPIRE }

    private record Step(long at, long order, Generation g, Kind kind) implements Comparable<Step> {
        @Override
        public int compareTo(Step o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final LlmConfig config;
    private final NanoClock clock;
    private final LlmMetrics metrics;
    private final Consumer<Generation> expired;
    private final PriorityQueue<Step> steps = new PriorityQueue<>();
    private final ArrayDeque<Generation> waiting = new ArrayDeque<>();
    private long order;
    private int active;
    private Runnable wakeup = () -> { };

    /**
     * @param expired told when a Responses API generation's retention ends (its registry entry must go)
     */
    public SimulatedModel(LlmConfig config, NanoClock clock, LlmMetrics metrics, Consumer<Generation> expired) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.expired = expired;
    }

    /** Called after a submit that made an earlier step due (the model thread's unpark). */
    synchronized void onWakeup(Runnable r) {
        wakeup = r;
    }

    public LlmConfig config() {
        return config;
    }

    /** The request arrives now; returns its arrival instant. */
    public long submit(Generation g) {
        long at;
        Runnable w;
        synchronized (this) {
            // Read under the lock: arrivals and steps are processed in one non-decreasing order of instants.
            at = clock.nanoTime();
            g.arrivalNs = at;
            push(at, g, Kind.ARRIVE);
            w = wakeup;
        }
        w.run();
        return at;
    }

    /** Processes every step due by the clock; returns the next step's instant, {@code Long.MAX_VALUE} when none. */
    public synchronized long runDue() {
        long now = clock.nanoTime();
        Step s;
        while ((s = steps.peek()) != null && s.at() <= now) {
            steps.poll();
            switch (s.kind()) {
                case ARRIVE -> arrive(s.g(), s.at());
                case TOKEN -> token(s.g(), s.at());
                case EXPIRE -> expired.accept(s.g());
            }
        }
        return s == null ? Long.MAX_VALUE : s.at();
    }

    private void arrive(Generation g, long at) {
        if (g.isCancelled()) {
            metrics.onCancelled();
            return;
        }
        g.emitStart(at);
        if (active < config.batch()) {
            admit(g, at);
        } else {
            waiting.addLast(g);
        }
    }

    private void admit(Generation g, long at) {
        active++;
        metrics.onStarted();
        g.admittedNs = at;
        double ttft = config.ttft().sample(g.rng) + (double) g.request().promptTokens() * config.prefillPerTokenNs();
        push(at + Math.round(ttft), g, Kind.TOKEN);
    }

    private void token(Generation g, long at) {
        if (g.isCancelled()) {
            finish(g, at);
            metrics.onCancelled();
            return;
        }
        g.produced++;
        g.sinceEmit++;
        if (g.produced == 1) {
            g.emitFirstToken(at);
        }
        boolean last = g.produced >= g.outputTokens;
        if (last || g.sinceEmit == config.tokensPerChunk()) {
            g.emitTokens(at, g.sinceEmit, g.produced);
            g.sinceEmit = 0;
        }
        if (last) {
            g.emitEnd(at);
            finish(g, at);
            metrics.onCompleted();
            return;
        }
        double factor = 1 + config.batchSlowdown() * (active - 1);
        push(at + Math.round(config.itl().sample(g.rng) * factor), g, Kind.TOKEN);
    }

    private void finish(Generation g, long at) {
        g.finished = true;
        active--;
        if (g.api() == io.pushbench.wire.llm.LlmContract.Api.RESPONSES) {
            push(at + config.retain().toNanos(), g, Kind.EXPIRE);
        }
        while (!waiting.isEmpty() && active < config.batch()) {
            Generation next = waiting.pollFirst();
            if (next.isCancelled()) {
                metrics.onCancelled();
            } else {
                admit(next, at);
            }
        }
    }

    private void push(long at, Generation g, Kind kind) {
        steps.add(new Step(at, order++, g, kind));
    }

    /** Requests generating now (admitted, not finished). */
    public synchronized int active() {
        return active;
    }

    /** Requests waiting for a batch slot. */
    public synchronized int queued() {
        return waiting.size();
    }
}
