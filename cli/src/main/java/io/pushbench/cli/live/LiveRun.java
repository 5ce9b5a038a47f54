package io.pushbench.cli.live;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Variant;
import io.pushbench.loadgen.compare.PlannedRun;
import io.pushbench.loadgen.run.RunSpec;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the live page is told about a run when it starts: which run of how many, on what transport, protocol and
 * driver, and its phase lengths; {@link #series()} names the line its samples join on the charts.
 *
 * <pre>{@code
 * LiveRun r = LiveRun.of(plannedRun, planSize, profile.ramp(), profile.warmup(), profile.duration());
 * r.series();   // "SSE h1/jetty"
 * }</pre>
 */
public record LiveRun(int index, int total, String runId, Transport transport, Protocol protocol, Driver driver,
                      Variant variant, String scenario, String arm, int connections, double rate,
                      Duration ramp, Duration warmup, Duration duration) {

    /** A run of a comparison's plan. */
    public static LiveRun of(PlannedRun run, int total, int connections, double rate, Duration ramp, Duration warmup,
                             Duration duration) {
        return new LiveRun(run.index(), total, run.runId(), run.transport(), run.protocol(), run.driver(),
                run.variant(), run.scenario().name(), run.arm(), connections, rate, ramp, warmup, duration);
    }

    /** The single run of {@code pushbench run}. */
    public static LiveRun of(RunSpec spec) {
        return new LiveRun(0, 1, spec.runId(), spec.transport(), spec.protocol(), spec.driver(), spec.variant(),
                spec.scenario().name(), null, spec.connections(), spec.rate(), spec.ramp(), spec.warmup(),
                spec.duration());
    }

    /**
     * The chart line this run's samples join: runs of one arm on one protocol, driver, variant and scenario share
     * a line ("SSE h1/jetty", "WS (B) h2c/jetty gzip drop-abort").
     */
    public String series() {
        StringBuilder b = new StringBuilder(transport.label());
        if (arm != null) {
            b.append(" (").append(arm).append(')');
        }
        b.append(' ').append(protocol.key()).append('/').append(driver.key());
        if (variant != null && !Variant.PLAIN.equals(variant)) {
            b.append(' ').append(variant.name());
        }
        if (scenario != null && !"steady".equals(scenario)) {
            b.append(' ').append(scenario);
        }
        return b.toString();
    }

    /** The page's {@code run} event. */
    Map<String, Object> toEvent() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("total", total);
        m.put("runId", runId);
        m.put("series", series());
        m.put("transport", transport.label());
        m.put("protocol", protocol.key());
        m.put("driver", driver.key());
        m.put("variant", variant == null ? Variant.PLAIN.name() : variant.name());
        m.put("scenario", scenario);
        m.put("arm", arm);
        m.put("connections", connections);
        m.put("rate", rate);
        m.put("rampSec", seconds(ramp));
        m.put("warmupSec", seconds(warmup));
        m.put("durationSec", seconds(duration));
        return m;
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }
}
