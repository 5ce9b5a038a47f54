package io.pushbench.loadgen.memory;

import io.pushbench.analysis.results.Driver;
import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadDriver;
import io.pushbench.loadgen.driver.LoadSession;

import java.util.ArrayList;
import java.util.List;

/**
 * A driver without sockets, for tests of phases, accounting and sampling: an in-memory feed publishes seq 1, 2, ... at
 * the configured rate, each scheduled at {@code start + (seq - 1) / rate} on a {@link SimulatedClock}, and delivers it
 * to every subscribed subscriber {@code latencyNanos} later, unless {@link Faults} says otherwise. Subscribers connect
 * at {@link LoadSession#connectAt} and are subscribed at once ("subscribed" marker with the next seq); a dropped one
 * reconnects at the same instant and resumes from its last seq, the feed replaying what it missed, as the server's
 * replay ring does. The session's sampler is ticked at every whole second of simulated time.
 *
 * <pre>{@code
 * SimulatedClock clock = new SimulatedClock();
 * LoadSession s = InMemoryDriver.session(config, clock, out);   // config.driver() == IN_MEMORY
 * new InMemoryDriver(clock, 2_000_000, (sub, seq) -> InMemoryDriver.Fate.DELIVER).run(s);
 * RunResult r = s.finish(0);   // every count exact: delivered = expected, latency p50 = 2 ms
 * }</pre>
 */
public final class InMemoryDriver implements LoadDriver {
    /** What happens to one message on its way to one subscriber. */
    public enum Fate {
        /** Delivered once. */
        DELIVER,
        /** Never delivered (a gap). */
        LOSE,
        /** Delivered twice. */
        DUPLICATE,
        /** The subscriber's connection drops just before it; it reconnects at once and resumes. */
        DROP_BEFORE
    }

    /** Decides each message's fate per subscriber (0-based) and seq. */
    @FunctionalInterface
    public interface Faults {
        Fate fate(int subscriber, long seq);
    }

    private static final long SECOND = 1_000_000_000L;

    private final SimulatedClock clock;
    private final long latencyNanos;
    private final Faults faults;

    /**
     * @param clock        the session's clock
     * @param latencyNanos every delivery's delay after its scheduled time, >= 0
     * @param faults       per message and subscriber
     */
    public InMemoryDriver(SimulatedClock clock, long latencyNanos, Faults faults) {
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("latency must be >= 0 ns, was " + latencyNanos);
        }
        this.clock = clock;
        this.latencyNanos = latencyNanos;
        this.faults = faults;
    }

    /**
     * A manual session on {@code clock} for this driver: no connect probe, no sampler thread, and a process that
     * costs nothing (the simulation has no real CPU to report, so CPU figures read 0).
     */
    public static LoadSession session(DriverConfig config, SimulatedClock clock, java.io.PrintStream out)
            throws java.io.IOException {
        return LoadSession.manual(config, clock, NO_COST, out);
    }

    private static final io.pushbench.loadgen.core.ProcessProbe NO_COST = new io.pushbench.loadgen.core.ProcessProbe() {
        @Override
        public Sample sample() {
            return new Sample(0, 0, 0, 1_000_000, 1);
        }

        @Override
        public int availableCores() {
            return 1;
        }

        @Override
        public java.util.List<io.pushbench.loadgen.core.ThreadCpu> threadCpu() {
            // one simulated thread that costs nothing, so the saturation rules see a known (idle) thread
            return java.util.List.of(new io.pushbench.loadgen.core.ThreadCpu(1, "in-memory-simulation", 0));
        }
    };

    @Override
    public Driver kind() {
        return Driver.IN_MEMORY;
    }

    @Override
    public void run(LoadSession session) {
        if (session.clock() != clock) {
            throw new IllegalArgumentException("the session must run on this driver's SimulatedClock");
        }
        int n = session.config().connections();
        long start = session.schedule().startNanos();
        long end = session.endNanos();
        double period = SECOND / session.config().rate();
        List<ConnectionProbe> probes = new ArrayList<>(n);
        int[] attempts = new int[n];
        int connected = 0;
        long nextTick = start + SECOND;
        for (long seq = 1; ; seq++) {
            long scheduled = start + Math.round((seq - 1) * period);
            if (scheduled >= end) {
                break;
            }
            while (connected < n && session.connectAt(connected) <= scheduled) {
                long at = session.connectAt(connected);
                nextTick = tickUntil(session, nextTick, at);
                clock.advanceTo(at);
                ConnectionProbe p = session.newProbe();
                p.onConnectStart(at);
                p.onConnected(at);
                p.onSubscribed(seq, at);
                probes.add(p);
                connected++;
            }
            long deliverAt = scheduled + latencyNanos;
            nextTick = tickUntil(session, nextTick, deliverAt);
            clock.advanceTo(deliverAt);
            for (int i = 0; i < connected; i++) {
                deliver(session, probes.get(i), i, attempts, seq, start, period, deliverAt);
            }
        }
        tickUntil(session, nextTick, end);
        clock.advanceTo(end);
        for (int i = 0; i < connected; i++) {
            session.streamEnded(probes.get(i), attempts[i], end);
        }
    }

    private void deliver(LoadSession session, ConnectionProbe p, int sub, int[] attempts, long seq, long start,
                         double period, long now) {
        switch (faults.fate(sub, seq)) {
            case LOSE -> { }
            case DUPLICATE -> {
                message(p, seq, start, period, now);
                message(p, seq, start, period, now);
            }
            case DROP_BEFORE -> {
                attempts[sub] = session.streamEnded(p, attempts[sub], now);
                long resume = p.resumePoint();
                p.onConnectStart(now);
                p.onConnected(now);
                p.onSubscribed(seq, now);
                for (long r = resume + 1; r < seq; r++) {     // the replay of what the drop cost
                    message(p, r, start, period, now);
                }
                message(p, seq, start, period, now);
            }
            case DELIVER -> message(p, seq, start, period, now);
        }
    }

    private void message(ConnectionProbe p, long seq, long start, double period, long now) {
        long scheduled = start + Math.round((seq - 1) * period);
        p.onMessage(seq, scheduled, clock.epochMicros() - (now - scheduled) / 1_000, 64, now);
    }

    /** Ticks the sampler at each whole second up to {@code t}; returns the next tick time. */
    private long tickUntil(LoadSession session, long nextTick, long t) {
        while (nextTick <= t) {
            clock.advanceTo(nextTick);
            session.sampler().tick();
            nextTick += SECOND;
        }
        return nextTick;
    }
}
