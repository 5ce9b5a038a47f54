package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Variant;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
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

    /** The built-in profile {@code builtIn} with a file {@code fileName} holding {@code content} layered over it. */
    private CompareProfile layered(String builtIn, String fileName, String content) throws IOException {
        Path f = tmp.resolve(fileName);
        Files.writeString(f, content);
        CompareProfile.Builder b = ProfileLoader.builtIn(builtIn);
        ProfileLoader.applyFile(b, f);
        return b.build();
    }

    @Test
    void builtInProfilesLoadAndValidate() {
        CompareProfile quick = ProfileLoader.builtIn("quick").build();
        assertThat(quick.name()).isEqualTo("quick");
        assertThat(quick.repeats()).isEqualTo(5);   // the fewest runs per arm that can call at 99%
        assertThat(quick.transports()).containsExactly(Transport.SSE, Transport.WS);
        assertThat(quick.variants()).containsExactly(Variant.PLAIN);
        assertThat(quick.protocols()).containsExactly(Protocol.H1);
        assertThat(quick.drivers()).containsExactly(Driver.JETTY);
        assertThat(quick.streamsPerConnection()).isEqualTo(1);
        assertThat(quick.calibrate()).isTrue();
        assertThat(quick.connections()).isEqualTo(1000);
        // quick must fit in 3.5 minutes on 2 CPUs, calibration included (the budget)
        assertThat(quick.estimatedWallTime()).isLessThanOrEqualTo(Duration.ofMinutes(3).plusSeconds(30));

        CompareProfile standard = ProfileLoader.builtIn("standard").build();
        assertThat(standard.repeats()).isGreaterThanOrEqualTo(5);
        assertThat(standard.connections()).isGreaterThanOrEqualTo(2000);
        assertThat(standard.protocols()).containsExactly(Protocol.H1, Protocol.H2C);
        assertThat(standard.drivers()).containsExactly(Driver.JETTY);
        // every transport on both protocols: twice the runs of one protocol
        // 15 groups: steady and 8 scenario cases on h1; steady and 5 on h2c (drop-connection is h2c only; restart
        // and the storms h1 only)
        assertThat(standard.scenarios()).containsExactly("steady", "drop", "restart", "churn", "slow", "storm");
        assertThat(standard.runCount()).isEqualTo(150);
        assertThat(standard.estimatedWallTime()).isEqualTo(standard.runWindow().plusSeconds(8).multipliedBy(150)
                .plus(CompareProfile.CALIBRATION_WALL_TIME));

        CompareProfile ci = ProfileLoader.builtIn("ci").build();
        assertThat(ci.repeats()).isGreaterThanOrEqualTo(5);
        assertThat(ci.connections()).isLessThanOrEqualTo(500);
        assertThat(ci.protocols()).containsExactly(Protocol.H1);
        assertThat(ci.drivers()).containsExactly(Driver.JETTY);
    }

    @Test
    void unknownBuiltInIsAOneLineError() {
        assertThatThrownBy(() -> ProfileLoader.builtIn("huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown profile 'huge' (built in: quick, standard, ci; use --profile-file for your own)");
    }

    @Test
    void yamlFileIsLayeredOverTheBuiltIn() throws IOException {
        CompareProfile p = layered("quick", "mine.yaml",
                "connections: 3000\nduration: 1m30s\nserver-jvm-args: [-Xmx2g]\npin: off\n");
        assertThat(p.name()).isEqualTo("mine");
        assertThat(p.connections()).isEqualTo(3000);
        assertThat(p.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.serverJvmArgs()).containsExactly("-Xmx2g");
        assertThat(p.pin()).isEqualTo(PinMode.OFF);
        assertThat(p.rate()).isEqualTo(4.0); // from quick
    }

    @Test
    void jsonFileIsRead() throws IOException {
        CompareProfile p = layered("ci", "p.json",
                "{\"name\":\"nightly\",\"repeats\":5,\"transports\":[\"ws\",\"sse\"],\"rate\":7.5}");
        assertThat(p.name()).isEqualTo("nightly");
        assertThat(p.repeats()).isEqualTo(5);
        assertThat(p.transports()).containsExactly(Transport.WS, Transport.SSE);
        assertThat(p.rate()).isEqualTo(7.5);
    }

    @Test
    void newAxesAndSettingsLoadFromAFileAndLandInTheConfig() throws IOException {
        CompareProfile p = layered("ci", "axes.yaml",
                "drivers: [gatling, jetty]\nprotocols: h1,h2\nstreams-per-connection: 8\ncalibrate: false\n");
        assertThat(p.drivers()).containsExactly(Driver.GATLING, Driver.JETTY);
        assertThat(p.protocols()).containsExactly(Protocol.H1, Protocol.H2C);   // "h2" is h2c
        assertThat(p.streamsPerConnection()).isEqualTo(8);
        assertThat(p.streamsPerConnection(Protocol.H2C)).isEqualTo(8);
        assertThat(p.streamsPerConnection(Protocol.H1)).isEqualTo(1);
        assertThat(p.calibrate()).isFalse();
        assertThat(p.toConfigMap()).containsEntry("protocols", List.of("h1", "h2c"))
                .containsEntry("drivers", List.of("gatling", "jetty")).containsEntry("streams-per-connection", 8)
                .containsEntry("calibrate", false);
        assertThat(p.toBuilder().build()).isEqualTo(p);

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "calibrate: sometimes\n");
        assertThatThrownBy(() -> ProfileLoader.applyFile(ProfileLoader.builtIn("ci"), bad))
                .hasMessage("calibrate in profile file " + bad + " must be true or false, was 'sometimes'");
    }

    @Test
    void newAxesAreValidatedInOneLine() {
        assertThatThrownBy(() -> ProfileLoader.builtIn("ci").drivers(List.of("locust")).build())
                .hasMessage("unknown driver 'locust' (known: gatling, jetty, browser)");
        assertThatThrownBy(() -> ProfileLoader.builtIn("ci").drivers(List.of("in-memory")).build())
                .hasMessage("the in-memory driver runs in tests only (known: gatling, jetty, browser)");
        assertThatThrownBy(() -> ProfileLoader.builtIn("ci").protocols(List.of("h3")).build())
                .hasMessage("unknown protocol 'h3' (known: h1, h2)");
        assertThatThrownBy(() -> ProfileLoader.builtIn("ci").protocols(List.of("h2", "h2c")).build())
                .hasMessage("protocols names 'h2c' twice");
        assertThatThrownBy(() -> ProfileLoader.builtIn("ci").drivers(List.of()).build())
                .hasMessage("drivers must list at least one name");
        assertThatThrownBy(() -> ProfileLoader.builtIn("ci").streamsPerConnection(4).build())
                .hasMessage("streams-per-connection 4 needs h2 in protocols (HTTP/1.1 carries one stream per "
                        + "connection)");
        assertThatThrownBy(() -> ProfileLoader.builtIn("ci").protocols(List.of("h2")).streamsPerConnection(0)
                .build()).hasMessage("streams-per-connection must be 1..1024, was 0");
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
        assertThatThrownBy(b::build).hasMessage("unknown variant 'h3' (known: plain, coalesce, writers1, writers2, pool-writers)");

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
