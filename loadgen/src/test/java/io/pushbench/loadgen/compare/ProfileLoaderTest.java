package io.pushbench.cli.compare;

import io.pushbench.wire.Transport;
import io.pushbench.analysis.results.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void builtInProfilesLoadAndValidate() {
        CompareProfile quick = ProfileLoader.builtIn("quick").build();
        assertThat(quick.name()).isEqualTo("quick");
        assertThat(quick.repeats()).isEqualTo(5);   // the fewest runs per arm that can call at 99%
        assertThat(quick.transports()).containsExactly(Transport.SSE, Transport.WS);
        assertThat(quick.variants()).containsExactly(Variant.PLAIN);
        assertThat(quick.connections()).isEqualTo(1000);
        // quick must fit in about 3 minutes on 2 CPUs
        assertThat(quick.estimatedWallTime()).isLessThanOrEqualTo(Duration.ofMinutes(3).plusSeconds(40));

        CompareProfile standard = ProfileLoader.builtIn("standard").build();
        assertThat(standard.repeats()).isGreaterThanOrEqualTo(5);
        assertThat(standard.connections()).isGreaterThanOrEqualTo(2000);

        CompareProfile ci = ProfileLoader.builtIn("ci").build();
        assertThat(ci.repeats()).isGreaterThanOrEqualTo(5);
        assertThat(ci.connections()).isLessThanOrEqualTo(500);
    }

    @Test
    void unknownBuiltInIsAOneLineError() {
        assertThatThrownBy(() -> ProfileLoader.builtIn("huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown profile 'huge' (built in: quick, standard, ci; use --profile-file for your own)");
    }

    @Test
    void yamlFileIsLayeredOverTheBuiltIn() throws IOException {
        Path f = tmp.resolve("mine.yaml");
        Files.writeString(f, "connections: 3000\nduration: 1m30s\nserver-jvm-args: [-Xmx2g]\npin: off\n");
        CompareProfile.Builder b = ProfileLoader.builtIn("quick");
        ProfileLoader.applyFile(b, f);
        CompareProfile p = b.build();
        assertThat(p.name()).isEqualTo("mine");
        assertThat(p.connections()).isEqualTo(3000);
        assertThat(p.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.serverJvmArgs()).containsExactly("-Xmx2g");
        assertThat(p.pin()).isEqualTo(PinMode.OFF);
        assertThat(p.rate()).isEqualTo(4.0); // from quick
    }

    @Test
    void jsonFileIsRead() throws IOException {
        Path f = tmp.resolve("p.json");
        Files.writeString(f, "{\"name\":\"nightly\",\"repeats\":5,\"transports\":[\"ws\",\"sse\"],\"rate\":7.5}");
        CompareProfile.Builder b = ProfileLoader.builtIn("ci");
        ProfileLoader.applyFile(b, f);
        CompareProfile p = b.build();
        assertThat(p.name()).isEqualTo("nightly");
        assertThat(p.repeats()).isEqualTo(5);
        assertThat(p.transports()).containsExactly(Transport.WS, Transport.SSE);
        assertThat(p.rate()).isEqualTo(7.5);
    }

    @Test
    void unknownKeysAndBadValuesAreOneLineErrors() throws IOException {
        Path unknown = tmp.resolve("u.yaml");
        Files.writeString(unknown, "conections: 10\n");
        assertThatThrownBy(() -> ProfileLoader.applyFile(ProfileLoader.builtIn("quick"), unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown key 'conections' in profile file " + unknown + " (known: name, ")
                .hasMessageNotContaining("\n");

        Path bad = tmp.resolve("b.yaml");
        Files.writeString(bad, "connections: lots\n");
        assertThatThrownBy(() -> ProfileLoader.applyFile(ProfileLoader.builtIn("quick"), bad))
                .hasMessage("connections in profile file " + bad + " must be a whole number, was 'lots'");

        Path dur = tmp.resolve("d.yaml");
        Files.writeString(dur, "ramp: soon\n");
        assertThatThrownBy(() -> ProfileLoader.applyFile(ProfileLoader.builtIn("quick"), dur))
                .hasMessage("ramp in profile file " + dur + " must be a duration like 45s, 1m30s or 500ms, was 'soon'");

        Path notYaml = tmp.resolve("n.yaml");
        Files.writeString(notYaml, "a: [1, 2\n");
        assertThatThrownBy(() -> ProfileLoader.applyFile(ProfileLoader.builtIn("quick"), notYaml))
                .hasMessageStartingWith("profile file " + notYaml + " is not valid YAML")
                .hasMessageNotContaining("\n");

        Path variant = tmp.resolve("v.yaml");
        Files.writeString(variant, "variants: [plain, h3]\n");
        CompareProfile.Builder b = ProfileLoader.builtIn("quick");
        ProfileLoader.applyFile(b, variant);
        assertThatThrownBy(b::build).hasMessage("unknown variant 'h3' (known: plain)");

        assertThatThrownBy(() -> ProfileLoader.applyFile(ProfileLoader.builtIn("quick"), tmp.resolve("none.yaml")))
                .hasMessage("profile file " + tmp.resolve("none.yaml") + " does not exist");
    }

    @Test
    void builderValidatesRanges() {
        assertThatThrownBy(() -> ProfileLoader.builtIn("quick").connections(0).build())
                .hasMessage("connections must be 1..19000, was 0");
        assertThatThrownBy(() -> ProfileLoader.builtIn("quick").rate(-3).build())
                .hasMessage("rate must be > 0 and <= 100000 msg/s, was -3.0");
        assertThatThrownBy(() -> ProfileLoader.builtIn("quick").transports(List.of("sse", "grpc")).build())
                .hasMessage("unknown transport 'grpc' (known: sse, ws)");
        assertThatThrownBy(() -> ProfileLoader.builtIn("quick").transports(List.of("sse", "ws", "sse")).build())
                .hasMessage("transports names 'sse' twice (name one transport exactly twice, e.g. sse,sse, for an A/A"
                        + " comparison)");
        CompareProfile aa = ProfileLoader.builtIn("quick").transports(List.of("sse", "sse")).build();
        assertThat(aa.isAa()).isTrue();
        assertThat(aa.armNames()).containsExactly("A", "B");
        assertThatThrownBy(() -> ProfileLoader.builtIn("quick").serverCpus("zero").build())
                .hasMessage("server-cpus must be a taskset CPU list like 0, 1-3 or 0,2, was 'zero'");
        assertThatThrownBy(() -> ProfileLoader.builtIn("quick").duration(Duration.ofMillis(10)).build())
                .hasMessage("duration must be >= 1s, was 10ms");
    }

    @Test
    void durationsParseAndPrint() {
        assertThat(DurationText.parse("d", "45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DurationText.parse("d", "1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("d", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("d", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationText.parse("d", "PT20S")).isEqualTo(Duration.ofSeconds(20));
        assertThat(DurationText.parse("d", "12")).isEqualTo(Duration.ofSeconds(12));
        assertThat(DurationText.parse("d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(DurationText.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
        assertThatThrownBy(() -> DurationText.parse("--ramp", "5 minutes"))
                .hasMessage("--ramp must be a duration like 45s, 1m30s or 500ms, was '5 minutes'");
    }

    @Test
    void pinningFollowsModeTasksetAndCpus() {
        CompareProfile auto = ProfileLoader.builtIn("quick").build();
        assertThat(CpuPinning.decide(auto, true, 2)).isEqualTo(new CpuPinning(true, "0", "1",
                "pinned with taskset: server on CPU 0, load generator on CPU 1"));
        assertThat(CpuPinning.decide(auto, true, 8).loadgenCpus()).isEqualTo("1-7");
        assertThat(CpuPinning.decide(auto, false, 8).pinned()).isFalse();
        assertThat(CpuPinning.decide(auto, false, 8).note()).isEqualTo("not pinned (taskset not found)");
        assertThat(CpuPinning.decide(auto, true, 1).note()).isEqualTo("not pinned (only 1 CPU)");
        CompareProfile on = auto.toBuilder().pin(PinMode.ON).build();
        assertThatThrownBy(() -> CpuPinning.decide(on, false, 4))
                .hasMessage("pin: on needs taskset and at least 2 CPUs (taskset not found)");
        CompareProfile off = auto.toBuilder().pin(PinMode.OFF).build();
        assertThat(CpuPinning.decide(off, true, 4).pinned()).isFalse();
    }
}
