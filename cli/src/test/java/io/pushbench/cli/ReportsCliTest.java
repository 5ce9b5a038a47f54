package io.pushbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The report, baseline and gate commands end to end on the reports module's fixture directories. */
@Timeout(120)
class ReportsCliTest {
    private static final Path FIXTURES = Path.of("../reports/src/test/resources/fixtures");

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Path fixture(Path tmp, String name) throws IOException {
        Path from = FIXTURES.resolve(name);
        Path to = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    @Test
    void reportWritesHtmlAndMarkdown(@TempDir Path tmp) throws IOException {
        Path dir = fixture(tmp, "comparison-3x");
        Outcome o = run("report", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("report.html").contains("report.md");
        assertThat(dir.resolve("report.html")).isRegularFile();
        assertThat(dir.resolve("charts/spectrum.svg")).isRegularFile();
    }

    @Test
    void reportOfAMissingDirectoryIsOneLineExit2(@TempDir Path tmp) {
        Outcome o = run("report", tmp.resolve("nope").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).startsWith("pushbench: no results directory at").doesNotContain("\n");
    }

    @Test
    void baselineThenGatePassesOnTheSameResults(@TempDir Path tmp) throws Exception {
        Path dir = fixture(tmp, "comparison-5x");
        Path baseline = tmp.resolve("baseline.json");
        Outcome b = run("baseline", dir.toString(), "--out", baseline.toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(Files.readString(baseline)).contains("\"schema\" : \"pushbench/baseline/v2\"");

        Path junit = tmp.resolve("gate.xml");
        Outcome g = run("gate", "--baseline", baseline.toString(), "--current", dir.toString(), "--junit",
                junit.toString());
        assertThat(g.code()).as(g.out() + g.err()).isZero();
        assertThat(g.out()).contains("PASS  ws/h1/gatling/plain  p99").contains("pushbench gate: PASS")
                .doesNotContain("FAIL  ");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    }

    @Test
    void gateFailsWithExit1OnARegression(@TempDir Path tmp) throws IOException {
        Path baseline = tmp.resolve("baseline.json");
        assertThat(run("baseline", fixture(tmp, "comparison-5x").toString(), "--out", baseline.toString()).code())
                .isZero();
        Path junit = tmp.resolve("gate.xml");
        Outcome g = run("gate", "--baseline", baseline.toString(), "--current",
                fixture(tmp, "regressed").toString(), "--max-p99-regression", "10%", "--max-throughput-drop", "5%",
                "--max-loss", "0", "--max-jmh-regression", "10%", "--junit", junit.toString());
        assertThat(g.code()).isEqualTo(1);
        assertThat(g.out()).contains("FAIL  ws/h1/gatling/plain  p99")
                .contains("FAIL  ws/h1/gatling/plain  loss").contains("pushbench gate: FAIL");
        assertThat(Files.readString(junit)).contains("<failure ");
    }

    @Test
    void gateBadInputExits2WithOneLine(@TempDir Path tmp) throws IOException {
        Path baseline = tmp.resolve("baseline.json");
        assertThat(run("baseline", fixture(tmp, "comparison-3x").toString(), "--out", baseline.toString()).code())
                .isZero();
        Outcome mismatched = run("gate", "--baseline", baseline.toString(), "--current",
                fixture(tmp, "mismatched").toString());
        assertThat(mismatched.code()).isEqualTo(2);
        assertThat(mismatched.err().strip()).startsWith("pushbench: configuration differs from the baseline: "
                + "connections 200 -> 500").doesNotContain("\n");

        Outcome missing = run("gate", "--baseline", tmp.resolve("none.json").toString(), "--current",
                tmp.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("pushbench: no baseline file at");

        Files.writeString(tmp.resolve("wrong.json"), "{\"schema\":\"pushbench/results/v1\"}");
        Outcome wrong = run("gate", "--baseline", tmp.resolve("wrong.json").toString(), "--current",
                tmp.toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("expected \"pushbench/baseline/v2\"");

        Outcome badFlag = run("gate", "--baseline", baseline.toString(), "--current", tmp.toString(),
                "--max-p99-regression", "lots");
        assertThat(badFlag.code()).isEqualTo(2);
        assertThat(badFlag.err().strip()).isEqualTo(
                "pushbench: --max-p99-regression must be a percentage such as 10%, was \"lots\"");

        Outcome unknown = run("gate", "--baseline", baseline.toString(), "--bogus");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().lines().count()).isEqualTo(1);
    }

    @Test
    void helpWorksForEachCommand() {
        for (String cmd : new String[]{"report", "baseline", "gate"}) {
            Outcome o = run(cmd, "--help");
            assertThat(o.code()).isZero();
            assertThat(o.out()).contains("Usage: pushbench " + cmd);
        }
    }
}
