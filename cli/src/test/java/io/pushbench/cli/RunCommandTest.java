package io.pushbench.cli;

import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        assertThat(run("run", "--transport", "sse", "--duration", "10 parsecs", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad duration '10 parsecs'").hasLineCount(1);
    }

    @Test
    void semanticErrorsAreOneLineAndExitTwo() {
        assertThat(run("run", "--transport", "mqtt", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("pushbench: transport must be sse or ws, was mqtt" + System.lineSeparator());
    }

    @Test
    void refusesRemoteServerWithoutAllowRemote() {
        assertThat(run("run", "--transport", "ws", "--server", "http://192.0.2.1:8080", "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("not a loopback address").contains("--allow-remote").hasLineCount(1);
    }

    @Test
    void browserDriverWithoutChromiumIsOneLineSayingHowToInstallIt() {
        System.setProperty("pushbench.chrome", "/nonexistent/chromium");
        try {
            assertThat(run("run", "--driver", "browser", "--transport", "sse", "--out", dir.toString())).isEqualTo(2);
            assertThat(err.toString()).hasLineCount(1)
                    .contains("sudo apt-get install -y chromium chromium-driver");
            assertThat(dir).isEmptyDirectory();
        } finally {
            System.clearProperty("pushbench.chrome");
        }
    }

    @Test
    void unknownFlagExitsTwo() {
        assertThat(run("run", "--transport", "sse", "--out", dir.toString(), "--bogus")).isEqualTo(2);
        assertThat(err.toString()).hasLineCount(1);
    }

    @Test
    @Timeout(120)
    void shortRunAgainstAServerWritesResultsAndExitsByValidity() throws Exception {
        try (FeedServer server = FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(10)
                .payloadBytes(100).build())) {
            int code = run("run", "--transport", "sse", "--connections", "20", "--rate", "10", "--payload", "100",
                    "--ramp", "1s", "--warmup", "500ms", "--duration", "3s", "--server", server.baseUri().toString(),
                    "--out", dir.toString(), "--run-id", "cli-sse");
            Results results = ResultsIO.read(dir.resolve("results.json"));
            assertThat(results.kind()).isEqualTo("run");
            assertThat(results.runs()).singleElement().satisfies(r -> {
                assertThat(r.messages().lost()).isZero();
                assertThat(r.messages().delivered()).isPositive();
            });
            assertThat(code).isEqualTo(results.valid() ? 0 : 1);
            assertThat(out.toString()).contains("steady", "results: ");
            assertThat(Files.exists(dir.resolve("cli-sse.json"))).isTrue();
            assertThat(Files.exists(dir.resolve("cli-sse.hlog"))).isTrue();
            assertThat(Files.exists(dir.resolve("console.log"))).isTrue();
        }
    }
}
