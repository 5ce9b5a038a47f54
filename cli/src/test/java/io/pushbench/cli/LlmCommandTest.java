package io.pushbench.cli;

import io.pushbench.analysis.llm.LlmResults;
import io.pushbench.analysis.llm.LlmResultsIO;
import io.pushbench.analysis.llm.LlmStepResult;
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

class LlmCommandTest {
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

    private void assertBadInput(String message, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).contains(message).hasLineCount(1);
    }

    @Test
    void aScenarioIsADropWithOwnServerOnly() {
        assertBadInput("drop-abort or drop-close", "llm", "--scenario", "restart");
        assertBadInput("own server", "llm", "--scenario", "drop-abort", "--server", "http://127.0.0.1:9");
        assertBadInput("unknown", "llm", "--scenario", "nope");
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        String o = dir.resolve("x").toString();
        assertBadInput("bad duration '10 parsecs'", "llm", "--duration", "10 parsecs", "--out", o);
        assertBadInput("transport must be sse or ws, was mqtt", "llm", "--transports", "sse,mqtt", "--out", o);
        assertBadInput("--api chat is SSE only", "llm", "--api", "chat", "--transports", "sse,ws", "--out", o);
        assertBadInput("not both", "llm", "--rates", "2", "--concurrency", "4", "--out", o);
        assertBadInput("arrival rate must be a positive number", "llm", "--rates", "0", "--out", o);
        assertBadInput("concurrency must be >= 1", "llm", "--concurrency", "0", "--out", o);
        assertBadInput("--output-tokens", "llm", "--output-tokens", "normal:abc", "--out", o);
        assertBadInput("not a loopback address", "llm", "--server", "http://192.0.2.1:8080", "--out", o);
        assertBadInput("not with --server", "llm", "--server", "http://127.0.0.1:9", "--llm-ttft", "const:5ms",
                "--out", o);
        assertBadInput("bad duration", "llm", "--llm-ttft", "const:5 parsecs", "--out", o);
        assertBadInput("--llm-batch must be in 1..100000", "llm", "--llm-batch", "0", "--out", o);
        assertBadInput("Unknown option: '--nonsense'", "llm", "--server-arg=--nonsense", "--out", o);
        assertBadInput("--prompts", "llm", "--prompts", dir.resolve("missing.jsonl").toString(), "--out", o);
        assertBadInput("Unknown option", "llm", "--bogus", "--out", o);
        assertBadInput("--workload must be feed or llm", "compare", "--workload", "video");
        assertBadInput("not both", "compare", "--workload", "llm", "--rates", "2", "--concurrency", "4",
                "--out", o);
    }

    @Test
    @Timeout(120)
    void aShortRunAgainstAServerWritesLlmResults() throws Exception {
        try (FeedServer server = FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(1).build())) {
            Path o = dir.resolve("run");
            // compare --workload llm is the same command
            int code = run("compare", "--workload", "llm", "--server", server.baseUri().toString(), "--rates", "5",
                    "--repeats", "1", "--prime", "0", "--warmup", "500ms", "--duration", "2s", "--output-tokens", "const:16",
                    "--slo-ttft", "2s", "--out", o.toString(), "--no-report");
            assertThat(code).as(out + "\n" + err).isIn(0, 1);   // validity depends on this machine's load
            LlmResults r = LlmResultsIO.read(o.resolve(LlmResults.FILE_NAME));
            assertThat(r.complete()).isTrue();
            assertThat(r.steps()).extracting(LlmStepResult::name)
                    .containsExactly("sse-h1-responses-rate5-r1", "ws-h1-responses-rate5-r1");
            for (LlmStepResult s : r.steps()) {
                assertThat(s.counts().scheduled()).isPositive();
                assertThat(s.counts().failed()).isZero();
                assertThat(s.counts().completed()).isEqualTo(s.counts().scheduled());
                assertThat(s.latency().ttftUs().count()).isEqualTo(s.counts().completed());
                assertThat(s.rates().goodputPerSec()).isNotNull();
                assertThat(s.server().observed()).isTrue();
            }
            assertThat(r.config()).containsEntry("apiKeyEnv", "OPENAI_API_KEY").containsEntry("api", "responses");
            assertThat(Files.readString(o.resolve(LlmResults.FILE_NAME))).doesNotContain("Bearer");
            assertThat(out.toString()).contains("sse-h1-responses-rate5-r1").contains("TTFT p50/p99");
        }
    }
}
