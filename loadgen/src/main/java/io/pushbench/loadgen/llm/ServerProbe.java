package io.pushbench.loadgen.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.llm.ServerObserved;
import io.pushbench.loadgen.run.MetricsEndpoint;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a server's {@code GET /metrics} at a step window's start and end and differences the two reads: the server's
 * CPU over the window (cores) and per event sent ({@code llm.eventsSent}, summed over transports), plus its LLM
 * gauges at the end. pushbench's own server has it; a {@code --server} that does not answer a JSON object is
 * reported as unobserved (never an error). Each read is a {@link MetricsEndpoint} answer, as the feed runs' are.
 *
 * <pre>{@code
 * ServerProbe p = new ServerProbe(URI.create("http://127.0.0.1:8080/"));
 * p.windowStarted();  ...  p.windowEnded();
 * ServerObserved s = p.observed();
 * }</pre>
 */
public final class ServerProbe implements LlmEngine.WindowHook {
    private final MetricsEndpoint metrics;
    private volatile MetricsEndpoint.Answer start;
    private volatile MetricsEndpoint.Answer end;

    public ServerProbe(URI base) {
        this.metrics = new MetricsEndpoint(base);
    }

    @Override
    public void windowStarted() {
        start = metrics.get();
    }

    @Override
    public void windowEnded() {
        end = metrics.get();
    }

    /** Why the server was not observed (null when it was). */
    public String failure() {
        return start != null && end != null ? null : metrics.lastFailure();
    }

    /** The server over the window; {@link ServerObserved#UNOBSERVED} without both reads. */
    public ServerObserved observed() {
        MetricsEndpoint.Answer a = start;
        MetricsEndpoint.Answer b = end;
        if (a == null || b == null || b.nanos() <= a.nanos()) {
            return ServerObserved.UNOBSERVED;
        }
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        long cpuA = a.json().path("process").path("cpuTimeNs").asLong(-1);
        long cpuB = b.json().path("process").path("cpuTimeNs").asLong(-1);
        double cores = cpuA >= 0 && cpuB >= cpuA ? round((cpuB - cpuA) / 1e9 / seconds) : -1;
        long events = eventsSent(b.json()) - eventsSent(a.json());
        double perEvent = cores >= 0 && events > 0 ? round((cpuB - cpuA) / 1e3 / events) : -1;
        Map<String, Object> extra = new LinkedHashMap<>();
        JsonNode llm = b.json().path("llm");
        for (String gauge : new String[]{"active", "queued"}) {
            if (llm.path(gauge).isNumber()) {
                extra.put(gauge + "AtEnd", llm.get(gauge).asLong());
            }
        }
        for (String total : new String[]{"requests", "completed", "cancelled", "resumes", "faults", "rejected"}) {
            if (llm.path(total).isNumber() && a.json().path("llm").path(total).isNumber()) {
                extra.put(total, llm.get(total).asLong() - a.json().path("llm").get(total).asLong());
            }
        }
        extra.put("eventsSent", events);
        return new ServerObserved(true, cores, perEvent, extra);
    }

    private static long eventsSent(JsonNode root) {
        JsonNode sent = root.path("llm").path("eventsSent");
        if (sent.isNumber()) {
            return sent.asLong();
        }
        long sum = 0;
        for (JsonNode v : sent) {
            sum += v.asLong(0);
        }
        return sum;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
