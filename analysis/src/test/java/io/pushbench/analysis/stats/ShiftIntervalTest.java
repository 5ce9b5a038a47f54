package io.pushbench.analysis.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ShiftIntervalTest {
    @Test
    void exactNullDistributionMatchesCountedOrderings() {
        // 4 and 4: 70 orderings; U = 0 in 1, U <= 1 in 2, U <= 2 in 4
        MannWhitney mw = new MannWhitney(4, 4);
        assertThat(mw.cdf(0)).isCloseTo(1 / 70.0, within(1e-12));
        assertThat(mw.cdf(1)).isCloseTo(2 / 70.0, within(1e-12));
        assertThat(mw.cdf(2)).isCloseTo(4 / 70.0, within(1e-12));
        assertThat(mw.cdf(16)).isEqualTo(1.0);
        // 5 and 5: 252 orderings; 3 and 3: 20
        assertThat(new MannWhitney(5, 5).cdf(2)).isCloseTo(4 / 252.0, within(1e-12));
        assertThat(new MannWhitney(3, 3).cdf(0)).isCloseTo(1 / 20.0, within(1e-12));
        // symmetric: P(U <= u) = P(U >= mn - u)
        MannWhitney odd = new MannWhitney(3, 7);
        assertThat(odd.cdf(4)).isCloseTo(1 - odd.cdf(21 - 5), within(1e-12));
        assertThatThrownBy(() -> new MannWhitney(0, 3)).hasMessage("sample sizes must be >= 1, were 0 and 3");
    }

    @Test
    void fiveRunsPerArmIsTheFewestThatCanCallAtNinetyNinePercent() {
        assertThat(ShiftInterval.MIN_RUNS_TO_CALL).isEqualTo(5);
        ShiftInterval four = ShiftInterval.ratio(new double[]{1, 2, 3, 4}, new double[]{10, 20, 30, 40});
        assertThat(four.canCall()).isFalse();
        assertThat(four.excludesNoDifference()).isFalse();   // complete separation, yet only 97.1%
        assertThat(four.confidenceLabel()).isEqualTo("97.1%");
        ShiftInterval five = ShiftInterval.ratio(new double[]{1, 2, 3, 4, 5}, new double[]{10, 20, 30, 40, 50});
        assertThat(five.canCall()).isTrue();
        assertThat(five.confidenceLabel()).isEqualTo("99.2%");
        assertThat(five.excludesNoDifference()).isTrue();
        assertThat(five.estimate()).isCloseTo(10.0, within(1e-9));   // every pairwise ratio's median
    }

    @Test
    void overlapBeyondTheExactDepthIsNotCalled() {
        // 6 and 6 at 99%: the interval is [D(3), D(34)], so two "wrong-way" pairs still call and three do not
        double[] a = {10, 11, 12, 13, 14, 15};
        assertThat(ShiftInterval.ratio(a, new double[]{14.5, 16, 17, 18, 19, 20}).excludesNoDifference()).isTrue();
        assertThat(ShiftInterval.ratio(a, new double[]{13.5, 14.5, 17, 18, 19, 20}).excludesNoDifference())
                .isFalse();
    }

    @Test
    void differencesAndOneRunEach() {
        ShiftInterval d = ShiftInterval.difference(new double[]{0, 0, 0, 0, 0}, new double[]{0, 0, 0, 0, 0});
        assertThat(d.excludesNoDifference()).isFalse();
        assertThat(d.estimate()).isZero();
        ShiftInterval one = ShiftInterval.ratio(new double[]{1}, new double[]{2});
        assertThat(one.hasInterval()).isFalse();
        assertThat(one.canCall()).isFalse();
        assertThat(one.estimate()).isCloseTo(2.0, within(1e-12));
        assertThatThrownBy(() -> ShiftInterval.ratio(new double[]{1, 0}, new double[]{1, 2}))
                .hasMessage("a[1] must be a positive finite number for a ratio, was 0.0");
    }

    @Test
    void oneSidedUseReadsOneEnd() {
        // the gate's question at 99% one-sided: 5 and 5 allow one pair of the 25 the wrong way
        double[] now = {12, 12.2, 12.4, 12.6, 12.8};
        ShiftInterval s = ShiftInterval.of(new double[]{10, 10.2, 10.4, 10.6, 12.1}, now, true, 0.01);
        assertThat(s.canCall()).isTrue();
        assertThat(s.low()).isGreaterThan(1.0);
        assertThat(s.oneSidedConfidence()).isCloseTo(1 - 2 / 252.0, within(1e-9));
        // a baseline repeat slower than every current run is five pairs the wrong way: not confirmed at 5 and 5
        assertThat(ShiftInterval.of(new double[]{10, 10.2, 10.4, 10.6, 30}, now, true, 0.01).low()).isLessThan(1.0);
    }
}
