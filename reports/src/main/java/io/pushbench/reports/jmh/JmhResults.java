package io.pushbench.reports.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH's standard JSON result file ({@code -rf json}).
 *
 * <pre>{@code
 * List<JmhScore> scores = JmhResults.read(dir.resolve("jmh/jmh-results.json"));
 * }</pre>
 */
public final class JmhResults {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhResults() {
    }

    /**
     * Parses {@code file}.
     *
     * @throws IOException with a one-line message when the file is not a JMH JSON array
     */
    public static List<JmhScore> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isArray()) {
            throw new IOException(file + " is not a JMH result file (expected a JSON array)");
        }
        List<JmhScore> out = new ArrayList<>();
        for (JsonNode b : root) {
            JsonNode primary = b.path("primaryMetric");
            if (!b.hasNonNull("benchmark") || !primary.has("score")) {
                throw new IOException(file + " is not a JMH result file (entry without benchmark/primaryMetric)");
            }
            TreeMap<String, String> params = new TreeMap<>();
            b.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            out.add(new JmhScore(b.get("benchmark").asText(), b.path("mode").asText("?"),
                    Collections.unmodifiableSortedMap(params),
                    primary.get("score").asDouble(), number(primary.path("scoreError")),
                    primary.path("scoreUnit").asText("?"), alloc(b.path("secondaryMetrics"))));
        }
        return List.copyOf(out);
    }

    // JMH writes "NaN" (a string) for the error of a single measurement.
    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    // JMH 1.37 names it "gc.alloc.rate.norm"; older versions prefix a middle dot.
    private static Double alloc(JsonNode secondary) {
        for (Map.Entry<String, JsonNode> e : secondary.properties()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm") && e.getValue().path("score").isNumber()) {
                return e.getValue().get("score").asDouble();
            }
        }
        return null;
    }
}
