package io.pushbench.reports.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.Percentiles;
import io.pushbench.analysis.results.Reconnects;
import io.pushbench.analysis.results.Recovery;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.Variant;
import io.pushbench.reports.model.Views.BrowserRun;
import io.pushbench.reports.model.Views.IntervalPoint;
import io.pushbench.reports.model.Views.ScenarioRun;
import io.pushbench.reports.model.Views.SpectrumPoint;
import io.pushbench.reports.model.Views.TimelinePoint;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.util.List;
import java.util.Map;

/**
 * One run as the report shows it: its identity, its headline figures, its distributions and its time series.
 *
 * @param id               the run id (stem of its files)
 * @param arm              {@link io.pushbench.analysis.verdict.Arm#key()} of the arm the run belongs to
 * @param transport        the transport
 * @param protocol         the HTTP protocol
 * @param driver           the load generator
 * @param variant          the named asymmetry, {@link Variant#PLAIN} when none
 * @param repeat           1-based repeat index
 * @param connections      target connections
 * @param connectionsPeak  highest number open at once
 * @param steadyFromSec    start of the steady window, seconds from the load start (null when unknown)
 * @param steadyToSec      end of the steady window (null when unknown)
 * @param valid            whether the run counts as a result
 * @param invalidReasons   why not
 * @param figures          headline figures by {@link io.pushbench.analysis.figure.Figure#key()}, read with
 *                         {@link io.pushbench.analysis.figure.Figure#of}
 * @param latencyUs        latency summary as recorded by the load generator (steady window)
 * @param hlogLatencyUs    latency summary recomputed from the .hlog steady window (null without an .hlog)
 * @param spectrum         percentile spectrum of the steady window from the .hlog (empty without one)
 * @param connectUs        connect-time summary
 * @param messages         headline message accounting ({@link io.pushbench.analysis.figure.Counts#headline})
 * @param messagesSteady   whether {@code messages} covers the steady window (false: whole run, older results)
 * @param wholeRunMessages whole-run accounting (ramp, warm-up and drain included)
 * @param reconnects       reconnects and outage summary
 * @param server           server-side figures, null when the server had no /metrics
 * @param intervals        per-interval latency from the .hlog
 * @param timeline         per-interval load-generator timeline
 * @param links            relative paths of raw files by kind ("json", "hlog", "gatlingReport")
 * @param scenario         the reconnection scenario the run went through (its case, fault and slow group); null,
 *                         and absent from the JSON, for steady load
 * @param browser          the browser driver's figures (its streams, clock and cost); null, and absent from the
 *                         JSON, for the other drivers
 */
public record RunView(String id, String arm, Transport transport, Protocol protocol, Driver driver, Variant variant,
                      int repeat, int connections, long connectionsPeak, Double steadyFromSec,
                      Double steadyToSec, boolean valid, List<String> invalidReasons,
                      Map<String, Double> figures, Percentiles latencyUs, Percentiles hlogLatencyUs,
                      List<SpectrumPoint> spectrum, Percentiles connectUs, MessageCounts messages,
                      boolean messagesSteady, MessageCounts wholeRunMessages, Reconnects reconnects,
                      ServerFigures server, List<IntervalPoint> intervals, List<TimelinePoint> timeline,
                      Map<String, String> links,
                      @JsonInclude(JsonInclude.Include.NON_NULL) ScenarioRun scenario,
                      @JsonInclude(JsonInclude.Include.NON_NULL) BrowserRun browser) {

    /** The run's recovery after its faults ({@link Reconnects#recovery()}), or null for a run without faults. */
    @JsonIgnore
    public Recovery recovery() {
        return reconnects == null ? null : reconnects.recovery();
    }
}
