package io.pushbench.loadgen.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CPU-saturation limits of a process (the load generator or the server) over the steady window, and the
 * reasons they give. The one definition of both thresholds (docs/method.md, "Validity").
 *
 * <pre>{@code
 * List<String> reasons = CpuSaturation.defaults().busiestThread("server", "qtp-12", 0.97);
 * reasons.addAll(CpuSaturation.defaults().pinnedCpus("server", "1", 0.91));
 * }</pre>
 *
 * @param maxCpuShare    busy share of the CPUs a process may use (its cores, or the CPUs it is pinned to) above
 *                       which it queues work itself
 * @param maxThreadCores CPU of one thread, cores, above which that thread (an event loop, the publisher) is the
 *                       bottleneck whatever the process average says
 */
public record CpuSaturation(double maxCpuShare, double maxThreadCores) {
    /** Default {@link #maxCpuShare}: 85% of the CPUs. */
    public static final double MAX_CPU_SHARE = 0.85;
    /**
     * Default {@link #maxThreadCores}: 0.90 of a core. Higher than the process limit because one thread's figure
     * has no other thread to absorb a burst, yet below 1.0: a thread busy 90% of a second-long window has had
     * sub-second stretches at 100%, during which whatever waits on it queues.
     */
    public static final double MAX_THREAD_CORES = 0.90;
    /** The key of the busiest-thread reason, after the process's name ({@link ReasonKeys}). */
    public static final String THREAD_SATURATED = "thread saturated";
    /** The key of the pinned-CPU reason, after the process's name ({@link ReasonKeys}). */
    public static final String CPUS_SATURATED = "CPUs saturated";

    public CpuSaturation {
        if (!(maxCpuShare > 0 && maxCpuShare <= 1)) {
            throw new IllegalArgumentException("maxCpuShare must be in (0, 1], was " + maxCpuShare);
        }
        if (!(maxThreadCores > 0 && maxThreadCores <= 1)) {
            throw new IllegalArgumentException("maxThreadCores must be in (0, 1], was " + maxThreadCores);
        }
    }

    /** The documented limits. */
    public static CpuSaturation defaults() {
        return new CpuSaturation(MAX_CPU_SHARE, MAX_THREAD_CORES);
    }

    /**
     * The busiest-thread rule: one reason when {@code cpuCores} exceeds the limit. Unknown ({@code cpuCores < 0})
     * gives none here: whether unknown invalidates is the caller's to say (the load generator: yes; the server:
     * "unobserved", which the user may waive).
     */
    public List<String> busiestThread(String who, String threadName, double cpuCores) {
        List<String> reasons = new ArrayList<>();
        if (cpuCores > maxThreadCores) {
            reasons.add(String.format(Locale.ROOT,
                    "%s " + THREAD_SATURATED + ": its busiest thread '%s' used %.0f%% of a core over the steady window"
                            + " (limit %.0f%%)", who, threadName, cpuCores * 100, maxThreadCores * 100));
        }
        return reasons;
    }

    /**
     * The pinned-CPU rule: nothing when not pinned ({@code cpus == null}); one reason when the pinned CPUs were busier
     * than the limit, or when their utilisation is unknown (the rule needed it).
     */
    public List<String> pinnedCpus(String who, String cpus, double utilization) {
        List<String> reasons = new ArrayList<>();
        if (cpus == null) {
            return reasons;
        }
        if (utilization < 0) {
            reasons.add(who + " pinned to CPUs " + cpus + ", but their utilisation over the steady window is unknown"
                    + " (/proc/stat unreadable): CPU saturation cannot be judged");
        } else if (utilization > maxCpuShare) {
            reasons.add(String.format(Locale.ROOT,
                    "%s " + CPUS_SATURATED + ": pinned CPUs %s were %.0f%% busy over the steady window (limit %.0f%%)",
                    who, cpus, utilization * 100, maxCpuShare * 100));
        }
        return reasons;
    }
}
