package io.pushbench.wire.llm;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DistributionTest {
    /** A toy duration parser (the server and CLI pass the real one): "150ms" → nanoseconds. */
    private static final ToDoubleFunction<String> MS = s -> {
        if (!s.endsWith("ms")) {
            throw new IllegalArgumentException("bad duration '" + s + "'");
        }
        return Double.parseDouble(s.substring(0, s.length() - 2)) * 1e6;
    };

    @Test
    void grammarReadsEveryKindAndKeepsItsText() {
        assertThat(Distribution.parse("const:5", "n")).isEqualTo(new Distribution.Const("const:5", 5));
        assertThat(Distribution.parse(" 7 ", "n")).isEqualTo(new Distribution.Const("7", 7));
        assertThat(Distribution.parse("NORMAL: 128, 32", "n"))
                .isEqualTo(new Distribution.Normal("NORMAL: 128, 32", 128, 32, 32, 224));
        assertThat(Distribution.parse("normal:10,5", "n"))
                .isEqualTo(new Distribution.Normal("normal:10,5", 10, 5, 0, 25));
        assertThat(Distribution.parse("normal:128,32,16,256", "n"))
                .isEqualTo(new Distribution.Normal("normal:128,32,16,256", 128, 32, 16, 256));
        assertThat(Distribution.parse("uniform:1,3", "n")).isEqualTo(new Distribution.Uniform("uniform:1,3", 1, 3));
        assertThat(Distribution.parse("exp:4", "n")).isEqualTo(new Distribution.Exponential("exp:4", 4));
        Distribution d = Distribution.parse("normal:150ms,30ms", MS, "--llm-ttft");
        assertThat(d).isEqualTo(new Distribution.Normal("normal:150ms,30ms", 150e6, 30e6, 60e6, 240e6));
        assertThat(Distribution.parse(d.text(), MS, "x")).isEqualTo(d);
    }

    @Test
    void errorsAreOneLineAndNameTheSetting() {
        assertThatThrownBy(() -> Distribution.parse("", "--llm-itl"))
                .hasMessageStartingWith("--llm-itl is empty (use e.g. const:V");
        assertThatThrownBy(() -> Distribution.parse("gauss:1,2", "--llm-itl"))
                .hasMessage("--llm-itl \"gauss:1,2\": unknown distribution \"gauss\" (known: const, normal, uniform, exp)");
        assertThatThrownBy(() -> Distribution.parse("normal:1", "x"))
                .hasMessage("x \"normal:1\": 1 value (use normal:MEAN,SD[,MIN,MAX])");
        assertThatThrownBy(() -> Distribution.parse("normal:1,2,3", "x"))
                .hasMessage("x \"normal:1,2,3\": MIN without MAX (use normal:MEAN,SD[,MIN,MAX])");
        assertThatThrownBy(() -> Distribution.parse("normal:1,2,5,3", "x"))
                .hasMessage("x \"normal:1,2,5,3\": MIN > MAX (use normal:MEAN,SD[,MIN,MAX])");
        assertThatThrownBy(() -> Distribution.parse("uniform:3,1", "x")).hasMessageContaining("MIN > MAX");
        assertThatThrownBy(() -> Distribution.parse("uniform:1,", "x"))
                .hasMessage("x \"uniform:1,\": an empty value (use uniform:MIN,MAX)");
        assertThatThrownBy(() -> Distribution.parse("const:-1", "x"))
                .hasMessage("x \"const:-1\": value '-1' is not a finite non-negative number (use const:V)");
        assertThatThrownBy(() -> Distribution.parse("exp:abc", "x")).hasMessage("x \"exp:abc\": 'abc' is not a number");
        assertThatThrownBy(() -> Distribution.parse("normal:15x,3ms", MS, "--llm-ttft"))
                .hasMessage("--llm-ttft \"normal:15x,3ms\": bad duration '15x'");
    }

    @Test
    void normalDrawsStayWithinItsBoundsAndEvenAHopelessIntervalEnds() {
        Distribution d = Distribution.parse("normal:128,32,100,140", "n");
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            assertThat(d.sample(rng)).isBetween(100.0, 140.0);
        }
        Distribution tail = Distribution.parse("normal:0,1,50,60", "n");   // ~no mass: clamped after the redraws
        assertThat(tail.sample(rng)).isEqualTo(50.0);
        assertThat(tail.mean()).isEqualTo(50.0);
    }

    @Test
    void sameSeedSameDraws() {
        for (String text : new String[]{"normal:10,3", "uniform:2,9", "exp:5", "const:3"}) {
            Distribution d = Distribution.parse(text, "n");
            SplittableRandom a = new SplittableRandom(42);
            SplittableRandom b = new SplittableRandom(42);
            for (int i = 0; i < 100; i++) {
                assertThat(d.sample(a)).isEqualTo(d.sample(b));
            }
        }
    }

    @Test
    void sampleMeansMatchTheStatedMeans() {
        SplittableRandom rng = new SplittableRandom(7);
        for (String text : new String[]{"normal:128,32", "normal:128,32,16,140", "normal:5,4", "uniform:2,10",
                "exp:5", "const:3"}) {
            Distribution d = Distribution.parse(text, "n");
            double sum = 0;
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                sum += d.sample(rng);
            }
            assertThat(sum / n).as(text).isCloseTo(d.mean(), within(d.mean() * 0.01 + 1e-9));
        }
        // Truncation moves the mean: [16,140] cuts more of the upper tail than the lower one.
        assertThat(Distribution.parse("normal:128,32,16,140", "n").mean()).isLessThan(128);
        // The default lower bound max(0, MEAN-3SD) = 0 cuts only the left: the mean rises.
        assertThat(Distribution.parse("normal:5,4", "n").mean()).isGreaterThan(5);
        assertThat(Distribution.parse("normal:128,32", "n").mean()).isCloseTo(128, within(1e-6));
    }

    @Test
    void sampleLongRoundsTokenCounts() {
        assertThat(Distribution.parse("const:2.6", "n").sampleLong(new SplittableRandom(1))).isEqualTo(3);
    }
}
