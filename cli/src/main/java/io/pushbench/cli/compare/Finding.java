package io.pushbench.cli.compare;

/**
 * One metric compared between two transports of the same variant.
 *
 * @param variant  variant name
 * @param metric   the figure
 * @param a        first transport (e.g. "sse")
 * @param b        second transport (e.g. "ws")
 * @param aSpread  a's median and spread
 * @param bSpread  b's median and spread
 * @param outcome  whether the difference is called
 * @param better   the transport with the better median (null when equal)
 * @param relative |a - b| / worse median: how much better the better one is, 0..1 (1 = 100%)
 * @param text     one line for the console and results.json
 */
public record Finding(String variant, Metric metric, String a, String b, Spread aSpread, Spread bSpread,
                      Outcome outcome, String better, double relative, String text) {

    /** How a difference was judged. */
    public enum Outcome {
        /** The 95% intervals do not overlap: the difference is larger than the spread. */
        CALLED,
        /** The 95% intervals overlap: the difference is within the spread. */
        WITHIN_SPREAD,
        /** At least one side has a single value: no spread to judge against. */
        NO_SPREAD
    }
}
