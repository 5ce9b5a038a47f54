package io.pushbench.loadgen.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of subscribers: its DevTools connection ({@link DevToolsPage}), its clock mapping, its subscribers in the
 * page's own order, and the calls that open, drain and stop them ({@code window.pushbench} of
 * {@code subscriber.js}).
 *
 * <pre>{@code
 * BrowserPage p = new BrowserPage(browser.devTools(browser.openPage(url)));
 * p.calibrate(40);                                        // the page clock against System.nanoTime
 * p.open(subscriber, "sse", "http://127.0.0.1:8080/sse", backoff);
 * p.drain();                                              // every ~200 ms: events onto the probes
 * }</pre>
 *
 * Called from its browser's thread only.
 */
final class BrowserPage implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DevToolsPage cdp;
    private final List<BrowserSubscriber> subscribers = new ArrayList<>();
    private ClockOffset clock;
    private boolean isolated;
    private long stepNanos;
    private String nextHopProtocol;

    BrowserPage(DevToolsPage cdp) {
        this.cdp = cdp;
    }

    /**
     * Measures the page clock's step and {@code samples} round trips of {@code performance.now()}, and keeps the
     * estimate ({@link ClockOffsetEstimator}); returns it.
     */
    ClockOffset calibrate(int samples) {
        JsonNode info = cdp.evaluate("pushbench.clock()");
        double stepMs = info.path("resolutionMs").asDouble(0);
        isolated = info.path("crossOriginIsolated").asBoolean(false);
        stepNanos = Double.isFinite(stepMs) ? Math.round(stepMs * 1e6) : 0;
        nextHopProtocol = cdp.evaluate("(performance.getEntriesByType('navigation')[0] || {}).nextHopProtocol"
                + " || 'unknown'").asText();
        clock = measure(samples);
        return clock;
    }

    /** A fresh estimate, without replacing the one in use (the end-of-run drift check). */
    ClockOffset measure(int samples) {
        return measure(samples, null);
    }

    /** As {@link #measure(int)}, each round trip also given to {@code spread} (null: none; the calibration's). */
    ClockOffset measure(int samples, ClockOffsetSpread spread) {
        ClockOffsetEstimator e = new ClockOffsetEstimator(stepNanos);
        for (int i = 0; i < samples; i++) {
            long before = System.nanoTime();
            double now = cdp.evaluate("pushbench.now()").asDouble();
            long after = System.nanoTime();
            e.add(before, now, after);
            if (spread != null) {
                spread.roundTrip(before, now, after);
            }
        }
        return e.best();
    }

    /** Opens {@code s} in this page on {@code transport} ("sse" or "ws") at {@code url}, with the page's backoff. */
    void open(BrowserSubscriber s, String transport, String url, Map<String, Object> backoff) {
        subscribers.add(s);
        try {
            cdp.evaluate("pushbench.open(" + JSON.writeValueAsString(transport) + ", " + JSON.writeValueAsString(url)
                    + ", " + JSON.writeValueAsString(backoff) + ")");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Takes every event the page recorded since the last drain and applies them, in order, to their probes. */
    void drain() {
        JsonNode all = cdp.evaluate("pushbench.drain()");
        for (int i = 0; i < all.size() && i < subscribers.size(); i++) {
            BrowserSubscriber s = subscribers.get(i);
            for (JsonNode e : all.get(i)) {
                s.apply(e.get(0).asText(), e.get(1).asDouble(), e.get(2).isNull() ? null : e.get(2).asText(),
                        e.get(3).asInt(), clock);
            }
        }
    }

    /** Closes every subscriber of the page (each records its end), then drains. */
    void stop() {
        cdp.evaluate("pushbench.stop()");
        drain();
    }

    /**
     * The page's live JS heap, bytes: {@code JSHeapUsedSize} just after a full collection
     * ({@code HeapProfiler.collectGarbage}), so that two readings differ by what is held, not by what awaits the
     * collector.
     */
    double liveHeapBytes() {
        cdp.call("HeapProfiler.collectGarbage", Map.of());
        return metrics().getOrDefault("JSHeapUsedSize", Double.NaN);
    }

    /**
     * The page's DevTools performance metrics now ({@code Performance.getMetrics}: {@code JSHeapUsedSize} in bytes,
     * {@code TaskDuration} and {@code ScriptDuration} in seconds of the renderer's main thread...).
     */
    Map<String, Double> metrics() {
        cdp.call("Performance.enable", Map.of());
        Map<String, Double> out = new HashMap<>();
        for (JsonNode m : cdp.call("Performance.getMetrics", Map.of()).path("metrics")) {
            out.put(m.path("name").asText(), m.path("value").asDouble());
        }
        return out;
    }

    List<BrowserSubscriber> subscribers() {
        return subscribers;
    }

    ClockOffset clock() {
        return clock;
    }

    /** Whether the page is cross-origin isolated (its clock then steps by 5 µs, not 100 µs). */
    boolean isolated() {
        return isolated;
    }

    /** The protocol the page itself was loaded over ("h2", "http/1.1"). */
    String nextHopProtocol() {
        return nextHopProtocol;
    }

    @Override
    public void close() {
        cdp.close();
    }
}
