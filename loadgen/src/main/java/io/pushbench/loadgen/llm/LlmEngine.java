package io.pushbench.loadgen.llm;

import io.pushbench.analysis.llm.RequestTimeline;
import io.pushbench.analysis.llm.RequestTimeline.Failure;
import io.pushbench.loadgen.core.CpuSaturation;
import io.pushbench.loadgen.core.CpuSet;
import io.pushbench.loadgen.core.ProcStat;
import io.pushbench.loadgen.core.ProcessProbe;
import io.pushbench.loadgen.core.ThreadCpuTracker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one step of LLM load through one client: schedules requests (open loop from an {@link Arrivals} process,
 * closed loop from N clients), launches each at its scheduled instant, times out silent ones, waits (bounded) for the
 * window's requests to end, and measures the client's own overhead over the window.
 *
 * <pre>{@code
 * LlmEngine engine = new LlmEngine(Pacer.system(), ProcessProbe.system());
 * try (LlmClient client = LlmClient.start(settings)) {
 *     LlmStepRun run = engine.run(plan, client, RequestSource.synthetic("const:128", "const:128", 1));
 * }
 * }</pre>
 *
 * <p>Measuring honestly: a request's latency starts at its scheduled instant (open loop: the arrival process's;
 * closed loop: the end of the client's previous request), which is fixed before the client does anything, so a
 * client that is late, a connection being opened or a queue inside Jetty all show in the figures; the client's
 * lateness alone (scheduled instant to the moment it handed the request to its client, before any connection wait)
 * is reported as send lag, and fails validity beyond {@link ClientCost#MAX_SEND_LAG_P99_US}.
 * Every measured request ends: completed, failed with its reason, or failed {@code TIMEOUT} at the drain limit.
 *
 * <p>Threads: the caller's thread paces (it launches every request; clients return at once); a watchdog thread
 * times out requests silent for the idle limit and samples the client's CPU at the window's edges and once a second.
 */
public final class LlmEngine {
    /** How often the watchdog looks. */
    static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Pacer pacer;
    private final ProcessProbe probe;
    private final CpuSaturation limits;

    public LlmEngine(Pacer pacer, ProcessProbe probe) {
        this(pacer, probe, CpuSaturation.defaults());
    }

    public LlmEngine(Pacer pacer, ProcessProbe probe, CpuSaturation limits) {
        this.pacer = java.util.Objects.requireNonNull(pacer, "pacer");
        this.probe = java.util.Objects.requireNonNull(probe, "probe");
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
    }

    /** Told when the measured window starts and ends (on the watchdog thread; keep it short). */
    public interface WindowHook {
        WindowHook NONE = new WindowHook() {
        };

        default void windowStarted() {
        }

        default void windowEnded() {
        }
    }

    /** Runs the step; blocks for its length. Interrupting stops it early (what ended is still returned). */
    public LlmStepRun run(LlmStepPlan plan, LlmClient client, RequestSource source) throws InterruptedException {
        return run(plan, client, source, WindowHook.NONE);
    }

    /** {@link #run(LlmStepPlan, LlmClient, RequestSource)}, telling {@code hook} the window's edges. */
    public LlmStepRun run(LlmStepPlan plan, LlmClient client, RequestSource source, WindowHook hook)
            throws InterruptedException {
        return new Step(plan, client, source, hook).run();
    }

    /** The state of one run. */
    private final class Step {
        private final LlmStepPlan plan;
        private final LlmClient client;
        private final RequestSource source;
        private final WindowHook hook;
        private final long t0;
        private final long windowStart;
        private final long windowEnd;
        private final long deadline;
        private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
        private final List<Exchange> measured = new ArrayList<>();
        private final AtomicInteger measuredOpen = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();
        private final AtomicLong launched = new AtomicLong();
        private final LinkedBlockingQueue<Long> freeClients = new LinkedBlockingQueue<>();
        private final Window window = new Window();
        private volatile boolean stopping;
        private long nextId;

        Step(LlmStepPlan plan, LlmClient client, RequestSource source, WindowHook hook) {
            this.plan = plan;
            this.client = client;
            this.source = source;
            this.hook = hook;
            this.t0 = pacer.nanoTime();
            this.windowStart = t0 + plan.warmup().toNanos();
            this.windowEnd = windowStart + plan.window().toNanos();
            this.deadline = windowEnd + plan.drainLimit().toNanos();
        }

        LlmStepRun run() throws InterruptedException {
            Thread watchdog = Thread.ofPlatform().daemon().name("pushbench-llm-watchdog").start(this::watch);
            long drainedAt;
            try {
                if (plan.load() instanceof LlmLoad.Open open) {
                    openLoop(open);
                } else {
                    closedLoop((LlmLoad.Closed) plan.load());
                }
            } finally {
                stopping = true;
                drainedAt = pacer.nanoTime();
                long now = drainedAt;
                for (Exchange x : inFlight) {
                    x.abort(now, x.measured() ? Failure.TIMEOUT : Failure.NOT_SENT, x.measured()
                            ? "still in flight at the step's drain limit (" + plan.drainLimit().toSeconds()
                            + " s after the window)" : "the step ended");
                }
                // not interrupted: its last look reads the window's end, the server's /metrics included, and an
                // interrupt would cut that read short; it sees 'stopping' within one look
                watchdog.join(5000);
            }
            List<RequestTimeline> timelines;
            long[] lags;
            synchronized (measured) {
                measured.sort(Comparator.comparingLong(x -> x.request().id()));
                timelines = measured.stream().map(Exchange::timeline).toList();
                lags = measured.stream().filter(x -> x.dispatchedNs() != Long.MIN_VALUE)
                        .mapToLong(x -> x.dispatchedNs() - x.timeline().scheduledNs()).sorted().toArray();
            }
            ClientCost overhead = window.overhead(lags);
            List<String> reasons = new ArrayList<>(overhead.invalidReasons(limits));
            if (timelines.isEmpty()) {
                reasons.add("no request was scheduled in the measured window (load too low for the window)");
            }
            return new LlmStepRun(plan, timelines, windowStart, windowEnd, launched.get(), maxInFlight.get(),
                    Math.max(0, drainedAt - windowEnd), lags, overhead, reasons, client.describe());
        }

        /** Whether the pacer should stop: past the deadline, or past the window with every measured request ended. */
        private boolean done(long now) {
            return now >= deadline || (now >= windowEnd && measuredOpen.get() == 0);
        }

        private void openLoop(LlmLoad.Open open) throws InterruptedException {
            Arrivals arrivals = Arrivals.of(open.arrivals(), open.rate(), open.seed());
            while (true) {
                long at = t0 + arrivals.next();
                // the arrival may lie past the end: wait at most until the deadline, re-checking as requests end
                while (pacer.nanoTime() < at) {
                    if (done(pacer.nanoTime())) {
                        return;
                    }
                    pacer.sleepUntil(Math.min(at, pacer.nanoTime() + WATCH_NANOS * 4));
                }
                if (done(pacer.nanoTime()) && at >= windowEnd) {
                    return;
                }
                launch(at);
            }
        }

        private void closedLoop(LlmLoad.Closed closed) throws InterruptedException {
            for (int i = 0; i < closed.clients(); i++) {
                launch(t0);
            }
            while (!done(pacer.nanoTime())) {
                Long endedAt = freeClients.poll(WATCH_NANOS, TimeUnit.NANOSECONDS);
                if (endedAt != null) {
                    launch(endedAt);    // scheduled when the previous request of that client ended
                }
            }
        }

        private void launch(long scheduledNs) {
            boolean inWindow = scheduledNs >= windowStart && scheduledNs < windowEnd;
            Exchange x = new Exchange(source.request(nextId++), scheduledNs, inWindow, this::ended);
            if (inWindow) {
                synchronized (measured) {
                    measured.add(x);
                }
                measuredOpen.incrementAndGet();
            }
            inFlight.add(x);
            maxInFlight.accumulateAndGet(inFlight.size(), Math::max);
            launched.incrementAndGet();
            x.dispatched(pacer.nanoTime());
            try {
                client.start(x);
            } catch (RuntimeException e) {
                x.fail(pacer.nanoTime(), Failure.NOT_SENT, "the client refused it: " + Failures.describe(e));
            }
        }

        /** Called once per request, on the thread that ended it. */
        private void ended(Exchange x) {
            inFlight.remove(x);
            if (x.measured()) {
                measuredOpen.decrementAndGet();
            }
            if (!stopping && plan.load() instanceof LlmLoad.Closed) {
                freeClients.add(x.timeline().endNs());
            }
        }

        /** The watchdog: idle timeouts, and the client's CPU at the window's edges and each second. */
        private void watch() {
            long idle = plan.idleTimeout().toNanos();
            long nextThreadRead = 0;
            try {
                while (!stopping) {
                    long now = pacer.nanoTime();
                    for (Exchange x : inFlight) {
                        if (now - x.lastActivityNs() > idle) {
                            x.abort(now, Failure.TIMEOUT, "no event for " + plan.idleTimeout().toMillis() + " ms");
                        }
                    }
                    if (now >= nextThreadRead || window.due(now)) {
                        window.read(now);
                        nextThreadRead = now + TimeUnit.SECONDS.toNanos(1);
                    }
                    Thread.sleep(WATCH_NANOS / 1_000_000);
                }
            } catch (InterruptedException e) {
                // the step is over
            }
            window.read(pacer.nanoTime());
        }

        /** The client's CPU over the window: reads at its start and end (the first watchdog look after each). */
        private final class Window {
            private final ThreadCpuTracker threads = new ThreadCpuTracker();
            private final CpuSet pinned = probe.pinnedCpus();
            private long startNs = -1;
            private long endNs = -1;
            private long cpuStart;
            private long cpuEnd;
            private long eventsStart;
            private long eventsEnd;
            private ProcStat statStart;
            private ProcStat statEnd;
            private ThreadCpuTracker.Busiest busiest = ThreadCpuTracker.Busiest.UNKNOWN;

            synchronized boolean due(long now) {
                return (startNs < 0 && now >= windowStart) || (endNs < 0 && now >= windowEnd);
            }

            synchronized void read(long now) {
                if (endNs >= 0) {
                    return;
                }
                threads.update(probe.threadCpu());
                if (startNs < 0 && now >= windowStart) {
                    startNs = now;
                    cpuStart = probe.sample().cpuTimeNs();
                    eventsStart = client.events();
                    statStart = probe.procStat();
                    threads.mark();
                    hook.windowStarted();
                } else if (startNs >= 0 && now >= windowEnd) {
                    endNs = now;
                    cpuEnd = probe.sample().cpuTimeNs();
                    eventsEnd = client.events();
                    statEnd = probe.procStat();
                    busiest = threads.sinceMark((endNs - startNs) / 1e9);
                    hook.windowEnded();
                }
            }

            synchronized ClientCost overhead(long[] lagsNs) {
                boolean known = startNs >= 0 && endNs > startNs && cpuStart >= 0 && cpuEnd >= 0;
                double seconds = known ? (endNs - startNs) / 1e9 : 0;
                double cores = known ? (cpuEnd - cpuStart) / 1e9 / seconds : -1;
                long events = known ? eventsEnd - eventsStart : 0;
                double perEvent = known && events > 0 ? (double) (cpuEnd - cpuStart) / events : -1;
                double util = pinned == null || statStart == null || statEnd == null ? -1
                        : statEnd.utilizationSince(statStart, pinned);
                long[] us = Arrays.stream(lagsNs).map(v -> Math.max(0, v)).toArray();
                return new ClientCost(round(cores), probe.availableCores(), events, round(perEvent),
                        busiest.name(), busiest.cpuCores(), pinned == null ? null : pinned.toString(), round(util),
                        us.length, ClientCost.percentile(us, 0.50) / 1e3,
                        ClientCost.percentile(us, 0.99) / 1e3,
                        us.length == 0 ? -1 : us[us.length - 1] / 1e3);
            }
        }
    }

    private static double round(double v) {
        return v < 0 ? v : Math.round(v * 1000) / 1000.0;
    }
}
