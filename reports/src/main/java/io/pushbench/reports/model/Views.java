package io.pushbench.reports.model;

import io.pushbench.analysis.results.Percentiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Holder of the small value types of {@link ReportModel}; see each record. */
public final class Views {
    private Views() {
    }

    /** One point of a percentile spectrum: {@code percentile} in 0..100, value in µs. */
    public record SpectrumPoint(double percentile, double valueUs) {
    }

    /** One 1 s interval of a run's .hlog. */
    public record IntervalPoint(double tSec, long count, double p50Us, double p99Us, double maxUs) {
    }

    /** One interval of the load generator's timeline. */
    public record TimelinePoint(double tSec, String phase, long connections, double messagesPerSec,
                                long reconnects, long lost, long errors) {
    }

    /**
     * What a run of a reconnection scenario says about its scenario (from the run's extensions {@code scenario},
     * {@code scenarioRun} and {@code slowGroup}); null in a {@link RunView} of steady load.
     *
     * @param name                  the scenario case ("drop-abort", "restart", "slow"...)
     * @param summary               one sentence: what the case does ({@code scenarioRun.summary}), null when absent
     * @param fault                 the planned fault ({@code scenarioRun.fault}: "abort 50% of the subscribers'
     *                              streams", "none"), null when absent
     * @param faultAtSteadyPlusMs   when it was planned, ms after the steady window's start; null when absent
     * @param serverRestartsSeen    server restarts the run's {@code /metrics} polls saw; null when absent
     * @param acceptsPerSecMax      the server's highest TCP accept rate in the 10 s after the fault, /s; null when
     *                              absent
     * @param cpuCoresMax           the server's highest CPU use over the same polls, cores; null when absent
     * @param heapUsedBytesMax      the server's highest heap over the same polls, bytes; null when absent
     * @param slowSubscribers       the slow group's size (scenario {@code slow}); null without a slow group
     * @param slowLatencyUs         the slow group's steady-window latency; null without a slow group (the run's
     *                              {@code latencyUs} is then the other subscribers')
     */
    public record ScenarioRun(String name, String summary, String fault, Long faultAtSteadyPlusMs,
                              Long serverRestartsSeen, Long slowSubscribers, Percentiles slowLatencyUs,
                              Double acceptsPerSecMax, Double cpuCoresMax, Double heapUsedBytesMax) {
    }

    /**
     * What a browser run says about its browsers (the run's {@code extensions.browser}, docs/results-schema.md); null
     * in a {@link RunView} of another driver. A figure the run did not record is null.
     *
     * <pre>{@code
     * BrowserRun b = BrowserRun.of((Map<?, ?>) run.extensions().get("browser"));   // null when not a map
     * b.flowing() + " of " + b.subscribers();                                     // "6 of 8"
     * }</pre>
     *
     * @param protocol                         what the browser spoke ("http/1.1 cleartext", "h2 over TLS (ALPN)")
     * @param browsers                         browser instances of the run
     * @param oneBrowser                       whether every subscriber was in one page of one browser (scenario
     *                                         six-connections)
     * @param connectionsPerBrowserLimit       the layout's subscribers per browser for this transport and protocol
     *                                         (6 for SSE over HTTP/1.1: Chromium's connections per host)
     * @param subscribers                      subscribers
     * @param flowing                          subscribers that received at least one feed message
     * @param stalled                          the indices of those that received none
     * @param firstMessageMs                   per subscriber in index order, its first connect start to its first
     *                                         feed message, ms; null entries: none came
     * @param clockErrorBoundUs                the page clock's offset error bound (worst page), µs
     * @param clockMinRttUs                    the smallest DevTools round trip of that estimate, µs
     * @param clockDriftUs                     the offset's change from before to after the run, µs
     * @param rendererCpuMsPerSubscriberPerSec renderer processes' CPU per subscriber, ms per s
     * @param browserCpuMsPerSubscriberPerSec  every browser process's CPU per subscriber, ms per s
     * @param jsHeapBytesPerSubscriber         the pages' live JS heap growth per subscriber, bytes
     */
    public record BrowserRun(String protocol, Integer browsers, Boolean oneBrowser, Integer connectionsPerBrowserLimit,
                             int subscribers, int flowing, List<Integer> stalled, List<Double> firstMessageMs,
                             Double clockErrorBoundUs, Double clockMinRttUs, Double clockDriftUs,
                             Double rendererCpuMsPerSubscriberPerSec, Double browserCpuMsPerSubscriberPerSec,
                             Double jsHeapBytesPerSubscriber) {
        public BrowserRun {
            stalled = stalled == null ? List.of() : List.copyOf(stalled);
            firstMessageMs = firstMessageMs == null ? List.of() : java.util.Collections.unmodifiableList(
                    new ArrayList<>(firstMessageMs));
        }

        /**
         * The browser object of a run's extensions, or null when {@code browser} is not a map or has no
         * {@code streams}. A value of an unexpected shape is left out (extensions are the writer's to extend),
         * never fatal; -1 (not measured) becomes null.
         */
        public static BrowserRun of(Object browser) {
            if (!(browser instanceof Map<?, ?> b) || !(b.get("streams") instanceof Map<?, ?> streams)) {
                return null;
            }
            Map<?, ?> layout = b.get("layout") instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> clock = b.get("clock") instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> cost = b.get("cost") instanceof Map<?, ?> m ? m : Map.of();
            List<Integer> stalled = new ArrayList<>();
            if (streams.get("stalled") instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Number n) {
                        stalled.add(n.intValue());
                    }
                }
            }
            List<Double> first = new ArrayList<>();
            if (streams.get("firstMessageMs") instanceof List<?> l) {
                for (Object o : l) {
                    first.add(o instanceof Number n ? n.doubleValue() : null);
                }
            }
            Integer subscribers = whole(streams.get("subscribers"));
            Integer flowing = whole(streams.get("flowing"));
            return new BrowserRun(b.get("protocol") instanceof String s ? s : null, whole(layout.get("browsers")),
                    layout.get("oneBrowser") instanceof Boolean o ? o : null,
                    whole(layout.get("subscribersPerBrowserLimit")),
                    subscribers != null ? subscribers : first.size(),
                    flowing != null ? flowing : first.size() - stalled.size(), stalled, first,
                    measured(clock.get("errorBoundUs")), measured(clock.get("minRttUs")), number(clock.get("driftUs")),
                    measured(cost.get("rendererCpuMsPerSubscriberPerSec")),
                    measured(cost.get("browserCpuMsPerSubscriberPerSec")),
                    measured(cost.get("jsHeapBytesPerSubscriber")));
        }

        private static Integer whole(Object v) {
            return v instanceof Number n ? Integer.valueOf(n.intValue()) : null;
        }

        private static Double number(Object v) {
            return v instanceof Number n && Double.isFinite(n.doubleValue()) ? Double.valueOf(n.doubleValue()) : null;
        }

        /** A figure that is -1 when not measured. */
        private static Double measured(Object v) {
            Double d = number(v);
            return d == null || d < 0 ? null : d;
        }
    }
}
