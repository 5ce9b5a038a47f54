package io.pushbench.analysis.llm;

import java.util.List;
import java.util.Map;

/**
 * What happened to a step's requests (those scheduled in its window): {@code scheduled = completed + failed +
 * unfinished}, and {@code scheduled − sent} were never written. Token and chunk totals cover completed requests.
 *
 * @param scheduled           requests whose scheduled arrival fell in the window
 * @param sent                of those, requests written to a connection
 * @param completed           requests whose end marker arrived
 * @param failed              requests that failed (sum of {@code failures})
 * @param unfinished          requests still in flight when the step's result was taken (the drain was too short)
 * @param failures            failed requests by {@link RequestTimeline.Failure} kind (absent kinds: none)
 * @param failureExamples     per kind, the first few failures as "request ID: detail"
 * @param resumes             successful resumes after a drop, all requests
 * @param resumedRequests     requests resumed at least once
 * @param outputTokens        output tokens of completed requests whose count is known
 * @param contentChunks       content events of completed requests
 * @param tokensFromUsage     completed requests counted from the server's usage field
 * @param tokensFromEvents    completed requests counted from their events' token counts
 * @param tokensUnknown       completed requests whose token count is unknown (only chunks counted)
 * @param tokenCountMismatches completed requests whose usage and events' token counts were both given and disagree
 * @param sloMet              completed requests that met every objective (goodput's numerator); 0 without SLOs
 * @param sloUnknown          completed requests an objective could not be evaluated on (TPOT without tokens)
 */
public record LlmCounts(long scheduled, long sent, long completed, long failed, long unfinished,
                        Map<RequestTimeline.Failure, Long> failures,
                        Map<RequestTimeline.Failure, List<String>> failureExamples, long resumes,
                        long resumedRequests, long outputTokens, long contentChunks, long tokensFromUsage,
                        long tokensFromEvents, long tokensUnknown, long tokenCountMismatches, long sloMet,
                        long sloUnknown) {
    public LlmCounts {
        // EnumMap: kinds in their declared order in the JSON and the report.
        failures = failures == null || failures.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(failures));
        failureExamples = failureExamples == null || failureExamples.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(failureExamples));
    }

    /** Where the step's token counts came from: "usage", "events", "unknown" when all alike, else "mixed". */
    public String tokenSource() {
        int kinds = (tokensFromUsage > 0 ? 1 : 0) + (tokensFromEvents > 0 ? 1 : 0) + (tokensUnknown > 0 ? 1 : 0);
        if (kinds > 1) {
            return "mixed";
        }
        if (tokensFromUsage > 0) {
            return TokenSource.USAGE.key();
        }
        return tokensFromEvents > 0 ? TokenSource.EVENTS.key() : TokenSource.UNKNOWN.key();
    }
}
