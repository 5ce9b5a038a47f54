package io.pushbench.analysis.stats;

import io.pushbench.analysis.figure.Figure;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict's error rates as properties of the tool, on seeded simulated runs (heavy-tailed latencies, a random
 * per-JVM offset per run; {@link RunModel#thisMachine()}). Deterministic: a failure is a change of method, not noise.
 * The full tables of docs/method.md come from {@code VerdictSimulation.main}.
 */
class VerdictSimulationTest {
    private static final int QUICK_CI_STANDARD_RUNS = 5;   // every built-in profile's repeats (cli ProfileLoaderTest)

    @Test
    void falseCallRateOfEveryFigureIsAtMostFivePercentAtTheProfilesRuns() {
        VerdictSimulation sim = new VerdictSimulation(RunModel.thisMachine(), 20261130L);
        Map<Figure, Double> rates = sim.falseCallRates(QUICK_CI_STANDARD_RUNS, 1_500);
        assertThat(rates).hasSize(Figure.STEADY.size());
        // the method's bound is 2/252 = 0.8% per figure (exact); 1,500 trials put a 2% ceiling far above noise
        rates.forEach((f, r) -> assertThat(r).as(f.label()).isLessThanOrEqualTo(0.02));
        // any of the ten together: at most 10% by Bonferroni; the simulation measures 7-8%
        assertThat(sim.familyWiseRate()).isLessThanOrEqualTo(0.10);
    }

    @Test
    void fewerRunsThanTheMinimumNeverCall() {
        VerdictSimulation sim = new VerdictSimulation(RunModel.thisMachine(), 7L);
        assertThat(sim.falseCallRates(4, 200).values()).allMatch(r -> r == 0.0);
        assertThat(sim.power(4, Figure.LATENCY_P50, 2.0, 50)).isZero();
    }

    @Test
    void aLargeRealDifferenceIsCalledAndASmallOneMostlyNot() {
        VerdictSimulation sim = new VerdictSimulation(RunModel.thisMachine(), 11L);
        // p50's run-to-run log-sd is 0.104 on the reference machine: doubling is called nearly always, 2% rarely
        assertThat(sim.power(5, Figure.LATENCY_P50, 2.0, 200)).isGreaterThanOrEqualTo(0.95);
        assertThat(sim.power(5, Figure.LATENCY_P50, 1.02, 200)).isLessThan(0.2);
    }
}
