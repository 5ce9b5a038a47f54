package io.pushbench.reports.model;

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
}
