package io.pushbench.reports.model;

import io.pushbench.analysis.results.Results;
import io.pushbench.reports.model.Views.Figure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns group spreads into SSE-vs-WebSocket comparisons and verdict sentences.
 *
 * <p>Rule: a difference is called only when the 95% intervals of the two medians across repeats do not overlap;
 * otherwise it is "no difference beyond noise". One repeat on either side gives no spread, so the call is made on
 * the point figures, only for differences of at least {@value #PROVISIONAL_MIN_DIFFERENCE} (as a share), and
 * labelled provisional.
 */
final class Verdicts {
    private Verdicts() {
    }

    /** Pairs every SSE group with the WebSocket group of the same protocol, driver and variant, and compares. */
    static List<Comparison> compare(List<GroupView> groups) {
        List<Comparison> out = new ArrayList<>();
        for (Map.Entry<GroupView, GroupView> pair : pairs(groups).entrySet()) {
            for (Metric m : Metric.values()) {
                Figure s = pair.getKey().figure(m);
                Figure w = pair.getValue().figure(m);
                if (s != null && w != null) {
                    out.add(compare(m, pair.getKey(), pair.getValue(), s.spread(), w.spread()));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Same protocol+driver+variant first; then, per protocol+driver, a single leftover SSE group is paired with a
     * single leftover WebSocket group (e.g. SSE "gzip" against WebSocket "permessage-deflate").
     */
    static Map<GroupView, GroupView> pairs(List<GroupView> groups) {
        Map<GroupView, GroupView> out = new LinkedHashMap<>();
        List<GroupView> ws = new ArrayList<>(groups.stream().filter(g -> g.transport().equals("ws")).toList());
        List<GroupView> sseLeft = new ArrayList<>();
        for (GroupView s : groups.stream().filter(g -> g.transport().equals("sse")).toList()) {
            GroupView match = ws.stream().filter(w -> w.protocol().equals(s.protocol())
                    && w.driver().equals(s.driver()) && w.variant().equals(s.variant())).findFirst().orElse(null);
            if (match != null) {
                out.put(s, match);
                ws.remove(match);
            } else {
                sseLeft.add(s);
            }
        }
        for (GroupView s : sseLeft) {
            List<GroupView> candidates = ws.stream()
                    .filter(w -> w.protocol().equals(s.protocol()) && w.driver().equals(s.driver())).toList();
            long sseSame = sseLeft.stream()
                    .filter(o -> o.protocol().equals(s.protocol()) && o.driver().equals(s.driver())).count();
            if (candidates.size() == 1 && sseSame == 1) {
                out.put(s, candidates.get(0));
                ws.remove(candidates.get(0));
            }
        }
        return out;
    }

    /**
     * With a single repeat there is no spread to test against; differences smaller than this share of the larger
     * figure are not called at all (run-to-run noise of loopback latency is commonly of this order).
     */
    static final double PROVISIONAL_MIN_DIFFERENCE = 0.10;

    static Comparison compare(Metric m, GroupView sseGroup, GroupView wsGroup, Spread s, Spread w) {
        boolean provisional = s.n() < 2 || w.n() < 2;
        double larger = Math.max(Math.abs(s.median()), Math.abs(w.median()));
        boolean small = larger == 0 || Math.abs(s.median() - w.median()) / larger < PROVISIONAL_MIN_DIFFERENCE;
        String outcome;
        if (s.median() == w.median() || (!provisional && s.overlaps(w)) || (provisional && small)) {
            outcome = "no-difference";
        } else {
            boolean sseLower = s.median() < w.median();
            outcome = sseLower == m.lowerIsBetter() ? "sse-better" : "ws-better";
        }
        double ratio = w.median() == 0 ? Double.NaN : s.median() / w.median();
        String where = sseGroup.protocol() + (sseGroup.variant().equals(wsGroup.variant()) ? ", " + sseGroup.variant()
                : ", " + sseGroup.variant() + " vs " + wsGroup.variant());
        StringBuilder sb = new StringBuilder();
        sb.append(m.label()).append(" (").append(where).append("): SSE ").append(Fmt.value(s.median(), m.unit()))
                .append(" vs WebSocket ").append(Fmt.value(w.median(), m.unit())).append(" — ");
        if (outcome.equals("no-difference")) {
            sb.append("no difference beyond noise");
            if (s.median() != w.median()) {
                sb.append(provisional ? " (under " + Fmt.fixed(PROVISIONAL_MIN_DIFFERENCE * 100, 0)
                        + "%, not called without repeats)" : " (95% intervals overlap)");
            }
        } else {
            boolean sseWins = outcome.equals("sse-better");
            Spread better = sseWins ? s : w;
            Spread worse = sseWins ? w : s;
            String word = m.lowerIsBetter() ? "lower" : "higher";
            sb.append(sseWins ? "SSE " : "WebSocket ").append(word);
            if (worse.median() != 0) {
                sb.append(" by ").append(Fmt.fixed(Math.abs(better.median() - worse.median())
                        / Math.abs(worse.median()) * 100.0, 1)).append('%');
            }
            sb.append(provisional ? "" : " (95% intervals do not overlap)");
        }
        sb.append(provisional ? "; provisional: " + Math.min(s.n(), w.n()) + " repeat, no spread measured"
                : "; " + Math.min(s.n(), w.n()) + " repeats each");
        return new Comparison(m.key(), m.label(), m.unit(), sseGroup.key(), wsGroup.key(), s, w, ratio, outcome,
                provisional, sb.toString());
    }

    /** Verdict lines: validity first, then, per pairing, the differences called and the figures within noise. */
    static List<String> headline(boolean valid, Results results, int minRepeats, List<Comparison> comparisons) {
        List<String> out = new ArrayList<>();
        if (!results.complete()) {
            out.add("INCOMPLETE: the run was interrupted; figures cover what finished.");
        }
        if (!valid) {
            out.add("NOT VALID: " + (results.invalidReasons().isEmpty() ? "a run is invalid"
                    : String.join("; ", results.invalidReasons())) + ". Figures are shown but are not a result.");
        }
        if (comparisons.isEmpty()) {
            out.add("No SSE/WebSocket pair to compare in these results.");
            return List.copyOf(out);
        }
        if (minRepeats < 2) {
            out.add("PROVISIONAL: a configuration has a single repeat, so run-to-run noise is unknown; "
                    + "repeat the comparison (3+ repeats) before acting on it.");
        }
        Map<String, List<Comparison>> byPair = new LinkedHashMap<>();
        comparisons.forEach(c -> byPair.computeIfAbsent(c.sseGroup() + " ~ " + c.wsGroup(), k -> new ArrayList<>())
                .add(c));
        for (List<Comparison> cs : byPair.values()) {
            cs.stream().filter(c -> !c.outcome().equals("no-difference")).forEach(c -> out.add(c.sentence()));
            List<String> noise = cs.stream().filter(c -> c.outcome().equals("no-difference"))
                    .map(Comparison::label).toList();
            if (!noise.isEmpty()) {
                Comparison first = cs.get(0);
                out.add("No difference beyond noise (" + first.sseGroup() + " vs " + first.wsGroup() + "): "
                        + String.join(", ", noise) + ".");
            }
        }
        return List.copyOf(out);
    }
}
