package io.pushbench.loadgen.browser;

import io.pushbench.wire.Protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser driver's own figures for {@code extensions.browser} of the run's results: the browser and how the
 * subscribers were laid out, the page clocks' offset error, the browsers' cost per subscriber, and each stream's time
 * from its connect start to its first message (the six-connection effect: a stream that never got one stalled).
 *
 * <pre>{@code
 * session.describeDriver(Map.of("browser", BrowserFigures.describe(driver, subscribers)));
 * }</pre>
 */
final class BrowserFigures {
    private BrowserFigures() {
    }

    static Map<String, Object> describe(BrowserDriver d, BrowserSubscriber[] subscribers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userAgent", d.version());
        m.put("origin", d.origin().toString());
        m.put("protocol", d.config().protocol() == Protocol.H2C ? "h2 over TLS (ALPN)" : "http/1.1 cleartext");
        List<BrowserPage> pages = d.browsers().stream().flatMap(b -> b.pages().stream()).toList();
        m.put("pageNextHopProtocol", pages.isEmpty() ? "unknown" : pages.get(0).nextHopProtocol());
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("browsers", d.layout().browsers());
        layout.put("pages", d.layout().pages().size());
        layout.put("oneBrowser", BrowserDriver.oneBrowser(d.config()));
        layout.put("subscribersPerPageLimit", BrowserLayout.SUBSCRIBERS_PER_PAGE);
        layout.put("subscribersPerBrowserLimit", BrowserLayout.perBrowser(d.config().transport(),
                d.config().protocol()));
        layout.put("drainIntervalMs", BrowserInstance.DRAIN_MS);
        m.put("layout", layout);
        m.put("clock", clock(d, pages));
        m.put("cost", cost(d, subscribers.length));
        m.put("streams", streams(subscribers));
        int self = 0;
        for (BrowserSubscriber s : subscribers) {
            self += s.browserReconnects();
        }
        m.put("eventSourceSelfReconnects", self);
        List<String> crashes = d.browsers().stream().map(BrowserInstance::crash).filter(c -> c != null).toList();
        m.put("crashes", crashes);
        return m;
    }

    private static Map<String, Object> clock(BrowserDriver d, List<BrowserPage> pages) {
        long rtt = 0;
        long bound = 0;
        long resolution = 0;
        boolean isolated = !pages.isEmpty();
        for (BrowserPage p : pages) {
            rtt = Math.max(rtt, p.clock().minRttNanos());
            bound = Math.max(bound, p.clock().errorBoundNanos());
            resolution = Math.max(resolution, p.clock().stepNanos());
            isolated &= p.isolated();
        }
        long drift = 0;
        for (BrowserInstance b : d.browsers()) {
            drift = Math.max(drift, b.maxDriftNanos());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "page performance.now() mapped to the JVM's System.nanoTime by " + BrowserInstance.CLOCK_SAMPLES
                + " DevTools Runtime.evaluate round trips per page: the offset is the middle of the intersection of"
                + " the samples' [before - page - step, after - page + step] intervals, the error bound half its width"
                + " (at most min RTT/2 + step); worst page shown");
        m.put("crossOriginIsolated", isolated);
        m.put("resolutionUs", resolution / 1e3);
        m.put("minRttUs", rtt / 1e3);
        m.put("errorBoundUs", bound / 1e3);
        m.put("driftUs", drift / 1e3);
        return m;
    }

    private static Map<String, Object> cost(BrowserDriver d, int subscribers) {
        double cpu = 0;
        double renderer = 0;
        double task = 0;
        double script = 0;
        double heap = 0;
        double window = 0;
        boolean processes = true;
        for (BrowserInstance b : d.browsers()) {
            Map<String, Object> c = b.cost();
            if (c.isEmpty()) {
                continue;
            }
            window = Math.max(window, num(c, "windowSec"));
            heap += num(c, "jsHeapUsedBytes");
            task += num(c, "rendererTaskSec");
            script += num(c, "rendererScriptSec");
            if (c.containsKey("processCpuSec")) {
                cpu += num(c, "processCpuSec");
                renderer += num(c, "rendererProcessCpuSec");
            } else {
                processes = false;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windowSec", window);
        if (window <= 0) {
            return m;
        }
        double perSubSec = 1e3 / subscribers / window;
        m.put("browserCpuCores", processes ? cpu / window : -1);
        m.put("rendererCpuMsPerSubscriberPerSec", processes ? renderer * perSubSec : -1);
        m.put("browserCpuMsPerSubscriberPerSec", processes ? cpu * perSubSec : -1);
        m.put("mainThreadTaskMsPerSubscriberPerSec", task * perSubSec);
        m.put("scriptMsPerSubscriberPerSec", script * perSubSec);
        m.put("jsHeapBytesPerSubscriber", heap / subscribers);
        m.put("measuredAs", "from the pages' load to the end of the drain phase (subscribers opened over the ramp):"
                + " /proc CPU time of every process of the browsers (renderers apart), DevTools"
                + " Performance.getMetrics TaskDuration and ScriptDuration of the pages, and their JSHeapUsedSize"
                + " after HeapProfiler.collectGarbage at both ends (the subscribers' live objects and buffers)");
        return m;
    }

    private static Map<String, Object> streams(BrowserSubscriber[] subscribers) {
        List<Double> first = new ArrayList<>();
        List<Integer> stalled = new ArrayList<>();
        for (BrowserSubscriber s : subscribers) {
            long n = s.firstMessageAfterNanos();
            first.add(n < 0 ? null : Math.round(n / 1e4) / 100.0);
            if (n < 0) {
                stalled.add(s.index());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subscribers", subscribers.length);
        m.put("flowing", subscribers.length - stalled.size());
        m.put("stalled", stalled);
        m.put("firstMessageMs", first);
        m.put("firstMessageMeasuredAs", "per subscriber, in index order: its first connect start to its first feed"
                + " message, page clock (null: none came)");
        return m;
    }

    private static double num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
