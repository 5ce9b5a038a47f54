package io.pushbench.analysis.verdict;

import io.pushbench.analysis.figure.Figure;

import java.util.List;

/**
 * The one verdict of a results directory: every arm's figures over its valid runs, every headline figure compared
 * between the arms of each pair, and the verdict lines. The console summary, {@code results.json}'s
 * {@code summary}, {@code report.html}, {@code report.md}, the baseline and the gate all render or read this object;
 * none of them computes a figure or a call its own way.
 *
 * <pre>{@code
 * Comparison c = Comparisons.of(results);        // from a results file's runs
 * c.verdict().forEach(System.out::println);     // the same lines every output prints
 * c.figures().stream().filter(f -> f.outcome().called()).toList();
 * }</pre>
 *
 * @param valid          every run valid and the results complete
 * @param invalidReasons why not, one line each
 * @param design         how the runs were made and how a difference is called, in two sentences
 * @param runsPerArm     fewest valid runs of any compared arm
 * @param canCall        whether the runs can support a call at all ({@link #runsPerArm} large enough)
 * @param arms           every arm, in order of first appearance
 * @param figures        every figure of every compared pair, pair by pair in {@link Figure} order
 * @param verdict        the verdict lines, most important first
 */
public record Comparison(boolean valid, List<String> invalidReasons, String design, int runsPerArm, boolean canCall,
                         List<ArmSummary> arms, List<FigureComparison> figures, List<String> verdict) {
    public Comparison {
        invalidReasons = List.copyOf(invalidReasons);
        arms = List.copyOf(arms);
        figures = List.copyOf(figures);
        verdict = List.copyOf(verdict);
    }

    /** The arm summary with {@code key}, or null. */
    public ArmSummary arm(String key) {
        return arms.stream().filter(a -> a.arm().key().equals(key)).findFirst().orElse(null);
    }

    /** The comparisons of one figure, one per compared pair. */
    public List<FigureComparison> of(Figure f) {
        return figures.stream().filter(c -> c.figure() == f).toList();
    }

    /** The differences called. */
    public List<FigureComparison> called() {
        return figures.stream().filter(c -> c.outcome().called()).toList();
    }
}
