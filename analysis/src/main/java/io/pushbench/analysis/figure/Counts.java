package io.pushbench.analysis.figure;

import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.results.RunResult;

import java.util.function.Function;

/**
 * Which message accounting a headline shows: the steady window's, the one definition shared by the loss figure,
 * the console's delivered/expected column and the reports.
 *
 * <pre>{@code
 * MessageCounts steady = Counts.headline(run);   // steady window; null when the run has no accounting
 * boolean steadyWindow = Counts.isSteady(run);    // false for results written before steady counts existed
 * }</pre>
 */
public final class Counts {
    private Counts() {
    }

    /** The run's headline counts: over the steady window when recorded, else the whole run (older results). */
    public static MessageCounts headline(RunResult r) {
        return isSteady(r) ? r.steadyMessages() : r.messages();
    }

    /**
     * Whether {@link #headline} is over the steady window (the label outputs print next to it): false for results
     * written before {@code steadyMessages} existed, which read it as all zeros.
     */
    public static boolean isSteady(RunResult r) {
        MessageCounts s = r.steadyMessages();
        return s != null && !(s.equals(MessageCounts.ZERO) && r.messages() != null && r.messages().expected() > 0);
    }

    /** Element-wise sum of {@link #headline} over runs. */
    public static MessageCounts sum(Iterable<RunResult> runs) {
        return sum(runs, Counts::headline);
    }

    /** Element-wise sum of the whole-run counts over runs. */
    public static MessageCounts sumWholeRun(Iterable<RunResult> runs) {
        return sum(runs, RunResult::messages);
    }

    private static MessageCounts sum(Iterable<RunResult> runs, Function<RunResult, MessageCounts> of) {
        MessageCounts total = MessageCounts.ZERO;
        for (RunResult r : runs) {
            MessageCounts m = of.apply(r);
            total = m == null ? total : total.plus(m);
        }
        return total;
    }
}
