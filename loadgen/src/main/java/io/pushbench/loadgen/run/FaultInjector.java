package io.pushbench.loadgen.run;

import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.loadgen.scenario.FaultPlan;
import io.pushbench.wire.Transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Injects a run's {@link FaultPlan} at its time and tells the load generator when it did.
 *
 * <p>Timing: the load generator's first interval sample tells its start on this host's monotonic clock (the
 * sample's {@code t} is seconds since that start), from which the steady window's start follows (ramp + warm-up);
 * the fault is due {@code at} after it. Just before acting, the injector reads {@link System#nanoTime()} (the same
 * CLOCK_MONOTONIC the load generator's probes read) and, once done, sends the load generator a notice on its
 * standard input ({@link LoadSession#FAULT_PREFIX}{@code <nanos> <kind> <detail>}), so the recovery figures are timed
 * from the orchestrator's stamp.
 *
 * <pre>{@code
 * FaultInjector f = new FaultInjector(plan, Transport.SSE, ramp.plus(warmup), baseUrl, token, restarter, log::line);
 * f.attach(loadgen);                  // then, for every interval sample: f.onInterval(sample)
 * ...
 * f.close();  f.record();             // what was done, for the run's extensions
 * }</pre>
 */
final class FaultInjector implements AutoCloseable {
    /** Kills the server, and starts it again; {@link #start} returns once it listens. */
    interface Restarter {
        /** SIGKILL to the server; returns once it is gone. */
        void kill() throws Exception;

        /** A new server on the same port and feed log. */
        void start() throws Exception;
    }

    private final FaultPlan plan;
    private final Transport transport;
    private final Duration untilSteady;
    private final String baseUrl;
    private final String token;
    private final Restarter restarter;
    private final java.util.function.Consumer<String> log;
    private final List<Map<String, Object>> done = new ArrayList<>();
    private volatile ChildProcess loadgen;
    private volatile boolean cancelled;
    private Thread thread;

    FaultInjector(FaultPlan plan, Transport transport, Duration untilSteady, String baseUrl, String token,
                  Restarter restarter, java.util.function.Consumer<String> log) {
        this.plan = plan;
        this.transport = transport;
        this.untilSteady = untilSteady;
        this.baseUrl = baseUrl;
        this.token = token;
        this.restarter = restarter;
        this.log = log;
    }

    /** The load generator to notify. */
    void attach(ChildProcess loadgen) {
        this.loadgen = loadgen;
    }

    /** Called for every interval sample; the first one schedules the fault. */
    synchronized void onInterval(IntervalSample s) {
        if (thread != null || cancelled || plan.kind() == FaultPlan.Kind.NONE) {
            return;
        }
        long loadgenStart = System.nanoTime() - (long) (s.t() * 1e9);
        long due = loadgenStart + untilSteady.toNanos() + plan.at().toNanos();
        thread = new Thread(() -> runAt(due), "pushbench-fault");
        thread.setDaemon(true);
        thread.start();
    }

    private void runAt(long due) {
        try {
            long left;
            while ((left = due - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            inject();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.accept("pushbench: fault " + plan.kind().name().toLowerCase(Locale.ROOT) + " failed: " + e);
            record("failed", plan.describe() + ": " + e, System.nanoTime(), Map.of());
        }
    }

    private void inject() throws Exception {
        String kind = plan.kind().name().toLowerCase(Locale.ROOT);
        if (cancelled) {
            return;
        }
        long stamp = System.nanoTime();
        if (plan.kind() == FaultPlan.Kind.DROP) {
            String answer = drop();
            log.accept("pushbench: fault: drop " + plan.describe() + " -> " + answer);
            notifyLoadgen(stamp, kind, plan.describe());
            record(kind, plan.describe(), stamp, Map.of("answer", answer));
        } else {
            log.accept("pushbench: fault: " + plan.describe());
            restarter.kill();
            // told at once: the subscribers' episodes are timed from the kill, whatever the restart then does
            notifyLoadgen(stamp, kind, plan.describe());
            record(kind, plan.describe(), stamp, Map.of());
            TimeUnit.MILLISECONDS.sleep(plan.outage().toMillis());
            if (cancelled) {
                return;     // the run is over: no server may outlive it
            }
            restarter.start();
            long back = System.nanoTime();
            log.accept(String.format(Locale.ROOT, "pushbench: the server listens again %.0f ms after the kill",
                    (back - stamp) / 1e6));
            record("restarted", "listening again", back, Map.of("listeningAgainAfterMs",
                    Math.round((back - stamp) / 1e6)));
        }
    }

    /** {@code POST /admin/drop}; returns the server's answer. */
    private String drop() throws Exception {
        return AdminDrop.post(baseUrl, token, "transport=" + transport.key() + "&fraction=" + plan.share() + "&mode="
                + plan.mode().key());
    }

    private void notifyLoadgen(long stamp, String kind, String detail) {
        ChildProcess lg = loadgen;
        if (lg == null || !lg.send(LoadSession.FAULT_PREFIX + stamp + " " + kind + " " + detail)) {
            log.accept("pushbench: could not tell the load generator about the fault: its recovery figures will be"
                    + " missing");
        }
    }

    private synchronized void record(String kind, String detail, long stamp, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("detail", detail);
        m.put("nanoTime", stamp);
        // the same instant on the wall clock, to place it among the /metrics polls
        m.put("epochMs", System.currentTimeMillis() - (System.nanoTime() - stamp) / 1_000_000);
        m.putAll(extra);
        done.add(m);
    }

    /** What was injected (empty when nothing was due before the end), for the run's extensions. */
    synchronized List<Map<String, Object>> record() {
        return List.copyOf(done);
    }

    /** The wall-clock instant of the first injected fault, or -1. */
    synchronized long firstFaultEpochMs() {
        return done.stream().filter(m -> !"failed".equals(m.get("kind")) && !"restarted".equals(m.get("kind")))
                .mapToLong(m -> (Long) m.get("epochMs")).findFirst().orElse(-1);
    }

    /** Whether the plan's fault was injected (false also when the plan has none). */
    synchronized boolean injected() {
        return done.stream().anyMatch(m -> !"failed".equals(m.get("kind")));
    }

    /** Cancels a fault not yet done (the run ended first) and waits for the injector's thread. */
    @Override
    public void close() throws InterruptedException {
        Thread t;
        synchronized (this) {
            cancelled = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
