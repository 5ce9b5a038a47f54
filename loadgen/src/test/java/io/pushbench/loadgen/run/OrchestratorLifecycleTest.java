package io.pushbench.loadgen.run;

import io.pushbench.wire.Transport;
import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The orchestrator's own server JVM, interruption, and target checks. */
class OrchestratorLifecycleTest {
    @Test
    @Timeout(120)
    void interruptStopsBothChildrenAndWritesAnIncompleteResult() throws Exception {
        Path dir = Path.of("target", "it", "interrupt");
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        RunSpec spec = RunSpec.builder().transport(Transport.WS).connections(20).rate(10).payloadBytes(64)
                .ramp(Duration.ofSeconds(1)).warmup(Duration.ZERO).duration(Duration.ofSeconds(60)).outDir(dir)
                .runId("interrupted").serverCommand(List.of(java, "-cp", cp, EmbeddedServerMain.class.getName()))
                .javaCommand(java).classpath(cp).build();
        CountDownLatch steady = new CountDownLatch(1);
        AtomicReference<String> serverUrl = new AtomicReference<>();
        AtomicReference<RunResult> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                result.set(new RunOrchestrator().run(spec, new RunListener() {
                    public void onInterval(IntervalSample s) {
                        if (s.phase().equals("steady") && s.messagesPerSec() > 0) {
                            steady.countDown();
                        }
                    }

                    public void onMessage(String line) {
                        if (line.contains("listening on ")) {
                            serverUrl.set(line.substring(line.indexOf("http://")));
                        }
                    }
                }));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        runner.start();
        assertThat(steady.await(60, TimeUnit.SECONDS)).isTrue();
        runner.interrupt();
        runner.join(60_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        RunResult r = result.get();
        assertThat(r.valid()).isFalse();
        assertThat(r.invalidReasons()).anyMatch(s -> s.startsWith("interrupted"));
        assertThat(r.messages().delivered()).isPositive();
        Results file = ResultsIO.read(dir.resolve("interrupted.json"));
        assertThat(file.complete()).isFalse();
        // nothing left listening: the server JVM is gone
        assertThat(serverUrl.get()).isNotNull();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(serverUrl.get() + "/health")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void refusesNonLoopbackUnlessAllowed() throws Exception {
        assertThatThrownBy(() -> Targets.check("http://192.0.2.1:8080", false, "server"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server 192.0.2.1 is not a loopback address; pass --allow-remote to load a remote server");
        Targets.check("http://192.0.2.1:8080", true, "server");
        Targets.check("http://127.0.0.1:8080", false, "server");
        Targets.check("http://localhost:8080", false, "server");
        assertThatThrownBy(() -> Targets.check("ftp://127.0.0.1/", false, "server"))
                .hasMessageContaining("must be http://HOST:PORT");
    }

    @Test
    void specValidationIsOneLine() {
        assertThatThrownBy(() -> RunSpec.builder().connections(20_000).serverUrl("http://127.0.0.1:1").build())
                .hasMessage("connections must be 1..19000, was 20000");
        assertThatThrownBy(() -> RunSpec.builder().rate(-3).serverUrl("http://127.0.0.1:1").build())
                .hasMessage("rate must be > 0 and <= 100000 msg/s, was -3.0");
        assertThatThrownBy(() -> RunSpec.builder().build())
                .hasMessage("either a server URL or a server command is needed");
        assertThat(RunSpec.builder().transport(Transport.WS).connections(2000).rate(5).serverUrl("http://127.0.0.1:1").build()
                .runId()).isEqualTo("ws-2000c-5r-1");
    }
}
