package io.pushbench.cli;

import io.pushbench.jmh.run.JmhSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code jmh} subcommand's parsing, validation and listing. The real benchmark run behind it is exercised by
 * the jmh module's JmhSuiteSmokeTest (JMH forks need a plain class path, which that module's test set-up has).
 */
class JmhCommandTest {

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void helpDescribesTheFlags() {
        Outcome o = run("jmh", "--help");
        assertThat(o.exit()).isZero();
        assertThat(o.out()).contains("--quick", "--include=REGEX", "--out=DIR", "--param=NAME=V1[,V2...]", "results/jmh");
    }

    @Test
    void listShowsTheSelectionAndItsSize() {
        Outcome o = run("jmh", "--list", "--include", "FanoutBenchmark", "--param", "subscribers=1,100");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out().lines().toList()).contains(
                "io.pushbench.jmh.bench.FanoutBenchmark.encodeOnce",
                "io.pushbench.jmh.bench.FanoutBenchmark.encodePerConnection");
        // 2 methods x 2 transports x 2 subscriber counts x 3 payloads, 3 forks of 5 x 1 s + 5 x 2 s (+ start-up)
        assertThat(o.out()).contains("2 benchmarks, 24 configurations x 3 fork(s): about 20 min");
        Outcome quick = run("jmh", "--list", "--quick", "--include", "FanoutBenchmark");
        assertThat(quick.out()).contains("36 configurations x 1 fork(s): about 2 min");
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Outcome regex = run("jmh", "--include", "Framing(");
        assertThat(regex.exit()).isEqualTo(2);
        assertThat(regex.err().strip()).startsWith("pushbench: --include 'Framing(' is not a valid regular expression")
                .doesNotContain("\n").doesNotContain("Exception");
        Outcome none = run("jmh", "--include", "NoSuchBenchmark");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err().strip()).isEqualTo("pushbench: no benchmark matches --include [NoSuchBenchmark] "
                + "(see 'pushbench jmh --list')");
        Outcome param = run("jmh", "--include", "Utf8Benchmark", "--param", "subscribers=1");
        assertThat(param.exit()).isEqualTo(2);
        assertThat(param.err()).contains("--param subscribers is not a parameter of the selected benchmarks (they take: "
                + "payloadBytes, text)");
        Outcome forks = run("jmh", "--forks", "0");
        assertThat(forks.exit()).isEqualTo(2);
        assertThat(forks.err().strip()).isEqualTo("pushbench: --forks must be >= 1, was 0");
        Outcome time = run("jmh", "--time", "soon");
        assertThat(time.exit()).isEqualTo(2);
        assertThat(time.err()).contains("bad duration 'soon' (use e.g. 500ms, 30s, 2m)").doesNotContain("Exception");
        Outcome unknown = run("jmh", "--fast");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--fast'");
    }

    @Test
    void flagsMapOntoTheSettingsWithQuickAsTheBase() {
        JmhCommand cmd = new JmhCommand();
        new CommandLine(cmd).parseArgs("--quick", "--iterations", "4", "--time", "1.5s", "--warmup-time", "250ms",
                "--include", "Framing", "--exclude", "Client", "--param", "payloadBytes=64", "--jvm-arg", "-XX:+UseSerialGC",
                "--out", "target/x");
        JmhSettings s = cmd.settings();
        assertThat(s.forks()).isEqualTo(1);
        assertThat(s.warmupIterations()).isEqualTo(1);
        assertThat(s.warmupTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.measurementIterations()).isEqualTo(4);
        assertThat(s.measurementTime()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.includes()).containsExactly("Framing");
        assertThat(s.excludes()).containsExactly("Client");
        assertThat(s.params()).containsEntry("payloadBytes", List.of("64"));
        assertThat(s.jvmArgs()).containsExactly("-XX:+UseSerialGC");
        assertThat(s.outDir()).isEqualTo(Path.of("target/x"));
    }
}
