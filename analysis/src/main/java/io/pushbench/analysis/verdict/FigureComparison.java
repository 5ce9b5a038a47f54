package io.pushbench.analysis.verdict;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.stats.ShiftInterval;
import io.pushbench.analysis.stats.Summary;

/**
 * One figure compared between two arms: the per-arm summaries, the shift of B against A with its interval, the
 * outcome and the one sentence every output prints for it.
 *
 * @param figure   the figure
 * @param a        arm A (the first in the comparison's order)
 * @param b        arm B
 * @param aFigure  A's figure over its valid runs
 * @param bFigure  B's figure over its valid runs
 * @param shift    B against A (ratio B/A, or difference B - A for difference figures)
 * @param outcome  what was concluded
 * @param sentence the conclusion in words, identical in every output
 */
public record FigureComparison(Figure figure, Arm a, Arm b, Summary aFigure, Summary bFigure, ShiftInterval shift,
                               Outcome outcome, String sentence) {

    /** The better arm when a difference was called, else null. */
    public Arm better() {
        return outcome == Outcome.A_BETTER ? a : outcome == Outcome.B_BETTER ? b : null;
    }
}
