package io.pushbench.cli.compare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SpreadTest {
    @Test
    void medianRangeAndBootstrapInterval() {
        Spread s = Spread.of(Spread.list(1200, 980, 1010));
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.median()).isEqualTo(1010);
        assertThat(s.min()).isEqualTo(980);
        assertThat(s.max()).isEqualTo(1200);
        // the bootstrap median of three values can only be one of them
        assertThat(s.ciLow()).isGreaterThanOrEqualTo(980).isLessThanOrEqualTo(s.median());
        assertThat(s.ciHigh()).isGreaterThanOrEqualTo(s.median()).isLessThanOrEqualTo(1200);
        assertThat(s.values()).containsExactly(1200.0, 980.0, 1010.0);
    }

    @Test
    void evenCountMedianAveragesTheMiddle() {
        assertThat(Spread.of(Spread.list(4, 1, 3, 2)).median()).isEqualTo(2.5);
    }

    @Test
    void bootstrapIsReproducibleAndNarrowsWithMoreData() {
        double[] many = new double[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = 100 + (i % 10);
        }
        Spread a = Spread.of(Spread.list(many));
        Spread b = Spread.of(Spread.list(many));
        assertThat(a).isEqualTo(b);
        assertThat(a.ciHigh() - a.ciLow()).isLessThan(a.max() - a.min());
        assertThat(a.median()).isCloseTo(104.5, within(1e-9));
    }

    @Test
    void singleValueHasNoSpread() {
        Spread s = Spread.of(Spread.list(7));
        assertThat(s).extracting(Spread::n, Spread::min, Spread::max, Spread::ciLow, Spread::ciHigh)
                .containsExactly(1, 7.0, 7.0, 7.0, 7.0);
        assertThat(s.separatedFrom(Spread.of(Spread.list(100)))).isFalse();
    }

    @Test
    void separationNeedsNonOverlappingIntervals() {
        Spread low = Spread.of(Spread.list(10, 11, 12));
        Spread high = Spread.of(Spread.list(13, 15, 14));
        Spread overlapping = Spread.of(Spread.list(12, 14, 16));
        assertThat(low.separatedFrom(high)).isTrue();
        assertThat(high.separatedFrom(low)).isTrue();
        assertThat(low.separatedFrom(overlapping)).isFalse();
        assertThat(low.rangeSeparatedFrom(high)).isTrue();
        assertThat(low.rangeSeparatedFrom(overlapping)).isFalse();
    }

    @Test
    void numbersAreTheReportsModuleSpread() {
        double[] v = {812.0, 799.5, 840.1, 805.0, 830.0};
        Spread mine = Spread.of(Spread.list(v));
        io.pushbench.reports.model.Spread theirs = io.pushbench.reports.model.Spread.of(v);
        assertThat(mine).extracting(Spread::n, Spread::median, Spread::min, Spread::max, Spread::ciLow, Spread::ciHigh)
                .containsExactly(theirs.n(), theirs.median(), theirs.min(), theirs.max(), theirs.ciLow(),
                        theirs.ciHigh());
    }

    @Test
    void rejectsEmptyAndNonFinite() {
        assertThatThrownBy(() -> Spread.of(Spread.list())).hasMessage("values must not be empty");
        assertThatThrownBy(() -> Spread.of(Spread.list(1, Double.NaN)))
                .hasMessage("values must be finite numbers, value 1 was NaN");
    }
}
