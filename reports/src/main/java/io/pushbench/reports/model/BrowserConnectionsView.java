package io.pushbench.reports.model;

import io.pushbench.analysis.figure.Unit;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.verdict.Arm;
import io.pushbench.reports.model.Views.BrowserRun;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The "Browser connections" section of a report: the browser runs of the {@value #SCENARIO} scenario (every
 * subscriber in one page of one browser), one row per run with its streams, and one with its browsers' cost and
 * page clock, and exactly two sentences that state the effect with the measured figures. The sentences are the one
 * definition: both report formats print them, and {@code pushbench run} prints them under a run of the scenario.
 *
 * <pre>{@code
 * BrowserConnectionsView v = BrowserConnectionsView.of(model.runs());        // null without such runs
 * v.sentences();   // ["Over HTTP/1.1, 6 of 8 EventSource streams flowed; the other 2 never received a message in
 *                  //   the run (Chromium's limit of 6 connections per host).",
 *                  //  "Over HTTP/2 all 8 EventSource streams flowed (first message within 96 ms), as did all 8
 *                  //   WebSockets over HTTP/1.1 (within 91 ms)."]
 * BrowserConnectionsView.ofResults(List.of(runResult));                      // the console's, from a run's results
 * }</pre>
 *
 * <p>A "flowing" stream received at least one feed message in the run; a stalled one none
 * ({@code extensions.browser.streams}). Runs of the same transport and protocol are stated together, their streams
 * summed ("12 of 16 EventSource streams flowed in 2 runs").
 *
 * @param sentences exactly two: the streams that stalled, then the streams that all flowed with their time to first
 *                  message
 * @param runs      per run, its streams
 * @param costs     per run, its browsers' cost per subscriber and its page clock's error
 */
public record BrowserConnectionsView(List<String> sentences, List<RunRow> runs, List<CostRow> costs) {
    /** The scenario this section is about ({@code Scenarios.SIX_CONNECTIONS} in the load generator). */
    public static final String SCENARIO = "six-connections";

    /**
     * One run's streams.
     *
     * @param id           the run id
     * @param transport    "SSE" or "WS"
     * @param protocol     what the browser spoke ("http/1.1 cleartext", "h2 over TLS (ALPN)")
     * @param flowing      "6 of 8"
     * @param firstMessage connect start to first message per stream in index order, ms ("77 12 66 stalled")
     * @param stalled      how many received nothing
     */
    public record RunRow(String id, String transport, String protocol, String flowing, String firstMessage,
                         String stalled) {
    }

    /**
     * One run's browser cost per subscriber and page clock ("—" where the run did not record it).
     *
     * @param id          the run id
     * @param rendererCpu renderer processes' CPU per subscriber, "1.57 ms/s"
     * @param browserCpu  every browser process's CPU per subscriber, "3.61 ms/s"
     * @param jsHeap      live JS heap per subscriber, "5.8 KiB"
     * @param clockBound  the page clock's offset error bound with its min RTT, "408 µs (min RTT 884 µs)"
     * @param clockDrift  the offset's change over the run, "3.0 µs"
     */
    public record CostRow(String id, String rendererCpu, String browserCpu, String jsHeap, String clockBound,
                          String clockDrift) {
    }

    /** One run as the section reads it. */
    private record Run(String id, Transport transport, Protocol protocol, BrowserRun b) {
    }

    /** The section of {@code runs}' browser runs of {@value #SCENARIO}; null when there is none. */
    public static BrowserConnectionsView of(List<RunView> runs) {
        List<Run> mine = new ArrayList<>();
        for (RunView r : runs) {
            if (r.driver() == Driver.BROWSER && r.browser() != null && r.scenario() != null
                    && SCENARIO.equals(r.scenario().name())) {
                mine.add(new Run(r.id(), r.transport(), r.protocol(), r.browser()));
            }
        }
        return of0(mine);
    }

    /** As {@link #of}, from run results (the console's, before any report is written). */
    public static BrowserConnectionsView ofResults(List<RunResult> runs) {
        List<Run> mine = new ArrayList<>();
        for (RunResult r : runs) {
            BrowserRun b = BrowserRun.of(r.extensions().get("browser"));
            if (r.driver() == Driver.BROWSER && b != null
                    && SCENARIO.equals(r.extensions().get(Arm.SCENARIO_EXTENSION))) {
                mine.add(new Run(r.id(), r.transport(), r.protocol(), b));
            }
        }
        return of0(mine);
    }

    private static BrowserConnectionsView of0(List<Run> runs) {
        if (runs.isEmpty()) {
            return null;
        }
        List<RunRow> rows = new ArrayList<>();
        List<CostRow> costs = new ArrayList<>();
        for (Run r : runs) {
            BrowserRun b = r.b();
            rows.add(new RunRow(r.id(), r.transport().label(), b.protocol() == null ? r.protocol().key()
                    : b.protocol(), b.flowing() + " of " + b.subscribers(), firsts(b.firstMessageMs()),
                    Integer.toString(b.subscribers() - b.flowing())));
            costs.add(new CostRow(r.id(), msPerSec(b.rendererCpuMsPerSubscriberPerSec()),
                    msPerSec(b.browserCpuMsPerSubscriberPerSec()), b.jsHeapBytesPerSubscriber() == null ? "—"
                    : Unit.BYTES.format(b.jsHeapBytesPerSubscriber()), b.clockErrorBoundUs() == null ? "—"
                    : Unit.MICROS.format(b.clockErrorBoundUs()) + (b.clockMinRttUs() == null ? ""
                    : " (min RTT " + Unit.MICROS.format(b.clockMinRttUs()) + ")"),
                    b.clockDriftUs() == null ? "—" : Unit.MICROS.format(b.clockDriftUs())));
        }
        return new BrowserConnectionsView(sentences(runs), rows, costs);
    }

