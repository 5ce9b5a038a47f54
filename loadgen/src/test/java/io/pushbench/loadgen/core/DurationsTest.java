package io.pushbench.loadgen.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void parsesHumanAndIsoForms() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("PT2.1S")).isEqualTo(Duration.ofMillis(2100));
        // compounds in descending units: the profiles' and flags' one grammar
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h2m")).isEqualTo(Duration.ofMinutes(62));
        assertThat(Durations.parse("2s500ms")).isEqualTo(Duration.ofMillis(2500));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(2500))).isEqualTo("2s500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void rejectsGarbageWithOneLine() {
        assertThatThrownBy(() -> Durations.parse("10 parsecs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad duration '10 parsecs' (use e.g. 500ms, 30s, 2m)");
        assertThatThrownBy(() -> Durations.parse("-3s")).isInstanceOf(IllegalArgumentException.class);
    }
}
