package io.pushbench.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The browser driver's lines of a run summary, from the run's {@code extensions.browser}: the layout and page clock,
 * the browsers' cost per subscriber, and each stream's time to first message.
 *
 * <pre>{@code
 * if (r.extensions().get("browser") instanceof Map<?, ?> b) { out.append(BrowserSummary.lines(b)); }
 * }</pre>
 */
final class BrowserSummary {
    private BrowserSummary() {
    }

    static String lines(Map<?, ?> b) {
        StringBuilder s = new StringBuilder();
        Map<?, ?> layout = map(b.get("layout"));
        Map<?, ?> clock = map(b.get("clock"));
        s.append(String.format(Locale.ROOT, "  browser    %s, %s browser(s), %s page(s), %s; page clock step %s%s,"
                        + " offset error <= %s (min RTT %s), drift %s%n",
                b.get("protocol"), layout.get("browsers"), layout.get("pages"), b.get("pageNextHopProtocol"),
                us(clock.get("resolutionUs")), Boolean.TRUE.equals(clock.get("crossOriginIsolated"))
                        ? " (cross-origin isolated)" : "", us(clock.get("errorBoundUs")), us(clock.get("minRttUs")),
                us(clock.get("driftUs"))));
        Map<?, ?> cost = map(b.get("cost"));
        if (cost.get("jsHeapBytesPerSubscriber") != null) {
            s.append(String.format(Locale.ROOT, "  browser    cost %.2f cores; per subscriber: renderer CPU %.3f ms/s,"
                            + " all browser processes %.3f ms/s, main-thread tasks %.3f ms/s, JS heap %.1f KB%n",
                    num(cost.get("browserCpuCores")), num(cost.get("rendererCpuMsPerSubscriberPerSec")),
                    num(cost.get("browserCpuMsPerSubscriberPerSec")),
                    num(cost.get("mainThreadTaskMsPerSubscriberPerSec")),
                    num(cost.get("jsHeapBytesPerSubscriber")) / 1024));
        }
        Map<?, ?> streams = map(b.get("streams"));
        s.append(String.format(Locale.ROOT, "  streams    %s of %s flowing; connect start to first message, per"
                + " stream (ms): %s%n", streams.get("flowing"), streams.get("subscribers"),
                firsts(streams.get("firstMessageMs"))));
        if (b.get("crashes") instanceof List<?> crashes) {
            for (Object c : crashes) {
                s.append("  browser    ").append(c).append('\n');
            }
        }
        return s.toString();
    }

    private static String firsts(Object o) {
        if (!(o instanceof List<?> list)) {
            return "n/a";
        }
        StringBuilder s = new StringBuilder();
        for (Object v : list) {
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append(v == null ? "stalled" : String.format(Locale.ROOT, "%.0f", num(v)));
        }
        return s.toString();
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String us(Object o) {
        double v = num(o);
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 1000 ? String.format(Locale.ROOT, "%.2fms", v / 1000) : String.format(Locale.ROOT, "%.0fµs", v);
    }
}
