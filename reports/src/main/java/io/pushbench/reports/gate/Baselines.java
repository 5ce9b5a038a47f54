package io.pushbench.reports.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.stats.Summary;
import io.pushbench.analysis.verdict.ArmSummary;
import io.pushbench.reports.render.ReadableFiles;
import io.pushbench.reports.jmh.JmhScore;
import io.pushbench.reports.jmh.JmhTable;
import io.pushbench.reports.model.ReportModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Creates, writes and reads {@link Baseline}s.
 *
 * <pre>{@code
 * Baseline b = Baselines.of(ReportModelLoader.load(dir), Instant.now());
 * Baselines.write(file, b);
 * Baseline back = Baselines.read(file);   // IOException with one line on a missing file, a wrong schema or v1
 * }</pre>
 */
public final class Baselines {
    /**
     * Configuration keys that do not change what is measured: where files go, credentials, how many repeats
     * (a CI run may use fewer repeats than the baseline; the rank interval
     * accounts for the numbers of runs on each side).
     */
    static final Set<String> IGNORED_CONFIG = Set.of("out", "outdir", "output", "dir", "resultsdir", "serverurl",
            "admintoken", "token", "repeats", "runid", "id", "verbose", "quiet", "junit", "baseline", "current",
            "open", "noreport", "seed", "order");

    private static final ObjectMapper CANONICAL = ResultsIO.mapper().copy()
            .disable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Baselines() {
    }

    /** The baseline of {@code model}: its comparison's per-run values per arm and figure, stamped {@code createdAt}. */
    public static Baseline of(ReportModel model, Instant createdAt) {
        List<Baseline.ArmEntry> arms = new ArrayList<>();
        for (ArmSummary a : model.comparison().arms()) {
            Map<String, Baseline.FigureValues> figures = new LinkedHashMap<>();
            for (Figure f : Figure.HEADLINE) {
                Summary s = a.figure(f);
                if (s != null) {
                    figures.put(f.key(), new Baseline.FigureValues(f.unit().symbol(), s.median(), s.values()));
                }
            }
            arms.add(new Baseline.ArmEntry(a.arm().key(), a.arm().label(), a.runIds().size(), a.validRuns(),
                    figures));
        }
        List<Baseline.JmhEntry> jmh = new ArrayList<>();
        if (model.jmh() != null) {
            for (JmhScore s : allScores(model.jmh())) {
                jmh.add(new Baseline.JmhEntry(s.key(), s.mode(), s.score(), Double.isNaN(s.error()) ? null
                        : s.error(), s.unit(), s.allocBytesPerOp()));
            }
        }
        return new Baseline(Baseline.SCHEMA, createdAt.toString(), model.id(), fingerprint(model), arms, jmh,
                model.verdict());
    }

    /** Every score of a JMH table, in table order. */
    static List<JmhScore> allScores(JmhTable t) {
        List<JmhScore> out = new ArrayList<>();
        for (JmhTable.Row r : t.pairs()) {
            if (r.sse() != null) {
                out.add(r.sse());
            }
            if (r.ws() != null) {
                out.add(r.ws());
            }
        }
        out.addAll(t.other());
        return out;
    }

    /** The fingerprint of {@code model}'s configuration. */
    public static Baseline.Fingerprint fingerprint(ReportModel model) {
        Map<String, Object> config = new TreeMap<>();
        model.config().forEach((k, v) -> {
            if (!IGNORED_CONFIG.contains(k.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""))) {
                config.put(k, v);
            }
        });
        Map<String, Integer> groups = new TreeMap<>();
        model.arms().forEach(a -> groups.put(a.key(), model.run(a.runIds().get(0)).connections()));
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(Map.of("config", config, "groups", groups));
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
            return new Baseline.Fingerprint(hash, config, groups);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the configuration: " + e.getMessage(), e);
        }
    }

    /** Writes {@code baseline} as indented JSON, atomically. */
    public static void write(Path file, Baseline baseline) throws IOException {
        ReadableFiles.write(file, (ResultsIO.mapper().writeValueAsString(baseline) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a baseline file.
     *
     * @throws IOException with a one-line message when it is missing, not JSON or not {@value Baseline#SCHEMA}
     */
    public static Baseline read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no baseline file at " + file);
        }
        JsonNode node;
        try {
            node = ResultsIO.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String schema = node == null ? "" : node.path("schema").asText("");
        if (Baseline.SCHEMA_V1.equals(schema)) {
            // v1 kept bootstrap intervals, not per-run values: the rank statistics cannot be run on it.
            throw new IOException(file + " is a " + Baseline.SCHEMA_V1 + " baseline without per-run values; "
                    + "re-create it with `pushbench baseline` from the baseline's results directory");
        }
        if (!Baseline.SCHEMA.equals(schema)) {
            throw new IOException(file + " has schema \"" + schema + "\", expected \"" + Baseline.SCHEMA + "\"");
        }
        try {
            Baseline b = ResultsIO.mapper().treeToValue(node, Baseline.class);
            if (b.fingerprint() == null || b.arms().isEmpty()) {
                throw new IOException(file + " has no fingerprint or no arms");
            }
            return b;
        } catch (IOException e) {
            throw new IOException(file + " does not match " + Baseline.SCHEMA + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
