package io.pushbench.analysis.llm;

import java.util.Map;

/**
 * The server's cost over a step when the load generator could observe it (pushbench's own server exposes
 * {@code /metrics}; a server given by {@code --server URL} usually does not). An unknown figure is -1.
 *
 * @param observed       whether any server figure was observed
 * @param cpuCores       mean server process CPU over the window, cores; -1 unknown
 * @param cpuUsPerEvent  server CPU / events sent in the window, µs; -1 unknown
 * @param extra          further server figures (batch occupancy, queue depth...); readers ignore unknown keys
 */
public record ServerObserved(boolean observed, double cpuCores, double cpuUsPerEvent, Map<String, Object> extra) {
    /** Not observed. */
    public static final ServerObserved UNOBSERVED = new ServerObserved(false, -1, -1, Map.of());

    public ServerObserved {
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }
}
