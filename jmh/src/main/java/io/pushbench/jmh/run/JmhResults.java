package io.pushbench.jmh.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's standard JSON result format ({@code -rf json}) into {@link ResultRow}s.
 *
 * <pre>{@code
 * List<ResultRow> rows = JmhResults.read(Path.of("results/jmh/jmh-results.json"));
 * }</pre>
 *
 * JMH writes non-finite numbers as the strings {@code "NaN"} / {@code "Infinity"}; they are read as doubles.
 */
public final class JmhResults {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhResults() {
    }

    /**
     * @throws IOException with a one-line message when the file is missing or is not a JMH JSON result
     */
    public static List<ResultRow> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IOException("no JMH result file at " + file);
        } catch (IOException e) {
            throw new IOException("not JSON: " + file + ": " + getOriginalMessage(e));
        }
        if (root == null || !root.isArray()) {
            throw new IOException("not a JMH JSON result (expected an array): " + file);
        }
        List<ResultRow> rows = new ArrayList<>();
        for (JsonNode n : root) {
            JsonNode primary = n.path("primaryMetric");
            if (!n.hasNonNull("benchmark") || !primary.isObject()) {
                throw new IOException("not a JMH JSON result (entry without benchmark/primaryMetric): " + file);
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            JsonNode alloc = n.path("secondaryMetrics").path(JmhDefaults.ALLOC_NORM);
            int samples = 0;
            for (JsonNode fork : primary.path("rawData")) {
                samples += fork.size();
            }
            rows.add(new ResultRow(n.get("benchmark").asText(), n.path("mode").asText(), params,
                    number(primary.path("score")), number(primary.path("scoreError")),
                    primary.path("scoreUnit").asText(), alloc.isMissingNode() ? Double.NaN : number(alloc.path("score")),
                    samples));
        }
        return rows;
    }

    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** Jackson's message without its location suffix. */
    private static String getOriginalMessage(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
