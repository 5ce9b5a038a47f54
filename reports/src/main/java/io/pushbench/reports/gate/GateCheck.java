package io.pushbench.reports.gate;

/**
 * One decision of the gate.
 *
 * @param status  PASS, FAIL or SKIP
 * @param subject what was checked: a group key, "jmh", or "results"
 * @param name    the check, e.g. "latency p99"
 * @param detail  the figures behind the decision, one line
 */
public record GateCheck(Status status, String subject, String name, String detail) {
    /** Outcome of a check. */
    public enum Status { PASS, FAIL, SKIP }

    /** "FAIL  ws/h1/gatling/plain  latency p99: 3.3 ms vs baseline ..." */
    public String line() {
        return String.format("%-4s  %s  %s: %s", status, subject, name, detail);
    }
}
