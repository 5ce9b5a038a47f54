package io.pushbench.loadgen.llm;

import io.pushbench.loadgen.run.AdminDrop;
import io.pushbench.loadgen.scenario.FaultPlan;
import io.pushbench.wire.Transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Injects a scenario's drop into one LLM step: {@link FaultPlan#at()} after the measured window starts, it asks
 * pushbench's server to end {@link FaultPlan#share()} of the step's busy LLM streams
 * ({@code POST /admin/drop?target=llm&transport=T&fraction=F&mode=abort|close}); the clients then resume them by the
 * run's resume policy, and what it cost shows in the step's latencies, resumes and failures. The same scenario
 * catalogue and the same drop endpoint as the feed runs ({@code Scenarios}, {@code AdminDrop}).
 *
 * <pre>{@code
 * LlmFaultHook fault = new LlmFaultHook(serverProbe, plan, baseUrl, adminToken, Transport.WS);
 * engine.run(stepPlan, client, source, fault);   // it forwards the window's start and end to the probe
 * fault.describe();                              // what was done, for the step's results
 * fault.missed();                                // a reason when the planned drop did not happen, else null
 * }</pre>
 *
 * <p>Only drops ({@code abort}, {@code close}) apply: an LLM stream has no server restart or connection-level drop.
 */
final class LlmFaultHook implements LlmEngine.WindowHook {
    private final LlmEngine.WindowHook inner;
    private final FaultPlan plan;
    private final String baseUrl;
    private final String token;
    private final Transport transport;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pushbench-llm-fault");
        t.setDaemon(true);
        return t;
    });
    private volatile ScheduledFuture<?> pending;
    private volatile long windowStartNs;
    private volatile long injectedNs = Long.MIN_VALUE;
    private volatile String answer;
    private volatile String failure;

    LlmFaultHook(LlmEngine.WindowHook inner, FaultPlan plan, String baseUrl, String token, Transport transport) {
        if (plan.kind() != FaultPlan.Kind.DROP || plan.mode() == FaultPlan.DropMode.CONNECTION) {
            throw new IllegalArgumentException("an LLM step can only be given a drop (abort or close), not "
                    + plan.describe());
        }
        this.inner = inner;
        this.plan = plan;
        this.baseUrl = baseUrl;
        this.token = token;
        this.transport = transport;
    }

    @Override
    public void windowStarted() {
        windowStartNs = System.nanoTime();
        pending = timer.schedule(this::inject, plan.at().toNanos(), TimeUnit.NANOSECONDS);
        inner.windowStarted();
    }

    @Override
    public void windowEnded() {
        inner.windowEnded();
        ScheduledFuture<?> p = pending;
        if (p != null && !p.isDone()) {
            p.cancel(false);
            failure = "the window ended before the drop was due";
        }
        timer.shutdown();
    }

    private void inject() {
        injectedNs = System.nanoTime();
        try {
            answer = AdminDrop.post(baseUrl, token, "target=llm&transport=" + transport.key() + "&fraction="
                    + plan.share() + "&mode=" + plan.mode().key());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted before the drop";
        } catch (Exception e) {
            failure = e.getMessage();
        }
    }

    /** Why the planned drop did not happen; null when it did. */
    String missed() {
        if (failure != null) {
            return "planned fault not injected: " + failure;
        }
        return injectedNs == Long.MIN_VALUE ? "planned fault not injected: it never ran" : null;
    }

    /** What was planned and done, for the step's results. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", plan.describe());
        m.put("atMs", plan.at().toMillis());
        if (injectedNs != Long.MIN_VALUE) {
            m.put("injectedAfterWindowStartMs", Math.round((injectedNs - windowStartNs) / 1e5) / 10.0);
        }
        if (answer != null) {
            m.put("serverAnswer", answer);
        }
        if (failure != null) {
            m.put("failure", failure);
        }
        return m;
    }
}
