package io.pushbench.jmh.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JmhSettingsTest {

    @Test
    void defaultsAreThePublishableSettingsAndQuickIsASmokeRun() {
        JmhSettings d = JmhSettings.builder().build();
        assertThat(d.forks()).isEqualTo(3);
        assertThat(d.warmupIterations()).isEqualTo(5);
        assertThat(d.warmupTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.measurementIterations()).isEqualTo(5);
        assertThat(d.measurementTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.includes()).containsExactly(".*");
        JmhSettings q = JmhSettings.builder().quick().build();
        assertThat(q.forks()).isEqualTo(1);
        assertThat(q.warmupIterations()).isEqualTo(1);
        assertThat(q.measurementIterations()).isEqualTo(2);
        assertThat(q.measurementTime()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void paramSpecsAreParsed() {
        JmhSettings s = JmhSettings.builder().param("payloadBytes=64,256").param("transport", "ws").build();
        assertThat(s.params()).containsEntry("payloadBytes", List.of("64", "256")).containsEntry("transport", List.of("ws"));
    }

    @Test
    void badInputGivesOneLineMessagesNamingTheFlag() {
        assertThatThrownBy(() -> JmhSettings.builder().include("Framing("))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--include 'Framing(' is not a valid regular expression: Unclosed group")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> JmhSettings.builder().forks(0)).hasMessage("--forks must be >= 1, was 0");
        assertThatThrownBy(() -> JmhSettings.builder().measurement(0, Duration.ofSeconds(1)))
                .hasMessage("--iterations must be >= 1, was 0");
        assertThatThrownBy(() -> JmhSettings.builder().measurement(1, Duration.ZERO))
                .hasMessage("--time must be > 0, was PT0S");
        assertThatThrownBy(() -> JmhSettings.builder().param("payloadBytes")).hasMessage(
                "--param must be NAME=VALUE[,VALUE...], was 'payloadBytes'");
        assertThatThrownBy(() -> JmhSettings.builder().param("payloadBytes=64,")).hasMessage(
                "--param payloadBytes has an empty value");
        assertThatThrownBy(() -> JmhSettings.builder().param("1x=2")).hasMessage(
                "--param name must be a Java identifier, was '1x'");
    }
}
