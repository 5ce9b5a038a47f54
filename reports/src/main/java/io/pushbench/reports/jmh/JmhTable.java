package io.pushbench.reports.jmh;

import io.pushbench.wire.Transport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * JMH results arranged for the report: SSE and WebSocket benchmarks of the same benchmark class and parameters
 * side by side, the transport-neutral ones (JSON, UTF-8) on their own.
 *
 * <pre>{@code
 * JmhTable t = JmhTable.of(JmhResults.read(file));
 * t.pairs().forEach(r -> System.out.println(r.group() + " " + r.params() + " " + r.sse() + " | " + r.ws()));
 * }</pre>
 *
 * <p>A benchmark's side is its {@code transport} parameter when it has one ("sse"/"ws"); otherwise the words of its
 * method name ({@code sseEvent} → SSE, {@code wsServerFrame}/{@code webSocket...} → WebSocket). Within one class
 * and one set of the other parameters, a parameterised pair shares its method; otherwise the n-th SSE method is set
 * beside the n-th WebSocket method in source order (e.g. {@code sseEvent} beside {@code wsServerFrame}), and a
 * method without a counterpart gets a row of its own.
 *
 * @param pairs rows with an SSE and/or a WebSocket side
 * @param other transport-neutral benchmarks
 */
public record JmhTable(List<Row> pairs, List<JmhScore> other) {

    /** One side-by-side row; either side may be null. {@code group} is the class name without "Benchmark". */
    public record Row(String group, Map<String, String> params, JmhScore sse, JmhScore ws) {
    }

    /** Arranges {@code scores}. */
    public static JmhTable of(List<JmhScore> scores) {
        Map<Transport, Map<String, List<JmhScore>>> bySide = new EnumMap<>(Transport.class);
        for (Transport t : Transport.values()) {
            bySide.put(t, new LinkedHashMap<>());
        }
        Map<String, Map<String, String>> paramsOf = new LinkedHashMap<>();
        List<JmhScore> other = new ArrayList<>();
        for (JmhScore s : scores) {
            TreeMap<String, String> params = new TreeMap<>(s.params());
            String param = params.remove("transport");
            String method = s.benchmark().substring(s.benchmark().lastIndexOf('.') + 1);
            String key = className(s.benchmark()) + params;
            Transport side;
            if (param != null) {
                key = key + "#" + method;   // parameterised by transport: pair on the same method
                side = sideOfParam(param);
            } else {
                side = sideOfMethod(words(method));
            }
            if (side == null) {
                other.add(s);
                continue;
            }
            paramsOf.putIfAbsent(key, Collections.unmodifiableSortedMap(params));
            for (Map<String, List<JmhScore>> byKey : bySide.values()) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>());
            }
            bySide.get(side).get(key).add(s);
        }
        Map<String, List<JmhScore>> sse = bySide.get(Transport.SSE);
        Map<String, List<JmhScore>> ws = bySide.get(Transport.WS);
        List<Row> rows = new ArrayList<>();
        for (String key : paramsOf.keySet()) {
            List<JmhScore> a = sse.get(key);
            List<JmhScore> b = ws.get(key);
            String group = key.substring(0, key.indexOf('{'));
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                rows.add(new Row(group, paramsOf.get(key), i < a.size() ? a.get(i) : null,
                        i < b.size() ? b.get(i) : null));
            }
        }
        return new JmhTable(List.copyOf(rows), List.copyOf(other));
    }

    /** "io.pushbench.jmh.bench.FramingBenchmark.sseEvent" → "Framing". */
    static String className(String benchmark) {
        int last = benchmark.lastIndexOf('.');
        String cls = last < 0 ? benchmark : benchmark.substring(benchmark.lastIndexOf('.', last - 1) + 1, last);
        return cls.endsWith("Benchmark") && cls.length() > 9 ? cls.substring(0, cls.length() - 9) : cls;
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

    /** The transport a {@code transport} parameter names, null for a value that names none. */
    private static Transport sideOfParam(String value) {
        try {
            return Transport.parse(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The transport a method name's words name ("sse", "ws", "web socket"), null for a transport-neutral one. */
    private static Transport sideOfMethod(List<String> words) {
        for (Transport t : Transport.values()) {
            if (words.contains(t.key())) {
                return t;
            }
        }
        return containsWebSocket(words) ? Transport.WS : null;
    }

    private static boolean containsWebSocket(List<String> words) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals("web") && words.get(i + 1).equals("socket")) {
                return true;
            }
        }
        return words.contains("websocket");
    }
}
