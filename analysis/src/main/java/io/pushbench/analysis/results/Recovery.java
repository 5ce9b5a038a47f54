package io.pushbench.analysis.results;

import java.util.List;

/**
 * How the subscribers of one run came back after the faults injected into it (a drop, a server restart, a reconnect
 * storm), each fault timed from the instant the orchestrator injected it, on the load generator's clock.
 *
 * <pre>{@code
 * Recovery r = run.reconnects().recovery();     // null for a run without faults
 * r.recoveryUs().p99();   // fault -> first message after the resume, 99th percentile over affected subscribers
 * r.allBackUs();          // fault -> the last affected subscriber's first message again
 * r.resumeMismatches();   // resumes whose first seq was not last seen + 1 (0 when resume is correct)
 * }</pre>
 *
 * <p>A subscriber is <em>affected</em> by a fault when its stream ended at or after the fault's instant and before
 * the next fault (or the end of the run). Its <em>reconnect</em> time is fault to the first successful handshake
 * after that end (the response headers of {@code GET /sse}, the 101 or the RFC 8441 200 of {@code /ws}); its
 * <em>recovery</em> time is fault to the first message delivered after that end, replayed or live. A subscriber
 * whose stream ended but which delivered nothing again before the run ended counts in {@code notBack}, and then
 * {@code allBackUs} is -1: nobody can say when everyone was back.
 *
 * @param faults            the injected faults, in order
 * @param affected          subscribers whose stream ended because of a fault
 * @param notBack           affected subscribers that delivered nothing again before the end of the run
 * @param reconnectUs       fault to the handshake of the reconnect, µs, over the affected subscribers that got one
 * @param recoveryUs        fault to the first message after the reconnect, µs, over those that got one
 * @param allBackUs         fault to the last affected subscriber's first message again, µs (the slowest fault
 *                          of the run); -1 when some never came back, 0 when no subscriber was affected
 * @param replayed          messages delivered from the server's replay (scheduled before their reconnect started)
 * @param resumes           reconnects whose first message could be checked against the last seq seen before
 * @param resumeMismatches  of those, the ones whose first seq was not last seen + 1 (a gap or a repeat at resume)
 * @param retryMs           the SSE {@code retry:} value the subscribers received, ms; -1 when none (WebSocket)
 * @param retryChecked      SSE reconnect attempts whose pause could be compared with {@code retryMs}
 * @param retryHonoured     of those, the ones that waited at least {@code retryMs} (an EventSource's behaviour)
 * @param reconnectPolicy   how the subscribers paced reconnects: "jitter" (exponential backoff, full jitter),
 *                          "sync" (a fixed pause, no jitter: everyone at once) or "native" (SSE waits the server's
 *                          {@code retry:}, WebSocket reconnects at once: each transport's default)
 */
public record Recovery(List<Fault> faults, long affected, long notBack, Percentiles reconnectUs,
                       Percentiles recoveryUs, double allBackUs, long replayed, long resumes, long resumeMismatches,
                       long retryMs, long retryChecked, long retryHonoured, String reconnectPolicy) {
    public Recovery {
        faults = faults == null ? List.of() : List.copyOf(faults);
        reconnectUs = reconnectUs == null ? Percentiles.EMPTY : reconnectUs;
        recoveryUs = recoveryUs == null ? Percentiles.EMPTY : recoveryUs;
    }

    /**
     * One injected fault.
     *
     * @param kind    "drop", "restart"
     * @param detail  what exactly was done: "abort 50% of sse", "SIGKILL, down 2000 ms"
     * @param atSec   its instant, seconds since the load generator's start (the timeline's axis)
     * @param affected subscribers whose stream ended because of it
     */
    public record Fault(String kind, String detail, double atSec, long affected) {
    }
}