    /** The runs of one transport and protocol, their streams summed. */
    private record Group(Transport transport, Protocol protocol, List<Run> runs) {
        int subscribers() {
            return runs.stream().mapToInt(r -> r.b().subscribers()).sum();
        }

        int flowing() {
            return runs.stream().mapToInt(r -> r.b().flowing()).sum();
        }

        /** The longest connect-start-to-first-message of the streams that flowed, ms; -1 when none did. */
        double slowestFirstMs() {
            return runs.stream().flatMap(r -> r.b().firstMessageMs().stream()).filter(Objects::nonNull)
                    .mapToDouble(Double::doubleValue).max().orElse(-1);
        }

        /**
         * Whether every run flowed exactly as many streams as its browsers' connections per host allow (the layout's
         * limit times its browsers): the stall is the browser's limit, not something else.
         */
        boolean atConnectionLimit() {
            return runs.stream().allMatch(r -> r.b().connectionsPerBrowserLimit() != null
                    && r.b().browsers() != null
                    && r.b().flowing() == r.b().connectionsPerBrowserLimit() * r.b().browsers());
        }

        String inRuns() {
            return runs.size() == 1 ? "" : " in " + runs.size() + " runs";
        }
    }

    /** The two sentences (see the class comment). */
    private static List<String> sentences(List<Run> runs) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Run r : runs) {
            groups.computeIfAbsent(r.transport().key() + "|" + r.protocol().key(),
                    k -> new Group(r.transport(), r.protocol(), new ArrayList<>())).runs().add(r);
        }
        // a fixed order (SSE before WebSocket, HTTP/1.1 before HTTP/2), not the runs' alternated one
        List<Group> ordered = groups.values().stream().sorted(java.util.Comparator
                .comparing((Group g) -> g.transport().ordinal()).thenComparing(g -> g.protocol().ordinal())).toList();
        List<Group> stalled = ordered.stream().filter(g -> g.flowing() < g.subscribers()).toList();
        List<Group> flowed = ordered.stream().filter(g -> g.flowing() == g.subscribers()).toList();
        int total = groups.values().stream().mapToInt(Group::subscribers).sum();

        String first;
        if (stalled.isEmpty()) {
            first = "No stream stalled: all " + total + " streams of the " + runs.size() + " run"
                    + (runs.size() == 1 ? "" : "s") + " received messages.";
        } else {
            List<String> clauses = new ArrayList<>();
            for (Group g : stalled) {
                int other = g.subscribers() - g.flowing();
                Integer limit = g.runs().get(0).b().connectionsPerBrowserLimit();
                clauses.add("over " + protocol(g.protocol()) + ", " + g.flowing() + " of " + g.subscribers() + " "
                        + noun(g.transport(), g.subscribers()) + " flowed" + g.inRuns() + "; the other " + other
                        + " never received a message in " + (g.runs().size() == 1 ? "the run" : "their run")
                        + (g.atConnectionLimit()
                        ? " (Chromium's limit of " + limit + " connections per host)" : ""));
            }
            first = capitalise(String.join("; ", clauses)) + ".";
        }

        String second;
        if (!flowed.isEmpty()) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < flowed.size(); i++) {
                Group g = flowed.get(i);
                String all = (g.subscribers() == 1 ? "the one " : "all " + g.subscribers() + " ")
                        + noun(g.transport(), g.subscribers()) + (g.runs().size() == 1 ? ""
                        : " of " + g.runs().size() + " runs");
                if (i == 0) {
                    s.append("Over ").append(protocol(g.protocol())).append(' ').append(all).append(" flowed")
                            .append(" (first message within ").append(ms(g.slowestFirstMs())).append(')');
                } else {
                    s.append(i == 1 ? ", as did " : i == flowed.size() - 1 ? " and " : ", ").append(all)
                            .append(" over ").append(protocol(g.protocol())).append(" (within ")
                            .append(ms(g.slowestFirstMs())).append(')');
                }
            }
            second = s.append('.').toString();
        } else {
            int flowing = groups.values().stream().mapToInt(Group::flowing).sum();
            double slowest = groups.values().stream().mapToDouble(Group::slowestFirstMs).max().orElse(-1);
            second = flowing == 0 ? "No stream received a message."
                    : "The " + flowing + " that flowed received their first message within " + ms(slowest)
                    + " of their connect start.";
        }
        return List.of(first, second);
    }

    /** The protocol as a browser speaks it: HTTP/2 is over TLS (a browser never speaks h2c). */
    private static String protocol(Protocol p) {
        return p == Protocol.H1 ? "HTTP/1.1" : "HTTP/2";
    }

    private static String noun(Transport t, int n) {
        return t == Transport.SSE ? (n == 1 ? "EventSource stream" : "EventSource streams")
                : (n == 1 ? "WebSocket" : "WebSockets");
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String msPerSec(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.2f ms/s", v);
    }

    private static String firsts(List<Double> ms) {
        if (ms.isEmpty()) {
            return "—";
        }
        List<String> out = new ArrayList<>();
        for (Double v : ms) {
            out.add(v == null ? "stalled" : String.format(Locale.ROOT, "%.0f", v));
        }
        return String.join(" ", out);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
