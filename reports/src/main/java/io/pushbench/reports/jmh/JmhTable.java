package io.pushbench.reports.jmh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * JMH results arranged for the report: SSE and WebSocket benchmarks of the same operation side by side, the rest
 * (JSON, UTF-8, transport-neutral fan-out) on their own.
 *
 * <p>Which side a benchmark is on comes from a {@code transport} parameter when it has one ("sse"/"ws"), else from
 * the words of its class and method name ({@code SseEncode...} → SSE, {@code WebSocket...}/{@code Ws...} → WS).
 * Two benchmarks pair when their names without the transport words and their other parameters are equal.
 *
 * @param pairs rows with an SSE and/or a WebSocket side
 * @param other transport-neutral benchmarks
 */
public record JmhTable(List<Row> pairs, List<JmhScore> other) {

    /** One side-by-side row; either side may be null when the other transport has no counterpart. */
    public record Row(String operation, Map<String, String> params, JmhScore sse, JmhScore ws) {
    }

    /** Arranges {@code scores}. */
    public static JmhTable of(List<JmhScore> scores) {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<JmhScore> other = new ArrayList<>();
        for (JmhScore s : scores) {
            Map<String, String> params = new TreeMap<>(s.params());
            String side = params.remove("transport");
            List<String> words = words(shortName(s.benchmark()));
            if (side == null) {
                side = words.contains("sse") ? "sse" : words.contains("ws") || containsWebSocket(words) ? "ws" : null;
            }
            if (side == null) {
                other.add(s);
                continue;
            }
            String operation = operation(words);
            String key = operation + params;
            Row prev = rows.get(key);
            JmhScore sse = prev == null ? null : prev.sse();
            JmhScore ws = prev == null ? null : prev.ws();
            if (side.toLowerCase(Locale.ROOT).startsWith("s")) {
                sse = s;
            } else {
                ws = s;
            }
            rows.put(key, new Row(operation, Map.copyOf(params), sse, ws));
        }
        return new JmhTable(List.copyOf(rows.values()), List.copyOf(other));
    }

    /** "io.pushbench.jmh.SseEncodeBenchmark.withId" → "SseEncodeBenchmark.withId". */
    static String shortName(String benchmark) {
        int last = benchmark.lastIndexOf('.');
        int prev = last <= 0 ? -1 : benchmark.lastIndexOf('.', last - 1);
        return benchmark.substring(prev + 1);
    }

    static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        for (String part : name.split("[._\\-]")) {
            for (String w : part.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")) {
                if (!w.isEmpty()) {
                    out.add(w.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static boolean containsWebSocket(List<String> words) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals("web") && words.get(i + 1).equals("socket")) {
                return true;
            }
        }
        return words.contains("websocket");
    }

    private static String operation(List<String> words) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("web") && i + 1 < words.size() && words.get(i + 1).equals("socket")) {
                i++;
                continue;
            }
            if (!w.equals("sse") && !w.equals("ws") && !w.equals("websocket") && !w.equals("benchmark")) {
                kept.add(w);
            }
        }
        return String.join(" ", kept);
    }
}
