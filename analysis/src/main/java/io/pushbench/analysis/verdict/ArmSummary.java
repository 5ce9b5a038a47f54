package io.pushbench.analysis.verdict;

import io.pushbench.analysis.figure.Figure;
import io.pushbench.analysis.results.MessageCounts;
import io.pushbench.analysis.stats.Summary;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One arm's runs and figures.
 *
 * @param arm            the configuration
 * @param runIds         every run of the arm, in execution order
 * @param validRunIds    the valid ones: figures come from these only
 * @param messages       headline message accounting summed over the valid runs (see {@code countsSteady})
 * @param countsSteady   whether {@code messages} covers the steady window (false for older results: whole run)
 * @param wholeRun       whole-run accounting summed over every run, valid or not
 * @param figures        each headline figure over the valid runs (absent when no valid run has it)
 */
public record ArmSummary(Arm arm, List<String> runIds, List<String> validRunIds, MessageCounts messages,
                         boolean countsSteady, MessageCounts wholeRun, Map<Figure, Summary> figures) {
    public ArmSummary {
        runIds = List.copyOf(runIds);
        validRunIds = List.copyOf(validRunIds);
        figures = Collections.unmodifiableMap(figures.isEmpty() ? new EnumMap<>(Figure.class)
                : new EnumMap<>(figures));
    }

    /** The summary of {@code f}, or null. */
    public Summary figure(Figure f) {
        return figures.get(f);
    }

    /** Valid runs. */
    public int validRuns() {
        return validRunIds.size();
    }
}
