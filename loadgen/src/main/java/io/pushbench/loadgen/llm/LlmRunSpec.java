package io.pushbench.loadgen.llm;

import io.pushbench.analysis.llm.Slo;
import io.pushbench.loadgen.scenario.FaultPlan;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code pushbench llm} runs: where the server is (or how to start pushbench's own), the arms (transports
 * on one protocol and API), the loads and repeats, the step timing, the requests and the objectives.
 *
 * @param serverUrl     the server, {@code http://HOST:PORT}; null to start pushbench's own server
 * @param allowRemote   a non-loopback {@code serverUrl} is allowed
 * @param serverCommand the command of {@code pushbench server} (used when {@code serverUrl} is null)
 * @param serverArgs    flags passed to it (the simulated model's {@code --llm-*} flags)
 * @param serverCpus    CPUs to pin the started server to ({@code taskset}), null for none
 * @param loadgenCpus   CPUs to pin this process (the load) to, null for none
 * @param transports    the arms, e.g. [sse, ws]; alternated A B B A across repeats
 * @param protocol      HTTP/1.1 or h2c
 * @param api           Responses or chat completions
 * @param model         the {@code model} field
 * @param ignoreEos     send {@code ignore_eos: true}
 * @param apiKey        sent as a bearer token; null for none; never written anywhere
 * @param loads         offered loads, in order
 * @param prime         how long each transport plays the first load, unmeasured, before the first step (0: none)
 * @param warmup        each step's warm-up
 * @param duration      each step's measured window
 * @param drain         longest wait after a window for its requests
 * @param idleTimeout   a request silent this long fails
 * @param repeats       steps per transport and load
 * @param slo           goodput objectives
 * @param source        the requests
 * @param resume        the resume policy
 * @param fault         a drop injected into every step's window ({@link FaultPlan#NONE}: none); own server only
 * @param outDir        where llm-results.json goes
 * @param config        the configuration as given, recorded in the results (never the key)
 */
public record LlmRunSpec(String serverUrl, boolean allowRemote, List<String> serverCommand, List<String> serverArgs,
                         String serverCpus, String loadgenCpus, List<Transport> transports, Protocol protocol,
                         LlmContract.Api api, String model, boolean ignoreEos, String apiKey, List<LlmLoad> loads, Duration prime,
                         Duration warmup,
                         Duration duration, Duration drain, Duration idleTimeout, int repeats, Slo slo,
                         RequestSource source, ResumePolicy resume, FaultPlan fault, Path outDir, Map<String, Object> config) {
    public LlmRunSpec {
        if (serverUrl == null && (serverCommand == null || serverCommand.isEmpty())) {
            throw new IllegalArgumentException("no server: give its URL or the command to start one");
        }
        serverArgs = serverArgs == null ? List.of() : List.copyOf(serverArgs);
        if (transports == null || transports.isEmpty()) {
            throw new IllegalArgumentException("--transports is empty (use sse, ws or sse,ws)");
        }
        transports = List.copyOf(transports);
        if (transports.stream().distinct().count() != transports.size()) {
            throw new IllegalArgumentException("--transports names a transport twice: " + transports);
        }
        if (api == LlmContract.Api.CHAT && transports.contains(Transport.WS)) {
            throw new IllegalArgumentException("--api chat is SSE only (chat completions have no WebSocket form);"
                    + " use --api responses or --transports sse");
        }
        if (loads == null || loads.isEmpty()) {
            throw new IllegalArgumentException("no load: give --rates or --concurrency");
        }
        loads = List.copyOf(loads);
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be >= 1, was " + repeats);
        }
        new LlmStepPlan(loads.get(0), warmup, duration, drain, idleTimeout);   // the timing's checks
        fault = fault == null ? FaultPlan.NONE : fault;
        if (fault.kind() != FaultPlan.Kind.NONE && serverUrl != null) {
            throw new IllegalArgumentException("a scenario's drop needs the server's admin token: only with pushbench's"
                    + " own server (leave out --server)");
        }
        if (fault.kind() == FaultPlan.Kind.RESTART || fault.mode() == FaultPlan.DropMode.CONNECTION) {
            throw new IllegalArgumentException("an LLM run can be given a drop-abort or drop-close scenario, not "
                    + fault.describe());
        }
        if (prime == null || prime.isNegative()) {
            throw new IllegalArgumentException("--prime must be >= 0, was " + prime);
        }
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outDir, "outDir");
        resume = resume == null ? ResumePolicy.DEFAULT : resume;
        slo = slo == null ? Slo.NONE : slo;
        config = config == null ? Map.of() : Map.copyOf(config);
    }

    /** The step plan of {@code load}. */
    public LlmStepPlan plan(LlmLoad load) {
        return new LlmStepPlan(load, warmup, duration, drain, idleTimeout);
    }

    /** Steps in all. */
    public int steps() {
        return loads.size() * repeats * transports.size();
    }

    /** Seconds the steps take at least (warm-up and window each), for the console. */
    public long minimumSeconds() {
        return steps() * (warmup.toSeconds() + duration.toSeconds());
    }

    /** The transport order of repeat {@code r} (1-based): as given on odd repeats, reversed on even ones. */
    public List<Transport> order(int r) {
        if (r % 2 == 1) {
            return transports;
        }
        return transports.reversed();
    }
}
