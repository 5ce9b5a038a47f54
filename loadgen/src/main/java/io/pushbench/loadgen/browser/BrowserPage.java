package io.pushbench.loadgen.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of subscribers in a {@link ChromiumBrowser}: its clock mapping, its subscribers in the page's own order,
 * and the WebDriver calls that open, drain and stop them ({@code window.pushbench} of {@code subscriber.js}).
 *
 * <pre>{@code
 * BrowserPage p = new BrowserPage(browser, browser.openPage(url));
 * p.calibrate(30);                                        // the page clock against System.nanoTime
 * p.open(subscriber, "sse", "/sse", backoff);
 * p.drain();                                              // every ~200 ms: events onto the probes
 * }</pre>
 *
 * Called from its browser's thread only.
 */
final class BrowserPage {
    private final ChromiumBrowser browser;
    private final String handle;
    private final List<BrowserSubscriber> subscribers = new ArrayList<>();
    private ClockOffset clock;
    private boolean isolated;
    private long resolutionNanos;
    private String nextHopProtocol;

    BrowserPage(ChromiumBrowser browser, String handle) {
        this.browser = browser;
        this.handle = handle;
    }

    /**
     * Measures the page clock's step and {@code samples} round trips of {@code performance.now()}, and keeps the
     * estimate ({@link ClockOffsetEstimator}); returns it.
     */
    ClockOffset calibrate(int samples) {
        browser.select(handle);
        Map<?, ?> info = (Map<?, ?>) browser.script("return pushbench.clock();");
        double resolutionMs = ((Number) info.get("resolutionMs")).doubleValue();
        isolated = Boolean.TRUE.equals(info.get("crossOriginIsolated"));
        resolutionNanos = Double.isFinite(resolutionMs) ? Math.round(resolutionMs * 1e6) : 0;
        Object hop = browser.script("const n = performance.getEntriesByType('navigation')[0];"
                + " return n ? n.nextHopProtocol : null;");
        nextHopProtocol = hop == null ? "unknown" : hop.toString();
        clock = measure(samples);
        return clock;
    }

    /** A fresh estimate, without replacing the one in use (the end-of-run drift check). */
    ClockOffset measure(int samples) {
        browser.select(handle);
        ClockOffsetEstimator e = new ClockOffsetEstimator(resolutionNanos);
        for (int i = 0; i < samples; i++) {
            long before = System.nanoTime();
            Object v = browser.script("return pushbench.now();");
            long after = System.nanoTime();
            e.add(before, ((Number) v).doubleValue(), after);
        }
        return e.best();
    }

    /** Opens {@code s} in this page on {@code transport} ("sse" or "ws") at {@code url}, with the page's backoff. */
    void open(BrowserSubscriber s, String transport, String url, Map<String, Object> backoff) {
        browser.select(handle);
        subscribers.add(s);
        browser.script("return pushbench.open(arguments[0], arguments[1], arguments[2]);", transport, url, backoff);
    }

    /** Takes every event the page recorded since the last drain and applies them, in order, to their probes. */
    void drain() {
        browser.select(handle);
        List<?> all = (List<?>) browser.script("return pushbench.drain();");
        for (int i = 0; i < all.size() && i < subscribers.size(); i++) {
            BrowserSubscriber s = subscribers.get(i);
            for (Object event : (List<?>) all.get(i)) {
                s.apply((List<?>) event, clock);
            }
        }
    }

    /** Closes every subscriber of the page (each records its end), then drains. */
    void stop() {
        browser.select(handle);
        browser.script("pushbench.stop();");
        drain();
    }

    /** The page's DevTools performance metrics now. */
    Map<String, Double> metrics() {
        browser.select(handle);
        return browser.metrics();
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
}
