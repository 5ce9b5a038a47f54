package io.pushbench.loadgen.core;

import java.util.List;

/**
 * Stable keys of the run-level invalid reasons, one definition each: the rules ({@link ValidityRules},
 * {@link CpuSaturation}, the orchestrator's server rules) build their one-line reasons around these phrases, and a
 * reader that must tell kinds of reason apart matches the key, never the wording around it (counts, limits).
 *
 * <pre>{@code
 * ReasonKeys.serverOutcome("12 of 40000 expected messages lost");          // true: the server lost them
 * ReasonKeys.loadGeneratorSaturated("load generator CPU saturated: 91%");  // true: the instrument gave out
 * }</pre>
 *
 * <p>Why the split matters: for a single comparison run every reason makes the run invalid, but a capacity search
 * overloads the server on purpose, and what the server does under that load (losing messages, delivering nothing,
 * dropping slow consumers, running its busiest thread flat out) is what "the objective broke" means, not a failure of
 * the instrument.
 */
public final class ReasonKeys {
    /** The server lost messages: "N of M expected messages lost". */
    public static final String LOST = "expected messages lost";
    /** Nothing reached the clients in the steady window. */
    public static final String NOTHING_DELIVERED = "no message delivered";
    /** The server dropped subscribers that could not keep up: "server disconnected N slow consumers ...". */
    public static final String SLOW_CONSUMERS = "slow consumers in the steady window";
    /** The server's busiest thread ran over its limit: the server at its own limit. */
    public static final String SERVER_THREAD = "server " + CpuSaturation.THREAD_SATURATED;
    /**
     * The server's publisher sent messages late. An instrument failure on its own (the schedule the latencies are
     * measured against slipped), but a server outcome when the server's own CPU was saturated in the same window:
     * the publisher shares the server's CPUs, so its lateness is then the server at its limit
     * ({@link #publisherBehindAtServerLimit}).
     */
    public static final String PUBLISHER_BEHIND = "server publisher fell behind";
    /** The load generator's process CPU over its limit. */
    public static final String LOADGEN_CPU = "load generator CPU saturated";
    /** The load generator's busiest thread over its limit. */
    public static final String LOADGEN_THREAD = "load generator " + CpuSaturation.THREAD_SATURATED;
    /** The load generator's pinned CPUs busier than the limit. */
    public static final String LOADGEN_PINNED = "load generator " + CpuSaturation.CPUS_SATURATED;

    private static final List<String> SERVER_OUTCOMES = List.of(LOST, NOTHING_DELIVERED, SLOW_CONSUMERS,
            SERVER_THREAD);
    private static final List<String> LOADGEN_SATURATED = List.of(LOADGEN_CPU, LOADGEN_THREAD, LOADGEN_PINNED);

    private ReasonKeys() {
    }

    /** Whether {@code reason} records what the server did under load rather than a failure of the instrument. */
    public static boolean serverOutcome(String reason) {
        return SERVER_OUTCOMES.stream().anyMatch(reason::contains);
    }

    /**
     * Whether {@code reason} is the publisher's lateness while the server used at least
     * {@link CpuSaturation#MAX_CPU_SHARE} of the CPUs it was pinned to ({@code serverCores} of
     * {@code serverCpusAvailable}; false when either is unknown, i.e. negative or zero).
     */
    public static boolean publisherBehindAtServerLimit(String reason, double serverCores, int serverCpusAvailable) {
        return reason.contains(PUBLISHER_BEHIND) && serverCores >= 0 && serverCpusAvailable > 0
                && serverCores >= CpuSaturation.MAX_CPU_SHARE * serverCpusAvailable;
    }

    /** Whether {@code reason} says the load generator ran out of CPU (process, busiest thread or pinned CPUs). */
    public static boolean loadGeneratorSaturated(String reason) {
        return LOADGEN_SATURATED.stream().anyMatch(reason::contains);
    }
}
