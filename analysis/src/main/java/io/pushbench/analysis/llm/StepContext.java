package io.pushbench.analysis.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the load generator knows about a step beyond its requests: the window, its own and the server's cost, and
 * the validity it judged. Given to {@link LlmStepAggregator#result(StepContext)}.
 *
 * <pre>{@code
 * StepContext ctx = StepContext.of(new StepWindow(startedAt, 10, 60, 30))
 *         .withClient(new ClientOverhead(3.2, 0.41, sendLag, Map.of()))
 *         .withServer(new ServerObserved(true, 0.8, 12.5, Map.of()))
 *         .withInvalid("client CPU 0.93 of its cores (limit 0.85)")
 *         .withWaived("client-cpu", "--allow-busy-client given: a laptop run");
 * }</pre>
 *
 * @param window         the measured window
 * @param client         the client's cost; {@link ClientOverhead#UNKNOWN} when not measured
 * @param server         the server's cost; {@link ServerObserved#UNOBSERVED} when not observed
 * @param invalidReasons reasons the step's figures must not be trusted, one line each (the aggregator adds its own)
 * @param waivedRules    validity rule name to the reason it was waived (the rule failed; the user accepted it)
 * @param extensions     tool-specific extras; readers ignore keys they do not know
 */
public record StepContext(StepWindow window, ClientOverhead client, ServerObserved server, List<String> invalidReasons,
                          Map<String, String> waivedRules, Map<String, Object> extensions) {
    public StepContext {
        Objects.requireNonNull(window, "window");
        client = client == null ? ClientOverhead.UNKNOWN : client;
        server = server == null ? ServerObserved.UNOBSERVED : server;
        invalidReasons = invalidReasons == null ? List.of() : List.copyOf(invalidReasons);
        waivedRules = waivedRules == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(waivedRules));
        extensions = extensions == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A context with only the window: client and server unknown, nothing invalid or waived. */
    public static StepContext of(StepWindow window) {
        return new StepContext(window, null, null, null, null, null);
    }

    public StepContext withClient(ClientOverhead c) {
        return new StepContext(window, c, server, invalidReasons, waivedRules, extensions);
    }

    public StepContext withServer(ServerObserved s) {
        return new StepContext(window, client, s, invalidReasons, waivedRules, extensions);
    }

    /** A copy with {@code reason} added to the invalid reasons. */
    public StepContext withInvalid(String reason) {
        List<String> r = new ArrayList<>(invalidReasons);
        r.add(Objects.requireNonNull(reason, "reason"));
        return new StepContext(window, client, server, r, waivedRules, extensions);
    }

    /** A copy recording that validity rule {@code rule} failed and was waived for {@code reason}. */
    public StepContext withWaived(String rule, String reason) {
        Map<String, String> w = new LinkedHashMap<>(waivedRules);
        w.put(Objects.requireNonNull(rule, "rule"), Objects.requireNonNull(reason, "reason"));
        return new StepContext(window, client, server, invalidReasons, w, extensions);
    }

    public StepContext withExtensions(Map<String, Object> e) {
        return new StepContext(window, client, server, invalidReasons, waivedRules, e);
    }
}
