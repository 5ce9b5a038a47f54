package io.pushbench.analysis.results;

/**
 * The phases of a run, as offsets in seconds from the load start (the instant the first virtual user starts;
 * {@link IntervalSample#t()} uses the same origin). Headline figures use {@code [steadyFromSec, steadyToSec)}.
 *
 * @param startedAt     ISO-8601 instant of the load start
 * @param endedAt       ISO-8601 instant the load generator stopped measuring
 * @param rampSec       configured ramp (users start evenly over it)
 * @param warmupSec     configured warm-up after the ramp
 * @param steadySec     configured steady (measured) duration
 * @param drainSec      grace after the steady window during which in-flight messages still count
 * @param steadyFromSec steady window start
 * @param steadyToSec   steady window end (earlier than configured when a run was interrupted)
 */
public record Window(String startedAt, String endedAt, double rampSec, double warmupSec, double steadySec,
                     double drainSec, double steadyFromSec, double steadyToSec) {
}
