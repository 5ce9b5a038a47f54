package io.pushbench.loadgen.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ArrivalsTest {
    @Test
    void constantArrivalsAreEvenlySpacedWithoutDrift() {
        Arrivals a = Arrivals.of(Arrivals.Kind.CONSTANT, 3, 1);
        assertThat(a.next()).isEqualTo(333_333_333L);
        assertThat(a.next()).isEqualTo(666_666_667L);
        long last = 0;
        for (int i = 3; i <= 3000; i++) {
            last = a.next();
        }
        assertThat(last).isEqualTo(1_000_000_000_000L);     // request 3000 at exactly 1000 s
    }

    @Test
    void poissonArrivalsAreSeededAndHaveTheRate() {
        Arrivals a = Arrivals.of(Arrivals.Kind.POISSON, 5, 42);
        Arrivals b = Arrivals.of(Arrivals.Kind.POISSON, 5, 42);
        Arrivals c = Arrivals.of(Arrivals.Kind.POISSON, 5, 43);
        long prev = 0;
        long t = 0;
        int n = 20_000;
        double sumSq = 0;
        boolean differs = false;
        for (int i = 0; i < n; i++) {
            t = a.next();
            assertThat(b.next()).isEqualTo(t);
            differs |= c.next() != t;
            assertThat(t).isGreaterThanOrEqualTo(prev);
            double gap = (t - prev) / 1e9;
            sumSq += gap * gap;
            prev = t;
        }
        assertThat(differs).isTrue();
        double mean = t / 1e9 / n;
        assertThat(mean).isCloseTo(0.2, within(0.006));
        // exponential gaps: standard deviation equals the mean
        double sd = Math.sqrt(sumSq / n - mean * mean);
        assertThat(sd).isCloseTo(0.2, within(0.01));
    }

    @Test
    void badInputIsOneLine() {
        assertThatThrownBy(() -> Arrivals.of(Arrivals.Kind.POISSON, 0, 1))
                .hasMessage("arrival rate must be a positive number of requests/s, was 0.0");
        assertThatThrownBy(() -> Arrivals.Kind.parse("gamma")).hasMessageContaining("constant");
        assertThat(Arrivals.of(Arrivals.Kind.POISSON, 2.5, 1).describe()).isEqualTo("poisson 2.5 req/s");
    }
}
