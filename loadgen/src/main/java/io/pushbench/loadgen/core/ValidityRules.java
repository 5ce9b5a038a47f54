package io.pushbench.loadgen.core;

import io.pushbench.analysis.results.LoadgenFigures;
import io.pushbench.analysis.results.MessageCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When the load generator's figures must not be trusted. Each rule gives one line; an empty list means valid.
 *
 * <pre>{@code
 * List<String> reasons = ValidityRules.defaults().check(targetConnections, atSteadyStart, steadyComplete, messages,
 *         loadgen, LatencyBasis.MONO, meter.negativeLatencies());
 * }</pre>
 *
 * @param maxLoadgenUtilization above this share of its cores (or of the CPUs it is pinned to) the load generator
 *                              queues messages itself, and the latency it reports is its own (default
 *                              {@link CpuSaturation#MAX_CPU_SHARE}); its busiest thread is held to
 *                              {@link CpuSaturation#MAX_THREAD_CORES} of a core
 */
public record ValidityRules(double maxLoadgenUtilization) {
    public ValidityRules {
        if (!(maxLoadgenUtilization > 0 && maxLoadgenUtilization <= 1)) {
            throw new IllegalArgumentException("maxLoadgenUtilization must be in (0, 1], was " + maxLoadgenUtilization);
        }
    }

    /** The documented defaults (docs/method.md). */
    public static ValidityRules defaults() {
        return new ValidityRules(CpuSaturation.MAX_CPU_SHARE);
    }

    /**
     * Applies every client-side rule. {@code negativeLatencies} counts receipts that came before their scheduled
     * time: on the same-host {@link LatencyBasis#MONO} basis that cannot happen unless the clock basis is broken
     * (the server's {@code mono} is not this host's CLOCK_MONOTONIC), so the run is invalid; on the cross-host
     * {@link LatencyBasis#EPOCH} basis it is clock skew, reported in the results but not a reason.
     */
    public List<String> check(int targetConnections, long connectionsAtSteadyStart, boolean steadyComplete,
                              MessageCounts messages, LoadgenFigures loadgen, LatencyBasis basis,
                              long negativeLatencies) {
        List<String> reasons = new ArrayList<>();
        if (!steadyComplete) {
            reasons.add("interrupted: the steady window did not run to its end");
        }
        if (connectionsAtSteadyStart < targetConnections) {
            reasons.add("ramp incomplete: " + connectionsAtSteadyStart + " of " + targetConnections
                    + " connections open when the steady window began");
        }
        if (loadgen != null && loadgen.cpuUtilization() > maxLoadgenUtilization) {
            reasons.add(String.format(Locale.ROOT,
                    ReasonKeys.LOADGEN_CPU + ": %.0f%% of %d cores over the steady window (limit %.0f%%)",
                    loadgen.cpuUtilization() * 100, loadgen.availableCores(), maxLoadgenUtilization * 100));
        }
        if (loadgen != null) {
            reasons.addAll(threadAndPinnedCpu(loadgen));
        }
        if (messages.delivered() == 0) {
            reasons.add(ReasonKeys.NOTHING_DELIVERED);
        }
        if (messages.lost() > 0) {
            reasons.add(String.format(Locale.ROOT, "%d of %d " + ReasonKeys.LOST, messages.lost(),
                    messages.expected()));
        }
        if (basis == LatencyBasis.MONO && negativeLatencies > 0) {
            reasons.add(negativeLatencies + " messages received before their scheduled time on the same-host mono"
                    + " basis: the clock basis is broken (is the server on this host, stamping CLOCK_MONOTONIC?)");
        }
        return reasons;
    }

    /**
     * Busiest thread and pinned CPUs: a process average over all cores hides one saturated event loop, and a pinned
     * load generator shares its CPUs with whatever else runs there. Unknown thread CPU is a reason: the rule needed it.
     */
    private List<String> threadAndPinnedCpu(LoadgenFigures loadgen) {
        CpuSaturation limits = new CpuSaturation(maxLoadgenUtilization, CpuSaturation.MAX_THREAD_CORES);
        List<String> reasons = new ArrayList<>();
        if (loadgen.busiestThreadCpuCores() < 0) {
            reasons.add("load generator thread CPU unknown (the JVM reports no per-thread CPU time, or the steady"
                    + " window was empty): busiest-thread saturation cannot be judged");
        }
        reasons.addAll(limits.busiestThread("load generator", loadgen.busiestThread(),
                loadgen.busiestThreadCpuCores()));
        reasons.addAll(limits.pinnedCpus("load generator", loadgen.pinnedCpus(), loadgen.pinnedCpuUtilization()));
        return reasons;
    }
}
