package io.pushbench.cli;

import io.pushbench.analysis.llm.LatencyFigures;
import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmStepResult;
import io.pushbench.analysis.llm.LlmSummary;

import java.util.Locale;

/**
 * The console table of {@code pushbench llm}: one row per step (load, transport, repeat) with TTFT, ITL per chunk
 * and end-to-end p50/p99, goodput and failures, then per load the WS / SSE ratio of the medians over valid repeats.
 *
 * <pre>{@code
 * System.out.print(LlmTable.render(results));
 * }</pre>
 */
final class LlmTable {
    private static final String HEADER = String.format(Locale.ROOT, "%-34s %17s %17s %17s %9s %7s %s",
            "step", "TTFT p50/p99", "ITL p50/p99", "E2E p50/p99", "goodput", "failed", "");

    private LlmTable() {
    }

    static String render(LlmResults r) {
        StringBuilder b = new StringBuilder();
        b.append(HEADER.stripTrailing()).append('\n');
        for (LlmStepResult s : r.steps()) {
            b.append(row(s)).append('\n');
        }
        for (LlmSummary.LoadRow row : r.summary().loads()) {
            LlmSummary.Figures ratio = row.wsOverSse();
            if (ratio == null || ratio.ttftP50() == null) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "%s %s %s %s: WS/SSE medians  TTFT p50 %s p99 %s  ITL p50 %s p99 %s"
                            + "  E2E p50 %s p99 %s%n", row.api().key(), row.protocol().key(), row.loadMode().key(),
                    num(row.load()), x(ratio.ttftP50()), x(ratio.ttftP99()), x(ratio.itlPerChunkP50()),
                    x(ratio.itlPerChunkP99()), x(ratio.e2eP50()), x(ratio.e2eP99())));
        }
        b.append(r.valid() ? "VALID" : "INVALID: " + r.invalidReasons().size() + " reason(s) above").append('\n');
        return b.toString();
    }

    /** One step's line. */
    static String row(LlmStepResult s) {
        Double goodput = s.rates().goodputPerSec();
        return String.format(Locale.ROOT, "%-34s %17s %17s %17s %9s %7s %s", s.name(), pair(s.latency().ttftUs()),
                pair(s.latency().itlPerChunkUs()), pair(s.latency().e2eUs()),
                goodput == null ? "-" : String.format(Locale.ROOT, "%.2f/s", goodput),
                s.counts().failed() + "/" + s.counts().scheduled(), s.valid() ? "" : "INVALID").stripTrailing();
    }

    private static String pair(LatencyFigures d) {
        return d == null || d.count() == 0 ? "-" : ms(d.p50()) + "/" + ms(d.p99());
    }

    private static String ms(double us) {
        return us >= 10_000 ? String.format(Locale.ROOT, "%.0fms", us / 1000)
                : String.format(Locale.ROOT, "%.1fms", us / 1000);
    }

    private static String x(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
