package io.pushbench.cli.compare;

import io.pushbench.analysis.hlog.HlogWindow;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.Window;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Derives a comparison's summary from its runs: per configuration the summed message accounting and each headline
 * figure's median and spread, then per variant every figure compared between the transports, and a verdict that
 * names the differences larger than the spread and those that are not.
 *
 * <p>Spread: with two or more repeats it is the run-to-run spread (each repeat is one replicate). With one repeat,
 * figures that an {@code .hlog} can give (latency percentiles, msg/s) are computed over {@value #BATCHES} equal
 * batches of the steady window, a within-run spread that is narrower than run-to-run spread and is labelled so;
 * the other figures have no spread and are never called.
 *
 * <pre>{@code
 * ComparisonSummary s = ComparisonSummary.of(profile, runs, resultsDir);
 * s.verdict();    // lines for the console
 * s.toMap();      // results.json "summary"
 * }</pre>
 */
public record ComparisonSummary(int repeats, List<GroupSummary> groups, List<Finding> findings,
                                List<String> verdict) {
    /** Batches of the steady window used as replicates when there is a single repeat. */
    public static final int BATCHES = 5;

    public ComparisonSummary {
        groups = List.copyOf(groups);
        findings = List.copyOf(findings);
        verdict = List.copyOf(verdict);
    }

    /** Summarises {@code runs}; {@code dir} is where the runs' {@code .hlog} files are (relative paths in files). */
    public static ComparisonSummary of(CompareProfile profile, List<RunResult> runs, Path dir) {
        Map<String, List<RunResult>> byGroup = new LinkedHashMap<>();
        for (RunResult r : runs) {
            byGroup.computeIfAbsent(PlannedRun.groupKey(r.transport(), r.protocol(), r.driver(), r.variant()),
                    k -> new ArrayList<>()).add(r);
        }
        List<GroupSummary> groups = new ArrayList<>();
        for (List<RunResult> rs : byGroup.values()) {
            groups.add(group(rs, dir));
        }
        List<Finding> findings = new ArrayList<>();
        for (String variant : profile.variants()) {
            List<String> ts = profile.transports();
            for (int i = 0; i < ts.size(); i++) {
                for (int j = i + 1; j < ts.size(); j++) {
                    GroupSummary a = find(groups, ts.get(i), variant);
                    GroupSummary b = find(groups, ts.get(j), variant);
                    if (a != null && b != null) {
                        for (Metric m : Metric.values()) {
                            Spread sa = a.metrics().get(m);
                            Spread sb = b.metrics().get(m);
                            if (sa != null && sb != null) {
                                findings.add(compare(variant, m, a.transport(), b.transport(), sa, sb,
                                        a.spreadBasis().get(m)));
                            }
                        }
                    }
                }
            }
        }
        return new ComparisonSummary(profile.repeats(), groups, findings, verdict(profile, groups, findings, runs));
    }

    private static GroupSummary find(List<GroupSummary> groups, String transport, String variant) {
        for (GroupSummary g : groups) {
            if (g.transport().equals(transport) && g.variant().equals(variant)) {
                return g;
            }
        }
        return null;
    }

    static GroupSummary group(List<RunResult> rs, Path dir) {
        RunResult first = rs.get(0);
        MessageCounts total = MessageCounts.ZERO;
        int valid = 0;
        List<String> ids = new ArrayList<>();
        for (RunResult r : rs) {
            ids.add(r.id());
            valid += r.valid() ? 1 : 0;
            total = total.plus(r.messages() == null ? MessageCounts.ZERO : r.messages());
        }
        Map<Metric, Spread> metrics = new EnumMap<>(Metric.class);
        Map<Metric, String> basis = new EnumMap<>(Metric.class);
        List<Map<Metric, Double>> batches = rs.size() == 1 ? batches(first, dir) : List.of();
        for (Metric m : Metric.values()) {
            List<Double> values = new ArrayList<>();
            for (RunResult r : rs) {
                Double v = m.read(r);
                if (v != null) {
                    values.add(v);
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            if (rs.size() == 1 && m.fromHlog() && batches.size() >= 2) {
                List<Double> bv = new ArrayList<>();
                for (Map<Metric, Double> b : batches) {
                    bv.add(b.get(m));
                }
                Spread s = Spread.of(bv);
                // The headline value stays the whole window's figure (what results.json and the .hlog say);
                // the batches only supply the spread around it.
                metrics.put(m, new Spread(s.n(), values.get(0), s.min(), s.max(), s.ciLow(), s.ciHigh(), bv));
                basis.put(m, "batches");
            } else {
                metrics.put(m, Spread.of(values));
                basis.put(m, values.size() >= 2 ? "repeats" : "single");
            }
        }
        return new GroupSummary(first.transport(), first.protocol(), first.driver(), first.variant(), ids, valid,
                total, metrics, basis);
    }

    /** Batch figures of a single run, or none when its .hlog or window is missing or unreadable. */
    static List<Map<Metric, Double>> batches(RunResult r, Path dir) {
        String hlog = r.files().get("hlog");
        Window w = r.window();
        if (hlog == null || dir == null || w == null || !(w.steadyToSec() > w.steadyFromSec())) {
            return List.of();
        }
        try {
            List<Map<Metric, Double>> out = new ArrayList<>();
            for (HlogWindow.Batch b : HlogWindow.read(dir.resolve(hlog), w.steadyFromSec(), w.steadyToSec())
                    .batches(BATCHES)) {
                Map<Metric, Double> m = new EnumMap<>(Metric.class);
                m.put(Metric.LATENCY_P50, b.latencyUs().p50());
                m.put(Metric.LATENCY_P99, b.latencyUs().p99());
                m.put(Metric.LATENCY_P999, b.latencyUs().p999());
                m.put(Metric.LATENCY_MAX, b.latencyUs().max());
                m.put(Metric.THROUGHPUT, b.messagesPerSec());
                out.add(m);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    static Finding compare(String variant, Metric m, String a, String b, Spread sa, Spread sb, String basis) {
        double am = sa.median();
        double bm = sb.median();
        String better = am == bm ? null : (am < bm) == m.lowerIsBetter() ? a : b;
        String worse = better == null ? null : better.equals(a) ? b : a;
        double best = better == null ? am : better.equals(a) ? am : bm;
        double worst = better == null ? am : better.equals(a) ? bm : am;
        double relative = worst == 0 ? 0 : Math.abs(worst - best) / Math.abs(worst);
        Finding.Outcome outcome = sa.n() < 2 || sb.n() < 2 ? Finding.Outcome.NO_SPREAD
                : sa.separatedFrom(sb) ? Finding.Outcome.CALLED : Finding.Outcome.WITHIN_SPREAD;
        String values = name(a) + " " + m.format(am) + " vs " + name(b) + " " + m.format(bm);
        String text = switch (outcome) {
            case CALLED -> name(better) + " " + m.label() + " is " + pct(relative) + " " + direction(m) + " than "
                    + name(worse) + ": " + values + "; 95% intervals " + ci(m, sa) + " and " + ci(m, sb)
                    + " do not overlap" + ("batches".equals(basis) ? " (within-run batches)" : "");
            case WITHIN_SPREAD -> m.label() + ": " + values + " (" + pct(relative) + " apart), within the spread: "
                    + "95% intervals " + ci(m, sa) + " / " + ci(m, sb) + " overlap";
            case NO_SPREAD -> m.label() + ": " + values + ", one run each: no spread to judge";
        };
        return new Finding(variant, m, a, b, sa, sb, outcome, better, relative, text);
    }

    static List<String> verdict(CompareProfile p, List<GroupSummary> groups, List<Finding> findings,
                                List<RunResult> runs) {
        List<String> lines = new ArrayList<>();
        boolean multiVariant = p.variants().size() > 1;
        String basis = p.repeats() >= 2 ? "the run-to-run spread (" + p.repeats() + " repeats)"
                : "the within-run spread (" + BATCHES + " batches of the steady window; one repeat, so run-to-run"
                + " variation is not measured: use --repeats 3 or --profile standard)";
        lines.add("A difference is called only when the two 95% intervals of the median do not overlap (the rule of "
                + "report.html and the gate); spread = " + basis + ".");
        for (GroupSummary g : groups) {
            if (g.messages().lost() > 0 || g.messages().duplicated() > 0) {
                lines.add("! " + name(g.transport()) + (multiVariant ? " [" + g.variant() + "]" : "") + " lost "
                        + String.format("%,d", g.messages().lost()) + " and duplicated "
                        + String.format("%,d", g.messages().duplicated()) + " of "
                        + String.format("%,d", g.messages().expected()) + " expected messages");
            }
        }
        long invalid = 0;
        for (RunResult r : runs) {
            if (!r.valid()) {
                invalid++;
                lines.add("! run " + r.id() + " is invalid: " + String.join("; ", r.invalidReasons()));
            }
        }
        if (invalid > 0) {
            lines.add("! with " + invalid + " invalid run" + (invalid == 1 ? "" : "s")
                    + " every call below is indicative only: rerun on a quieter machine or with a lighter load");
        }
        for (String variant : p.variants()) {
            String prefix = multiVariant ? "[" + variant + "] " : "";
            List<String> called = new ArrayList<>();
            List<String> within = new ArrayList<>();
            List<String> noSpread = new ArrayList<>();
            for (Finding f : findings) {
                if (!f.variant().equals(variant)) {
                    continue;
                }
                switch (f.outcome()) {
                    case CALLED -> called.add(f.text());
                    case WITHIN_SPREAD -> within.add(f.metric().label());
                    case NO_SPREAD -> noSpread.add(f.metric().label());
                }
            }
            if (called.isEmpty()) {
                lines.add(prefix + "No difference larger than the spread.");
            } else {
                lines.add(prefix + "Larger than the spread:");
                called.forEach(c -> lines.add("  + " + c));
            }
            if (!within.isEmpty()) {
                lines.add(prefix + "Within the spread (not called): " + String.join(", ", within) + ".");
            }
            if (!noSpread.isEmpty()) {
                lines.add(prefix + "No spread to judge (one value each): " + String.join(", ", noSpread) + ".");
            }
        }
        return lines;
    }

    /** The summary as stored in results.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repeats", repeats);
        m.put("method", Map.of(
                "centre", "median across repeats (one repeat: the whole steady window's figure)",
                "spread", repeats >= 2 ? "min-max across repeats" : "min-max across " + BATCHES
                        + " equal batches of the steady window (latency, msg/s); none for other figures",
                "ci", "95% bootstrap interval of the median (percentile method, as io.pushbench.reports.model.Spread)",
                "rule", "a difference is called only when the two 95% intervals do not overlap; one repeat: "
                        + "intervals over " + BATCHES + " batches of the steady window for latency and msg/s, "
                        + "no call for the other figures"));
        List<Map<String, Object>> gs = new ArrayList<>();
        for (GroupSummary g : groups) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("transport", g.transport());
            gm.put("protocol", g.protocol());
            gm.put("driver", g.driver());
            gm.put("variant", g.variant());
            gm.put("runs", g.runIds());
            gm.put("validRuns", g.validRuns());
            gm.put("messages", g.messages());
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (Map.Entry<Metric, Spread> e : new java.util.TreeMap<>(g.metrics()).entrySet()) {
                Map<String, Object> s = new LinkedHashMap<>();
                Spread sp = e.getValue();
                s.put("median", sp.median());
                s.put("min", sp.min());
                s.put("max", sp.max());
                s.put("ciLow", sp.ciLow());
                s.put("ciHigh", sp.ciHigh());
                s.put("n", sp.n());
                s.put("basis", g.spreadBasis().get(e.getKey()));
                s.put("values", sp.values());
                metrics.put(e.getKey().key(), s);
            }
            gm.put("metrics", metrics);
            gs.add(gm);
        }
        m.put("groups", gs);
        List<Map<String, Object>> fs = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("variant", f.variant());
            fm.put("metric", f.metric().key());
            fm.put("a", f.a());
            fm.put("b", f.b());
            fm.put("aMedian", f.aSpread().median());
            fm.put("bMedian", f.bSpread().median());
            fm.put("outcome", f.outcome().name().toLowerCase(Locale.ROOT));
            fm.put("better", f.better());
            fm.put("relativeDifference", f.relative());
            fm.put("text", f.text());
            fs.add(fm);
        }
        m.put("findings", fs);
        m.put("verdict", verdict);
        return m;
    }

    static String name(String transport) {
        return transport == null ? "-" : switch (transport) {
            case "sse" -> "SSE";
            case "ws" -> "WS";
            default -> transport;
        };
    }

    private static String pct(double relative) {
        return relative >= 0.095 ? String.format("%.0f%%", relative * 100) : String.format("%.1f%%", relative * 100);
    }

    private static String direction(Metric m) {
        return m.lowerIsBetter() ? "lower" : "higher";
    }

    private static String ci(Metric m, Spread s) {
        return "[" + m.format(s.ciLow()) + " – " + m.format(s.ciHigh()) + "]";
    }
}
