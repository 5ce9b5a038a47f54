package io.pushbench.reports.model;

import io.pushbench.analysis.results.Percentiles;

/** Holder of the small value types of {@link ReportModel}; see each record. */
public final class Views {
    private Views() {
    }

    /** One point of a percentile spectrum: {@code percentile} in 0..100, value in µs. */
    public record SpectrumPoint(double percentile, double valueUs) {
    }

    /** One 1 s interval of a run's .hlog. */
    public record IntervalPoint(double tSec, long count, double p50Us, double p99Us, double maxUs) {
    }

    /** One interval of the load generator's timeline. */
    public record TimelinePoint(double tSec, String phase, long connections, double messagesPerSec,
                                long reconnects, long lost, long errors) {
    }

    /**
     * What a run of a reconnection scenario says about its scenario (from the run's extensions {@code scenario},
     * {@code scenarioRun} and {@code slowGroup}); null in a {@link RunView} of steady load.
     *
     * @param name                  the scenario case ("drop-abort", "restart", "slow"...)
     * @param summary               one sentence: what the case does ({@code scenarioRun.summary}), null when absent
     * @param fault                 the planned fault ({@code scenarioRun.fault}: "abort 50% of the subscribers'
     *                              streams", "none"), null when absent
     * @param faultAtSteadyPlusMs   when it was planned, ms after the steady window's start; null when absent
     * @param serverRestartsSeen    server restarts the run's {@code /metrics} polls saw; null when absent
     * @param acceptsPerSecMax      the server's highest TCP accept rate in the 10 s after the fault, /s; null when
     *                              absent
     * @param cpuCoresMax           the server's highest CPU use over the same polls, cores; null when absent
     * @param heapUsedBytesMax      the server's highest heap over the same polls, bytes; null when absent
     * @param slowSubscribers       the slow group's size (scenario {@code slow}); null without a slow group
     * @param slowLatencyUs         the slow group's steady-window latency; null without a slow group (the run's
     *                              {@code latencyUs} is then the other subscribers')
     */
    public record ScenarioRun(String name, String summary, String fault, Long faultAtSteadyPlusMs,
                              Long serverRestartsSeen, Long slowSubscribers, Percentiles slowLatencyUs,
                              Double acceptsPerSecMax, Double cpuCoresMax, Double heapUsedBytesMax) {
    }
}
