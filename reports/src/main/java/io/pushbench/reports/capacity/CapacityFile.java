package io.pushbench.reports.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.analysis.results.ResultsIO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@value #FILE_NAME} as the reports read it: the JSON tree {@code pushbench capacity} wrote (schema
 * {@code pushbench/capacity-results/v1}, docs/results-schema.md), with the few accessors the section needs. The
 * reports module does not depend on the load generator, so the file is read as JSON, never recomputed: every figure
 * and sentence the section prints is the one the file holds.
 *
 * <pre>{@code
 * if (CapacityFile.present(dir)) {
 *     CapacityFile f = CapacityFile.read(dir);
 *     f.answers();          // the capacity sentences, exactly as the console printed them
 *     f.arms().get(0).who(); // "SSE h1"
 * }
 * }</pre>
 */
public record CapacityFile(JsonNode root) {
    /** The file's name inside a results directory. */
    public static final String FILE_NAME = "capacity-results.json";
    /** The schema id (without its version) the file must carry. */
    static final String SCHEMA_PREFIX = "pushbench/capacity-results/";

    /** Whether {@code dir} holds a capacity results file. */
    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE_NAME));
    }

    /** Reads {@code dir}'s file; IOException with a one-line message when it is not a capacity results file. */
    public static CapacityFile read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        JsonNode root;
        try {
            root = ResultsIO.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not readable JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.path("schema").asText().startsWith(SCHEMA_PREFIX)) {
            throw new IOException(file + " is not a capacity results file (schema "
                    + (root == null ? "missing" : root.path("schema").asText("missing")) + ")");
        }
        return new CapacityFile(root);
    }

    /** "rate" or "connections". */
    public String axis() {
        return root.path("config").path("axis").asText("rate");
    }

    /** The unit of a load on the axis: "msg/s" (per connection) or "connections". */
    public String unit() {
        return "connections".equals(axis()) ? "connections" : "msg/s";
    }

    /** The p99 objective as the flags gave it ("50ms"). */
    public String sloP99() {
        return root.path("config").path("sloP99").asText("?");
    }

    /**
     * The p99 limit in ms: {@code config.sloP99Us} when the file has it, else read from {@code config.sloP99}'s text
     * when it is a plain "50ms", "1s", "500us"; null otherwise.
     */
    public Double p99LimitMs() {
        JsonNode us = root.path("config").get("sloP99Us");
        if (us != null && us.isNumber()) {
            return us.asDouble() / 1000.0;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(us|µs|ms|s)")
                .matcher(sloP99().strip());
        if (!m.matches()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "s" -> v * 1000;
            case "ms" -> v;
            default -> v / 1000;
        };
    }

    /** The capacity sentences, one per search in the file's order: its {@code answers}. */
    public List<String> answers() {
        List<String> out = new ArrayList<>();
        root.path("answers").forEach(a -> out.add(a.asText()));
        return out;
    }

    /** One searched configuration per element of {@code transports}, in the file's order. */
    public List<Arm> arms() {
        List<Arm> out = new ArrayList<>();
        root.path("transports").forEach(t -> out.add(new Arm(t)));
        return out;
    }

    /**
     * One element of {@code transports}: a transport over a protocol with a server variant, its searches (repeats)
     * and their spread.
     */
    public record Arm(JsonNode node) {
        /** "SSE h1", "SSE h1 coalesce": the file's {@code who}, or built as the command builds it. */
        public String who() {
            if (node.hasNonNull("who")) {
                return node.get("who").asText();
            }
            String variant = node.path("variant").asText("plain");
            return node.path("transport").asText("?").toUpperCase(java.util.Locale.ROOT) + " "
                    + node.path("protocol").asText("?") + ("plain".equals(variant) ? "" : " " + variant);
        }

        /** A chart-id-safe key: "sse-h1", "sse-h1-coalesce". */
        public String key() {
            return who().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        }

        public List<JsonNode> searches() {
            List<JsonNode> out = new ArrayList<>();
            node.path("searches").forEach(out::add);
            return out;
        }

        public JsonNode spread() {
            return node.path("capacitySpread");
        }
    }

    /**
     * Whether a step's point is a sound measurement (not the instrument's: {@code status} OK or BROKEN), the points a
     * curve is drawn through, as {@code CapacityResult.curve()} keeps them.
     */
    static boolean valid(JsonNode point) {
        return !"INVALID".equals(point.path("status").asText());
    }

    /** A number, or null when absent or null. */
    static Double number(JsonNode n) {
        return n != null && n.isNumber() ? n.asDouble() : null;
    }
}
