package io.pushbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ServerCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheContractFlags() {
        Run r = run("server", "--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("--host", "--port", "--rate", "--poisson", "--payload", "--ring", "--queue",
                "--retry-ms", "--heartbeat-ms", "--idle-timeout-ms", "--max-connections", "--threads", "--gzip",
                "--ws-deflate", "--sse-core", "--admin-token", "--allow-non-loopback", "--log-dir", "--fsync",
                "--fsync-interval", "--segment-bytes");
    }

    @Test
    void badLogFlagsAreOneLineAndExit2() {
        Run policy = run("server", "--log-dir", "target/never-created", "--fsync", "sometimes");
        assertThat(policy.exit).isEqualTo(2);
        assertThat(policy.err.strip().lines()).hasSize(1);
        assertThat(policy.err).contains("fsync must be never, always or interval, was 'sometimes'");
        Run interval = run("server", "--log-dir", "target/never-created", "--fsync-interval", "soon");
        assertThat(interval.exit).isEqualTo(2);
        assertThat(interval.err.strip().lines()).hasSize(1);
        Run noDir = run("server", "--fsync", "always");
        assertThat(noDir.exit).isEqualTo(2);
        assertThat(noDir.err.strip()).isEqualTo(
                "pushbench: fsync needs log-dir: without a log directory there is no log to fsync or roll");
        Run wrongPolicy = run("server", "--log-dir", "target/never-created", "--fsync", "never", "--fsync-interval", "200ms");
        assertThat(wrongPolicy.exit).isEqualTo(2);
        assertThat(wrongPolicy.err).contains("fsync-interval applies to fsync interval only, fsync is never");
    }

    @Test
    void llmFlagsDefaultToTheServersModelAndReadTheDistributionGrammar() {
        ServerCommand defaults = new ServerCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.llmConfig()).isEqualTo(io.pushbench.server.llm.LlmConfig.DEFAULT);
        ServerCommand set = new ServerCommand();
        new CommandLine(set).parseArgs("--llm-ttft", "const:20ms", "--llm-itl", "uniform:1ms,3ms",
                "--llm-output-tokens", "normal:64,8", "--llm-prefill-per-token", "1ms", "--llm-batch", "4",
                "--llm-batch-slowdown", "0.1", "--llm-tokens-per-chunk", "3", "--llm-retain", "2s",
                "--llm-ws-concurrent", "2", "--llm-seed", "9");
        io.pushbench.server.llm.LlmConfig c = set.llmConfig();
        assertThat(c.ttft().mean()).isEqualTo(20e6);
        assertThat(c.itl().mean()).isEqualTo(2e6);
        assertThat(c.outputTokens().text()).isEqualTo("normal:64,8");
        assertThat(c.prefillPerTokenNs()).isEqualTo(1_000_000);
        assertThat(c.batch()).isEqualTo(4);
        assertThat(c.tokensPerChunk()).isEqualTo(3);
        assertThat(c.retain()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.wsConcurrent()).isEqualTo(2);
        assertThat(c.seed()).isEqualTo(9);
        assertThat(run("server", "--help").out).contains("--llm-ttft", "--llm-itl", "--llm-output-tokens",
                "--llm-prefill-per-token", "--llm-batch", "--llm-batch-slowdown", "--llm-tokens-per-chunk",
                "--llm-retain", "--llm-ws-concurrent", "--llm-seed");
    }

    @Test
    void badLlmFlagsAreOneLineAndExit2() {
        Run dist = run("server", "--llm-ttft", "normal:150ms");
        assertThat(dist.exit).isEqualTo(2);
        assertThat(dist.err.strip().lines()).hasSize(1);
        assertThat(dist.err).contains("--llm-ttft", "1 value (use normal:MEAN,SD[,MIN,MAX])");
        Run unit = run("server", "--llm-itl", "const:10parsecs");
        assertThat(unit.exit).isEqualTo(2);
        assertThat(unit.err).contains("bad duration '10parsecs'");
        Run batch = run("server", "--port", "0", "--llm-batch", "0");
        assertThat(batch.exit).isEqualTo(2);
        assertThat(batch.err.strip()).isEqualTo("pushbench: --llm-batch must be in 1..100000, was 0");
    }

    @Test
    void unknownFlagIsOneLineAndExit2() {
        Run r = run("server", "--bogus");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err.strip().lines()).hasSize(1);
        assertThat(r.err).contains("--bogus");
    }

    @Test
    void badValuesAreOneLineAndExit2() {
        for (String[] args : List.of(new String[]{"server", "--rate", "abc"},
                new String[]{"server", "--rate", "-3"},
                new String[]{"server", "--port", "70000"},
                new String[]{"server", "--queue", "0"},
                new String[]{"server", "--host", "0.0.0.0"})) {
            Run r = run(args);
            assertThat(r.exit).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err.strip().lines()).as(r.err).hasSize(1);
            assertThat(r.err).doesNotContain("Exception", "\tat ");
        }
        assertThat(run("server", "--rate", "-3").err).contains("rate must be");
        Run huge = run("server", "--port", "0", "--payload", "1048576", "--ring", "10000000");
        assertThat(huge.exit).isEqualTo(2);
        assertThat(huge.err).contains("lower --ring or --payload");
        assertThat(run("server", "--host", "0.0.0.0").err).contains("--allow-non-loopback");
    }

    @Test
    void portInUseIsOneLineAndExit2() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r = run("server", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exit).isEqualTo(2);
            assertThat(r.err).startsWith("pushbench: cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(r.err.strip().lines()).hasSize(1);
        }
    }

    @Test
    void serverPrintsItsAddressStreamsAndStopsOnSigterm() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, Main.class.getName(), "server", "--port", "0",
                "--rate", "50", "--admin-token", "t0k3n"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
                .directory(Path.of(".").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            List<String> more = Collections.synchronizedList(new ArrayList<>());
            Thread rest = new Thread(() -> out.lines().forEach(more::add));
            rest.setDaemon(true);
            rest.start();
            assertThat(line).matches("pushbench server listening on http://127\\.0\\.0\\.1:\\d+");
            Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(line);
            assertThat(m.find()).isTrue();
            URI base = URI.create(m.group(1));
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<java.io.InputStream> sse = client.send(HttpRequest.newBuilder(base.resolve("/sse")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(sse.statusCode()).isEqualTo(200);
            BufferedReader events = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8));
            String first;
            do {
                first = events.readLine();
            } while (first != null && !first.startsWith("id: "));
            assertThat(first).startsWith("id: ");
            HttpResponse<String> drop = client.send(HttpRequest.newBuilder(base.resolve("/admin/drop?fraction=1"))
                    .header("Authorization", "Bearer t0k3n").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(drop.body()).isEqualTo("{\"dropped\":1}");
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isIn(0, 143);
            rest.join(5_000);
            assertThat(more).isEmpty(); // exactly one line on stdout
        } finally {
            p.destroyForcibly();
        }
    }
}
