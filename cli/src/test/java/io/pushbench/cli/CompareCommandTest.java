package io.pushbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CompareCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int exec(String... args) {
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void dryRunShowsTheEffectiveProfileWithFlagsApplied() {
        int code = exec("compare", "--dry-run", "--profile", "standard", "--connections", "2500", "--repeats", "2",
                "--duration", "1m", "--out", tmp.resolve("r").toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("profile standard: {profile=standard, repeats=2, transports=[sse, ws]")
                .contains("connections=2500").contains("duration=1m")
                .contains("order: sse-h1-gatling-r1, ws-h1-gatling-r1, ws-h1-gatling-r2, sse-h1-gatling-r2");
        assertThat(Files.exists(tmp.resolve("r"))).isFalse();
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        assertThat(exec("compare", "--connections", "many")).isEqualTo(2);
        assertThat(err.toString()).startsWith("pushbench: Invalid value for option '--connections'");
        assertThat(err.toString().strip().lines()).hasSize(1);

        err.getBuffer().setLength(0);
        assertThat(exec("compare", "--variants", "plain,h2c", "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("pushbench: unknown variant 'h2c' (known: plain)");

        err.getBuffer().setLength(0);
        assertThat(exec("compare", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);

        err.getBuffer().setLength(0);
        assertThat(exec("compare", "--profile", "huge", "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("pushbench: unknown profile 'huge'");

        err.getBuffer().setLength(0);
        assertThat(exec("compare", "--ramp", "forever", "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("pushbench: --ramp must be a duration like 45s, 1m30s or 500ms, was 'forever'");

        err.getBuffer().setLength(0);
        Path profile = tmp.resolve("p.yaml");
        Files.writeString(profile, "bogus: 1\n");
        assertThat(exec("compare", "--profile-file", profile.toString(), "--dry-run")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("pushbench: unknown key 'bogus' in profile file");

        err.getBuffer().setLength(0);
        Path full = tmp.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("x"), "x");
        assertThat(exec("compare", "--out", full.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("pushbench: --out " + full
                + " is not empty (each comparison needs its own directory)");
    }

    @Test
    void helpListsEveryProfileKeyAsAFlag() {
        assertThat(exec("compare", "--help")).isZero();
        for (String key : io.pushbench.cli.compare.ProfileLoader.KEYS) {
            if (!key.equals("name")) {
                assertThat(out.toString()).as("flag for profile key " + key).contains("--" + key);
            }
        }
    }
}
