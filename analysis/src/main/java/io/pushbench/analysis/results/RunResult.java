package io.pushbench.analysis.results;

import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.util.List;
import java.util.Map;

/**
 * One measured run: one transport, one protocol, one driver, one configuration, one repeat. Element of
 * {@link Results#runs()}; also written alone as {@code <id>.json} (a {@link Results} of kind "run").
 *
 * <p>Headline figures ({@code steadyMessages}, {@code latencyUs}, {@code throughput}, {@code fanoutUs},
 * {@code loadgen}, {@code server}) cover the steady window only ({@link Window}); {@code messages},
 * {@code connectUs}, {@code firstMessageUs} and {@code reconnects} cover the whole run, so that nothing lost during
 * the ramp is hidden. The schema is
 * documented field by field in {@code docs/results-schema.md}.
 *
 * @param id              run id, unique in its results directory (file names derive from it)
 * @param transport       the transport, {@code "sse"} or {@code "ws"} in JSON
 * @param protocol        the HTTP protocol, {@code "h1"} or {@code "h2c"} in JSON; {@link Protocol#H1} when absent
 * @param driver          the load driver, {@code "gatling"} in JSON; {@link Driver#GATLING} when absent
 * @param variant         the named asymmetry ({@code "plain"} when none, "permessage-deflate", "gzip", ...);
 *                        {@link Variant#PLAIN} when absent
 * @param repeat          1-based repeat number of this configuration
 * @param connections     configured connections (virtual users)
 * @param connectionsPeak most connections open at once
 * @param valid           false when any {@code invalidReasons}
 * @param invalidReasons  one line each; why the figures must not be trusted
 * @param window          phases of the run
 * @param messages        whole-run accounting (expected = delivered + lost), ramp, warm-up and drain included
 * @param steadyMessages  steady-window accounting: per subscriber, the seqs <em>scheduled</em> in the steady window
 *                        that it owed, and which of those were delivered (whenever they arrived before the end of
 *                        measurement), lost, duplicated, reordered; {@code lostSignalled} and {@code bytes} are 0
 *                        (whole-run figures). {@link MessageCounts#ZERO} in files written before it existed.
 * @param latencyUs       publish-to-receive latency, steady window
 * @param throughput      delivered rate, steady window
 * @param connectUs       connect time (request start to the first server byte the driver observes), per attempt
 * @param firstMessageUs  request start to the first feed message, initial connects
 * @param fanoutUs        per seq: scheduled publish to the last subscriber's receipt, steady window
 * @param reconnects      reconnections and their outages
 * @param loadgen         load-generator cost
 * @param server          server cost (from its {@code /metrics})
 * @param timeline        one sample per second
 * @param serverTimeline  one {@code /metrics} poll per second
 * @param files           relative paths of this run's files: "json", "hlog", "gatlingReport"
 * @param extensions      driver- or tool-specific extras; readers must ignore keys they do not know
 */
public record RunResult(String id, Transport transport, Protocol protocol, Driver driver, Variant variant, int repeat,
                        int connections, long connectionsPeak, boolean valid, List<String> invalidReasons,
                        Window window, MessageCounts messages, MessageCounts steadyMessages,
                        Percentiles latencyUs, Throughput throughput,
                        Percentiles connectUs, Percentiles firstMessageUs, Percentiles fanoutUs,
                        Reconnects reconnects, LoadgenFigures loadgen, ServerFigures server,
                        List<IntervalSample> timeline, List<ServerSample> serverTimeline,
                        Map<String, String> files, Map<String, Object> extensions) {
    @com.fasterxml.jackson.annotation.JsonCreator
    public RunResult {
        protocol = protocol == null ? Protocol.H1 : protocol;
        driver = driver == null ? Driver.GATLING : driver;
        variant = variant == null ? Variant.PLAIN : variant;
        steadyMessages = steadyMessages == null ? MessageCounts.ZERO : steadyMessages;
        invalidReasons = invalidReasons == null ? List.of() : List.copyOf(invalidReasons);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        serverTimeline = serverTimeline == null ? List.of() : List.copyOf(serverTimeline);
        files = files == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
        extensions = extensions == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(extensions));
        if (valid && !invalidReasons.isEmpty()) {
            throw new IllegalArgumentException("a valid run must have no invalidReasons, had " + invalidReasons);
        }
    }

    /**
     * A run without steady-window accounting ({@code steadyMessages} = {@link MessageCounts#ZERO}): the constructor
     * of results written before that field existed, kept for callers that do not measure it.
     */
    public RunResult(String id, Transport transport, Protocol protocol, Driver driver, Variant variant, int repeat,
                     int connections, long connectionsPeak, boolean valid, List<String> invalidReasons,
                     Window window, MessageCounts messages, Percentiles latencyUs, Throughput throughput,
                     Percentiles connectUs, Percentiles firstMessageUs, Percentiles fanoutUs,
                     Reconnects reconnects, LoadgenFigures loadgen, ServerFigures server,
                     List<IntervalSample> timeline, List<ServerSample> serverTimeline,
                     Map<String, String> files, Map<String, Object> extensions) {
        this(id, transport, protocol, driver, variant, repeat, connections, connectionsPeak, valid, invalidReasons,
                window, messages, MessageCounts.ZERO, latencyUs, throughput, connectUs, firstMessageUs, fanoutUs,
                reconnects, loadgen, server, timeline, serverTimeline, files, extensions);
    }

    /** A copy with other validity (the orchestrator adds server-side reasons to the driver's). */
    public RunResult withValidity(List<String> reasons) {
        return new RunResult(id, transport, protocol, driver, variant, repeat, connections, connectionsPeak,
                reasons.isEmpty(), reasons, window, messages, steadyMessages, latencyUs, throughput, connectUs, firstMessageUs,
                fanoutUs, reconnects, loadgen, server, timeline, serverTimeline, files, extensions);
    }

    /** A copy with server figures, the server timeline and the files map replaced. */
    public RunResult withServer(ServerFigures figures, List<ServerSample> samples, Map<String, String> newFiles) {
        return new RunResult(id, transport, protocol, driver, variant, repeat, connections, connectionsPeak, valid,
                invalidReasons, window, messages, steadyMessages, latencyUs, throughput, connectUs, firstMessageUs, fanoutUs,
                reconnects, loadgen, figures, timeline, samples, newFiles, extensions);
    }

    /** A copy with extensions replaced. */
    public RunResult withExtensions(Map<String, Object> newExtensions) {
        return new RunResult(id, transport, protocol, driver, variant, repeat, connections, connectionsPeak, valid,
                invalidReasons, window, messages, steadyMessages, latencyUs, throughput, connectUs, firstMessageUs, fanoutUs,
                reconnects, loadgen, server, timeline, serverTimeline, files, newExtensions);
    }

    /** A copy with the steady-window accounting replaced (tools and tests that build results by hand). */
    public RunResult withSteadyMessages(MessageCounts steady) {
        return new RunResult(id, transport, protocol, driver, variant, repeat, connections, connectionsPeak, valid,
                invalidReasons, window, messages, steady, latencyUs, throughput, connectUs, firstMessageUs, fanoutUs,
                reconnects, loadgen, server, timeline, serverTimeline, files, extensions);
    }
}
