package io.pushbench.loadgen.llm;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * What a client does when a Responses API stream is dropped mid-way (docs/llm.md, "Load and clients"): it resumes
 * the response after the last event it received (SSE: {@code GET /v1/responses/ID?stream=true&starting_after=N};
 * WebSocket: {@code response.resume} on a new connection), at most {@link #maxAttempts} times per request, waiting
 * before each attempt an exponential backoff with full jitter, as the feed drivers' default reconnect policy
 * ({@code ReconnectPolicy.JITTER}). A chat completions stream cannot resume: it fails {@code CLOSED_EARLY}. The wait
 * counts in the request's latency, as it would for a user.
 *
 * <pre>{@code
 * ResumePolicy p = ResumePolicy.DEFAULT;                 // 3 attempts, 50 ms doubling, capped at 1 s
 * long waitNs = p.delayNanos(1, rng);                    // before the first attempt: uniform in [0, 50 ms)
 * }</pre>
 *
 * @param maxAttempts resume attempts per request (0: never resume)
 * @param base        backoff ceiling of the first attempt; doubled each further attempt
 * @param cap         largest backoff ceiling
 */
public record ResumePolicy(int maxAttempts, Duration base, Duration cap) {
    /** 3 attempts, 50 ms, 1 s. */
    public static final ResumePolicy DEFAULT = new ResumePolicy(3, Duration.ofMillis(50), Duration.ofSeconds(1));
    /** Never resume: a dropped stream fails. */
    public static final ResumePolicy NEVER = new ResumePolicy(0, Duration.ZERO, Duration.ZERO);

    public ResumePolicy {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("resume attempts must be >= 0, was " + maxAttempts);
        }
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("resume backoff must satisfy 0 <= base <= cap, was " + base + ", "
                    + cap);
        }
    }

    /** The wait before attempt {@code attempt} (1-based): uniform in [0, min(cap, base * 2^(attempt-1))). */
    public long delayNanos(int attempt, SplittableRandom rng) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        long ceiling = Math.min(cap.toNanos(), base.toNanos() << Math.min(attempt - 1, 20));
        return ceiling <= 0 ? 0 : rng.nextLong(ceiling);
    }
}
