package io.pushbench.cli;

import io.pushbench.analysis.results.IntervalSample;
import io.pushbench.analysis.results.Results;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.analysis.results.Driver;
import io.pushbench.analysis.results.Variant;
import io.pushbench.cli.live.LiveOptions;
import io.pushbench.cli.live.LiveRun;
import io.pushbench.cli.live.LiveSession;
import io.pushbench.wire.Protocol;
import io.pushbench.loadgen.run.RunListener;
import io.pushbench.loadgen.run.RunOrchestrator;
import io.pushbench.loadgen.run.RunSpec;
import io.pushbench.wire.Transport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pushbench run}: one load run of one transport against the embedded server (started in its own JVM on a
 * free port) or any server that follows the feed contract ({@code --server}). Prints a progress line per second
 * and a summary; writes {@code results.json} (kind "run"), {@code <runId>.json}, {@code <runId>.hlog},
 * {@code gatling/<runId>/} and {@code console.log} into {@code --out}. Exit 0 valid, 1 invalid, 2 bad input.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drive N subscribers over SSE or WebSocket and measure every message "
                + "(latency from its scheduled publish time, loss, reconnects, CPU).",
                "Exit code: 0 valid run, 1 invalid run (reasons printed), 2 bad input."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--transport", required = true, paramLabel = "sse|ws", description = "Transport to drive.")
    String transport;

    @Option(names = "--driver", paramLabel = "jetty|gatling|browser", converter = Converters.DriverConverter.class,
            description = "Load generator: jetty (Jetty 12 clients; HTTP/1.1 and h2c), gatling (HTTP/1.1 only) or "
                    + "browser (headless Chromium: HTTP/1.1, or h2 over TLS; docs/browser.md) (default: jetty).")
    Driver driver = Driver.JETTY;

    @Option(names = "--protocol", paramLabel = "h1|h2", converter = Converters.ProtocolConverter.class,
            description = "HTTP protocol: h1, or h2 (cleartext h2c; SSE streams, WebSocket over RFC 8441) "
                    + "(default: h1).")
    Protocol protocol = Protocol.H1;

    @Option(names = "--streams-per-connection", paramLabel = "N",
            description = "h2 only: subscribers multiplexed on one TCP connection (default: ${DEFAULT-VALUE}).")
    int streamsPerConnection = 1;

    @Option(names = "--connections", paramLabel = "N", description = "Subscribers (default: ${DEFAULT-VALUE}).")
    int connections = 100;

    @Option(names = "--rate", paramLabel = "MSG/S", description = "Publish rate (default: ${DEFAULT-VALUE}).")
    double rate = 5;

    @Option(names = "--payload", paramLabel = "BYTES", description = "Message size (default: ${DEFAULT-VALUE}).")
    int payload = 256;

    @Option(names = "--ramp", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "Users start evenly over it, e.g. 10s (default: 10s).")
    Duration ramp = Duration.ofSeconds(10);

    @Option(names = "--warmup", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "After the ramp, measured apart (default: 5s).")
    Duration warmup = Duration.ofSeconds(5);

    @Option(names = "--duration", paramLabel = "DUR", converter = Converters.DurationConverter.class,
            description = "Steady (measured) window, e.g. 30s, 2m (default: 30s).")
    Duration duration = Duration.ofSeconds(30);

    @Option(names = "--server", paramLabel = "URL",
            description = "Target server (http://HOST:PORT); default: start the embedded server on a free port.")
    String server;

    @Option(names = "--allow-remote", description = "Allow a non-loopback --server (latency then uses epoch time).")
    boolean allowRemote;

    @Option(names = "--allow-unobserved-server", description = "Measure a server without a usable /metrics: the "
            + "'server unobserved' rule is waived (recorded in results as extensions.waivedRules), never skipped "
            + "silently.")
    boolean allowUnobservedServer;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results directory.")
    Path out;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: <transport>-<N>c-<rate>r-1).")
    String runId;

    @Option(names = "--scenario", paramLabel = "CASE", description = "Reconnection scenario case: steady, drop-abort,"
            + " drop-close, drop-connection (h2 only), restart, churn, slow, storm-jitter, storm-sync, storm-native,"
            + " six-connections (browser only)"
            + " (default: ${DEFAULT-VALUE}); docs/scenarios.md.")
    String scenario = "steady";

    @Option(names = "--variant", paramLabel = "LABEL", description = "Variant label (default: ${DEFAULT-VALUE}).")
    String variant = Variant.PLAIN.name();

    @Mixin
    StartedServerOptions started = new StartedServerOptions();

    @Option(names = "--connect-probe-rate", paramLabel = "PER_S",
            description = "Connect-time probe: fresh connects per second measured alongside the load, 0 = off "
                    + "(default: ${DEFAULT-VALUE}).")
    double connectProbeRate = 2.0;

    @Option(names = "--server-cpus", paramLabel = "LIST", description = "taskset CPU list for the server JVM.")
    String serverCpus;

    @Option(names = "--loadgen-cpus", paramLabel = "LIST", description = "taskset CPU list for the load-generator JVM.")
    String loadgenCpus;

    @Option(names = "--loadgen-jvm-arg", paramLabel = "FLAG", description = "Extra JVM flag for the load-generator JVM, repeatable.")
    List<String> loadgenJvmArgs = new ArrayList<>();

    @Mixin
    LiveOptions live = new LiveOptions();


    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        live.check();
        if (driver == Driver.BROWSER) {
            requireChromium();
            if (!io.pushbench.loadgen.scenario.Scenarios.SIX_CONNECTIONS.equals(scenario.strip())) {
                io.pushbench.loadgen.browser.BrowserLayout.checkFits(connections, transport(transport), protocol);
            }
        }
        String java = ChildJvm.java();
        String cp = ChildJvm.classpath();
        List<String> serverCmd = ChildJvm.serverCommand(java, started.serverJvmArgs, cp);
        RunSpec rs = RunSpec.builder().driver(driver).protocol(protocol).streamsPerConnection(streamsPerConnection)
                .transport(transport(transport)).connections(connections).rate(rate).payloadBytes(payload)
                .ramp(ramp).warmup(warmup).duration(duration).serverUrl(server).allowRemote(allowRemote).allowUnobservedServer(allowUnobservedServer).outDir(out)
                .runId(runId).variant(Variant.of(variant)).serverCommand(server == null ? serverCmd : null)
                .serverArgs(started.serverArgs).javaCommand(java).classpath(cp).serverCpus(serverCpus)
                .loadgenCpus(loadgenCpus).serverJvmArgs(started.serverJvmArgs).loadgenJvmArgs(loadgenJvmArgs)
                .connectProbeRate(connectProbeRate)
                .scenario(io.pushbench.loadgen.scenario.Scenarios.byCase(scenario,
                        new io.pushbench.loadgen.scenario.Scenarios.Shape(duration, rate, connections)))
                .build();
        if (server != null) {
            checkServer(server, allowRemote);
        }
        // Ctrl-C / SIGTERM: interrupt the run so that it stops both children and still writes its results
        // (marked incomplete) before this JVM exits.
        InterruptOnShutdown interrupt = InterruptOnShutdown.install("pushbench-run-interrupt", 30);
        try (LiveSession page = live.open("run", line -> {
            o.println(line);
            o.flush();
        })) {
            return runAndReport(rs, o, page);
        } finally {
            interrupt.close();
        }
    }

    private int runAndReport(RunSpec rs, PrintWriter o, LiveSession page) throws Exception {
        page.runStarting(LiveRun.of(rs));
        RunResult r = new RunOrchestrator().run(rs, page.listener(new RunListener() {
            @Override
            public void onInterval(IntervalSample s) {
                o.println(progress(s));
                o.flush();
            }

            @Override
            public void onMessage(String line) {
                o.println(line);
                o.flush();
            }
        }));
        boolean complete = !Thread.interrupted();
        page.runFinished(r);
        // the directory's results.json repeats the run file's config and environment (pinning included)
        Results runFile = ResultsIO.read(out.resolve(rs.runId() + ".json"));
        Map<String, Object> config = new LinkedHashMap<>(runFile.config());
        Path results = out.resolve("results.json");
        ResultsIO.write(results, Results.of(Results.KIND_RUN, complete, config,
                runFile.environment(), List.of(r), Map.of()));
        o.println(summary(r, results));
        o.flush();
        page.finished(r.valid() && complete, (complete ? "" : "interrupted; ") + (r.valid() ? "valid" : "invalid")
                + " run; results in " + results.toAbsolutePath().normalize());
        return r.valid() ? 0 : Main.EXIT_NEGATIVE;
    }

    /** A bad input when the browser driver has no browser: one line, how to install it (exit 2). */
    static void requireChromium() {
        String problem = io.pushbench.loadgen.browser.ChromiumInstall.detect().problem();
        if (problem != null) {
            throw new UsageException(problem);
        }
    }

    private static void checkServer(String url, boolean allowRemote) {
        java.net.URI u;
        try {
            u = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --server URL '" + url + "'");
        }
        if (u.getHost() == null || !"http".equals(u.getScheme())) {
            throw new UsageException("--server must be http://HOST:PORT, was '" + url + "'");
        }
    }

    /** The {@code --transport} value, parsed once here: "transport must be sse or ws, was mqtt" when unknown. */
    static Transport transport(String value) {
        try {
            return Transport.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport must be " + java.util.Arrays.stream(Transport.values())
                    .map(Transport::key).collect(java.util.stream.Collectors.joining(" or ")) + ", was " + value);
        }
    }

    static String progress(IntervalSample s) {
        return String.format(Locale.ROOT, "%6.1fs %-6s conns=%-6d delivered=%9.1f msg/s  p99=%s  errors=%d%s",
                s.t(), s.phase(), s.connections(), s.messagesPerSec(), us(s.p99Us()), s.errors(),
                s.lost() > 0 ? "  gaps=" + s.lost() : "");
    }

    static String summary(RunResult r, Path results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%s %s x%d: %s%n", r.id(), r.transport().key(), r.connections(),
                r.valid() ? "VALID" : "INVALID"));
        b.append(String.format(Locale.ROOT, "  messages   expected=%d delivered=%d lost=%d duplicated=%d reordered=%d%n",
                r.messages().expected(), r.messages().delivered(), r.messages().lost(), r.messages().duplicated(),
                r.messages().reordered()));
        b.append(String.format(Locale.ROOT, "  latency    p50=%s p90=%s p99=%s p99.9=%s max=%s (steady window)%n",
                us(r.latencyUs().p50()), us(r.latencyUs().p90()), us(r.latencyUs().p99()), us(r.latencyUs().p999()),
                us(r.latencyUs().max())));
        b.append(String.format(Locale.ROOT, "  throughput %.1f msg/s, %.1f KB/s%n", r.throughput().messagesPerSec(),
                r.throughput().bytesPerSec() / 1000));
        b.append(String.format(Locale.ROOT, "  reconnects %d (outage p50=%s max=%s)%n", r.reconnects().count(),
                us(r.reconnects().outageUs().p50()), us(r.reconnects().outageUs().max())));
        io.pushbench.analysis.results.Recovery rec = r.reconnects().recovery();
        if (rec != null) {
            b.append(String.format(Locale.ROOT, "  recovery   %s: %d affected, %d not back; fault -> first message"
                            + " p50=%s p99=%s, all back %s; %d replayed, %d of %d resumes not at last seen + 1"
                            + " (policy %s)%n",
                    rec.faults().stream().map(f -> f.kind() + " at " + String.format(Locale.ROOT, "%.1fs", f.atSec()))
                            .collect(java.util.stream.Collectors.joining(", ")),
                    rec.affected(), rec.notBack(), us(rec.recoveryUs().p50()), us(rec.recoveryUs().p99()),
                    rec.allBackUs() < 0 ? "never" : us(rec.allBackUs()), rec.replayed(), rec.resumeMismatches(),
                    rec.resumes(), rec.reconnectPolicy()));
        }
        if (r.loadgen() != null) {
            b.append(String.format(Locale.ROOT, "  loadgen    %.2f cores of %d, %.0f ns CPU per message%n",
                    r.loadgen().cpuCores(), r.loadgen().availableCores(), r.loadgen().cpuNsPerMessage()));
        }
        if (r.server() != null && r.server().available()) {
            b.append(String.format(Locale.ROOT, "  server     %.2f cores, %.0f ns CPU per message, max publisher lag %s%n",
                    r.server().cpuCores(), r.server().cpuNsPerMessage(), us(r.server().publisherLagMaxUs())));
        }
        if (r.extensions().get("browser") instanceof Map<?, ?> browser) {
            b.append(BrowserSummary.lines(browser));
            io.pushbench.reports.model.BrowserConnectionsView six =
                    io.pushbench.reports.model.BrowserConnectionsView.ofResults(List.of(r));
            if (six != null) {
                // the report's two sentences, the one definition (BrowserConnectionsView)
                b.append("  effect     ").append(String.join(" ", six.sentences())).append('\n');
            }
        }
        for (String reason : r.invalidReasons()) {
            b.append("  invalid: ").append(reason).append('\n');
        }
        b.append("  results: ").append(results.toAbsolutePath());
        return b.toString();
    }

    private static String us(double v) {
        if (v < 0) {
            return "n/a";
        }
        return v >= 1000 ? String.format(Locale.ROOT, "%.2fms", v / 1000) : String.format(Locale.ROOT, "%.0fµs", v);
    }
}
