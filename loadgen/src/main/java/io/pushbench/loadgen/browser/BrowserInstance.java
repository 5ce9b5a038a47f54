package io.pushbench.loadgen.browser;

import io.pushbench.loadgen.driver.LoadSession;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One browser of a run and its pages, and the loop its own thread runs: open each subscriber at its
 * {@link LoadSession#connectAt} time, drain every page every {@value #DRAIN_MS} ms, and at the end of the drain phase
 * read the browser's cost, stop every subscriber and drain the last events. A browser that crashes or stops answering
 * makes the run invalid (the reason names it); its subscribers' streams end there, and the other browsers go on.
 *
 * <pre>{@code
 * BrowserInstance b = new BrowserInstance(0, chromium, pages);      // pages already loaded and calibrated
 * b.run(session, subscribers, streamUrl, "sse", backoff);           // on the browser's thread, until the end
 * b.cost();                                                        // CPU and heap over the run
 * }</pre>
 */
final class BrowserInstance {
    /** How often each page is drained; a receive time is taken in the page, so this delays the accounting only. */
    static final long DRAIN_MS = 200;
    /** Round trips per clock estimate. */
    static final int CLOCK_SAMPLES = 40;

    private final int index;
    private final ChromiumBrowser browser;
    private final List<BrowserPage> pages;
    private final List<BrowserLayout.Page> layout;
    private String crash;
    private final Map<String, Object> cost = new LinkedHashMap<>();
    private long maxDriftNanos;

    BrowserInstance(int index, ChromiumBrowser browser, List<BrowserPage> pages, List<BrowserLayout.Page> layout) {
        this.index = index;
        this.browser = browser;
        this.pages = pages;
        this.layout = layout;
    }

    /** Runs this browser's subscribers until the end of the session; see the class comment. */
    void run(LoadSession session, BrowserSubscriber[] subscribers, String transport, String url,
             Map<String, Object> backoff) {
        record Due(long at, BrowserPage page, BrowserSubscriber subscriber) {
        }
        List<Due> due = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
            for (int i : layout.get(p).subscribers()) {
                due.add(new Due(session.connectAt(i), pages.get(p), subscribers[i]));
            }
        }
        due.sort(Comparator.comparingLong(Due::at));
        List<BrowserSubscriber> mine = due.stream().map(Due::subscriber).toList();
        try {
            // the heap after a collection, then the CPU counters, so that the collection is not charged to the run
            double heapBefore = 0;
            for (BrowserPage p : pages) {
                heapBefore += p.liveHeapBytes();
            }
            List<Map<String, Double>> before = new ArrayList<>();
            for (BrowserPage p : pages) {
                before.add(p.metrics());
            }
            Map<Long, ChromiumBrowser.ProcessCpu> cpuBefore = browser.cpu();
            long startNanos = System.nanoTime();
            int next = 0;
            long nextDrain = session.clock().nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
            long end = session.endNanos();
            while (true) {
                long now = session.clock().nanoTime();
                if (now >= end) {
                    break;
                }
                while (next < due.size() && due.get(next).at() <= now) {
                    Due d = due.get(next++);
                    d.page().open(d.subscriber(), transport, url, backoff);
                }
                if (now >= nextDrain) {
                    for (BrowserPage p : pages) {
                        p.drain();
                    }
                    nextDrain = Math.max(nextDrain + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS), now);
                }
                long wake = Math.min(end, nextDrain);
                if (next < due.size()) {
                    wake = Math.min(wake, due.get(next).at());
                }
                LockSupport.parkNanos(Math.max(0, wake - session.clock().nanoTime()));
            }
            // the cost while every stream is still open, then the end of the streams
            Map<Long, ChromiumBrowser.ProcessCpu> cpuAfter = browser.cpu();
            long wall = System.nanoTime() - startNanos;
            List<Map<String, Double>> after = new ArrayList<>();
            for (BrowserPage p : pages) {
                after.add(p.metrics());
            }
            double heapAfter = 0;
            for (BrowserPage p : pages) {
                heapAfter += p.liveHeapBytes();
            }
            for (BrowserPage p : pages) {
                p.stop();
            }
            for (BrowserPage p : pages) {
                long drift = p.measure(CLOCK_SAMPLES).offsetNanos() - p.clock().offsetNanos();
                maxDriftNanos = Math.max(maxDriftNanos, Math.abs(drift));
            }
            recordCost(before, after, heapAfter - heapBefore,
                    cpuAfter.isEmpty() ? null : ChromiumBrowser.cpuSince(cpuBefore, cpuAfter), wall, mine.size());
        } catch (RuntimeException e) {
            // WebDriverException (crash, chromedriver gone) and a page that answers nonsense alike
            long now = session.clock().nanoTime();
            crash = "browser " + index + " (" + mine.size() + " subscribers) crashed or stopped answering at "
                    + String.format(java.util.Locale.ROOT, "%.1f", (now - session.schedule().startNanos()) / 1e9)
                    + " s: " + firstLine(e);
            session.invalidate(crash);
            for (BrowserSubscriber s : mine) {
                s.lost(now);
            }
        }
    }

    private void recordCost(List<Map<String, Double>> before, List<Map<String, Double>> after, double heap,
                            long[] cpu, long wallNanos, int subscribers) {
        double task = 0;
        double script = 0;
        for (int i = 0; i < before.size(); i++) {
            task += delta(before.get(i), after.get(i), "TaskDuration");
            script += delta(before.get(i), after.get(i), "ScriptDuration");
        }
        double secs = wallNanos / 1e9;
        cost.put("windowSec", secs);
        cost.put("subscribers", subscribers);
        cost.put("jsHeapUsedBytes", heap);
        cost.put("rendererTaskSec", task);
        cost.put("rendererScriptSec", script);
        if (cpu != null) {
            cost.put("processCpuSec", cpu[0] / 1e9);
            cost.put("rendererProcessCpuSec", cpu[1] / 1e9);
        }
    }

    private static double delta(Map<String, Double> a, Map<String, Double> b, String key) {
        Double x = a.get(key);
        Double y = b.get(key);
        return x == null || y == null ? 0 : y - x;
    }

    private static String firstLine(Throwable e) {
        String m = e.getClass().getSimpleName() + ": " + (e.getMessage() == null ? "" : e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    /** Why this browser failed, or null. */
    String crash() {
        return crash;
    }

    /** The browser's cost over the run (empty when it crashed). */
    Map<String, Object> cost() {
        return cost;
    }

    /** The largest change of a page's clock offset between the start and the end of the run, ns. */
    long maxDriftNanos() {
        return maxDriftNanos;
    }

    ChromiumBrowser browser() {
        return browser;
    }

    List<BrowserPage> pages() {
        return pages;
    }

    /** Closes the pages' DevTools connections and quits the browser. */
    void close() {
        pages.forEach(BrowserPage::close);
        browser.close();
    }
}
