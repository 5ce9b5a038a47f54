package io.pushbench.analysis.llm;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The one definition of every per-request LLM figure, derived from a {@link RequestTimeline}. Every latency starts
 * at the request's <b>scheduled</b> arrival ({@link RequestTimeline#scheduledNs()}), never at the instant it was
 * sent, so a client that queues or falls behind shows up in the figures (no coordinated omission); the client's own
 * queueing is reported beside them ({@link #clientQueueNs()}) and never subtracted.
 *
 * <pre>{@code
 * LlmMetrics m = LlmMetrics.of(timeline);
 * m.ttftNs();            // first non-empty content event − scheduled
 * m.itlGapsNs();         // gaps between successive content events, the first one excluded
 * m.tpotNs();            // (last content − first content) / (output tokens − 1), when tokens are known
 * m.tokenSource();       // USAGE, EVENTS or UNKNOWN (then only chunks are counted)
 * }</pre>
 *
 * <p>Definitions (all on the client's {@code System.nanoTime()}; an "event" is a chunk of the token stream as the
 * load generator records it with {@link RequestTimeline#chunk}: chat's chunks with {@code choices}, the role-only
 * first one included, and the Responses API's {@code response.output_text.delta} events; {@code response.created}
 * is the response's start ({@link RequestTimeline#started}), the usage chunk, {@code [DONE]} and
 * {@code response.completed} its end. A "content event" is one with non-empty output text,
 * {@link RequestTimeline#hasContent(int)}):
 * <ul>
 *   <li><b>TTFT</b>, time to first token: first content event received − scheduled. An empty first chunk (chat's
 *       role-only chunk) does not count.</li>
 *   <li><b>Time to first event</b>: first event, empty or not, received − scheduled; what vLLM calls TTFT (its first
 *       {@code data:} chunk with {@code choices}, even empty). Reported separately so the two can be compared.</li>
 *   <li><b>End-to-end</b>: end marker received ({@code [DONE]}, {@code response.completed}) − scheduled; completed
 *       requests only.</li>
 *   <li><b>ITL per chunk</b>: each gap between two successive content events (empty events in between skipped), the
 *       first content event excluded: a request with n content events has n − 1 gaps.</li>
 *   <li><b>ITL per token</b>: each per-chunk gap divided evenly across the tokens of the later event, each token one
 *       sample (a gap of 30 ms before a 3-token chunk gives three samples of 10 ms). Only when every content event
 *       states its token count ({@link #itlPerTokenKnown()}).</li>
 *   <li><b>TPOT</b>, time per output token: (last content event − first content event) / (output tokens − 1). Needs
 *       a known token count of at least 2; with every token in one chunk it is 0. Unlike vLLM's and genai-perf's
 *       (E2E − TTFT) / (tokens − 1) it ends at the last content event, not at the end marker (a usage chunk or
 *       {@code [DONE]} carries no token).</li>
 *   <li><b>Output tokens</b>: {@code usage.completion_tokens} when the server sent it; else the sum of the content
 *       events' token counts when every content event states one; else unknown (-1), and only
 *       {@link #contentChunks()} is known. {@link #tokenSource()} says which.</li>
 *   <li><b>Client queue delay</b>: sent − scheduled (a wait for a connection, a concurrency slot, a late timer).</li>
 *   <li><b>Transport delay</b> of an event: received − its scheduled server emit instant ({@code emit_ns}, same host
 *       clock), for every event that carries one. <b>TTFT transport</b> is the first content event's, and its share
 *       of TTFT is that / TTFT; <b>E2E transport</b> is the last event's (the end marker follows it
 *       at once) and its share of E2E likewise. Unknown when
 *       the server gives no emit times. A delay is scheduled-emit to receipt, so a server that writes late counts as
 *       transport too: the figure says how much of the latency was not model time.</li>
 * </ul>
 *
 * <p>Immutable; derived once, when the request has ended (a timeline still in flight gives the figures so far).
 */
public final class LlmMetrics {
    private final long id;
    private final boolean completed;
    private final RequestTimeline.Failure failure;
    private final String failureDetail;
    private final int resumes;
    private final boolean sent;
    private final long clientQueueNs;
    private final int events;
    private final int contentChunks;
    private final long firstEventNs;
    private final long ttftNs;
    private final long e2eNs;
    private final long[] itlGapsNs;
    private final int[] itlGapTokens;
    private final boolean itlPerTokenKnown;
    private final int outputTokens;
    private final TokenSource tokenSource;
    private final int eventTokens;
    private final long tpotNs;
    private final long[] transportDelaysNs;
    private final long ttftTransportNs;
    private final long e2eTransportNs;

    private static final long NONE = Long.MIN_VALUE;

    private LlmMetrics(RequestTimeline t) {
        long s = t.scheduledNs();
        id = t.id();
        completed = t.isCompleted();
        failure = t.failure();
        failureDetail = t.failureDetail();
        resumes = t.resumes();
        sent = t.sentNs() != Long.MIN_VALUE;
        clientQueueNs = sent ? t.sentNs() - s : NONE;
        events = t.chunks();
        firstEventNs = events > 0 ? t.recvNs(0) - s : NONE;
        e2eNs = completed ? t.endNs() - s : NONE;

        int first = -1;
        int last = -1;
        int content = 0;
        boolean everyContentStatesTokens = true;
        long tokenSum = 0;
        long[] gaps = new long[Math.max(0, events - 1)];
        int[] gapTokens = new int[gaps.length];
        int nGaps = 0;
        for (int i = 0; i < events; i++) {
            if (!t.hasContent(i)) {
                continue;
            }
            content++;
            int k = t.tokens(i);
            // A content event stating 0 tokens cannot have a gap divided across it: treat it as not stating.
            if (k < 1) {
                everyContentStatesTokens = false;
            } else {
                tokenSum += k;
            }
            if (first < 0) {
                first = i;
            } else {
                gaps[nGaps] = t.recvNs(i) - t.recvNs(last);
                gapTokens[nGaps] = k;
                nGaps++;
            }
            last = i;
        }
        contentChunks = content;
        ttftNs = first >= 0 ? t.recvNs(first) - s : NONE;
        itlGapsNs = Arrays.copyOf(gaps, nGaps);
        itlGapTokens = Arrays.copyOf(gapTokens, nGaps);
        itlPerTokenKnown = everyContentStatesTokens;
        eventTokens = everyContentStatesTokens ? (int) Math.min(Integer.MAX_VALUE, tokenSum) : -1;

        if (t.completionTokens() >= 0) {
            outputTokens = t.completionTokens();
            tokenSource = TokenSource.USAGE;
        } else if (everyContentStatesTokens) {
            outputTokens = eventTokens;
            tokenSource = TokenSource.EVENTS;
        } else {
            outputTokens = -1;
            tokenSource = TokenSource.UNKNOWN;
        }
        tpotNs = first >= 0 && outputTokens >= 2 ? (t.recvNs(last) - t.recvNs(first)) / (outputTokens - 1) : NONE;

        long[] delays = new long[events];
        int nDelays = 0;
        for (int i = 0; i < events; i++) {
            if (t.emitNs(i) != RequestTimeline.NO_EMIT) {
                delays[nDelays++] = t.recvNs(i) - t.emitNs(i);
            }
        }
        transportDelaysNs = Arrays.copyOf(delays, nDelays);
        ttftTransportNs = first >= 0 && t.emitNs(first) != RequestTimeline.NO_EMIT
                ? t.recvNs(first) - t.emitNs(first) : NONE;
        e2eTransportNs = completed && events > 0 && t.emitNs(events - 1) != RequestTimeline.NO_EMIT
                ? t.recvNs(events - 1) - t.emitNs(events - 1) : NONE;
    }

    /** The figures of {@code timeline} (see the class comment for each definition). */
    public static LlmMetrics of(RequestTimeline timeline) {
        return new LlmMetrics(Objects.requireNonNull(timeline, "timeline"));
    }

    /** The request's id ({@link RequestTimeline#id()}). */
    public long id() { return id; }
    /** Whether the end marker arrived. */
    public boolean completed() { return completed; }
    /** Why it did not complete; null when completed or still in flight. */
    public RequestTimeline.Failure failure() { return failure; }
    /** The client's detail of the failure; null when none. */
    public String failureDetail() { return failureDetail; }
    /** Whether it ended at all (completed or failed); false: still in flight when the figures were taken. */
    public boolean ended() { return completed || failure != null; }
    /** Successful resumes after a drop. */
    public int resumes() { return resumes; }
    /** Whether the request was written at all. */
    public boolean sent() { return sent; }
    /** Events received (content or not). */
    public int events() { return events; }
    /** Events with non-empty content: the "chunks" figure when tokens are unknown. */
    public int contentChunks() { return contentChunks; }

    /** sent − scheduled; empty when never sent. */
    public OptionalLong clientQueueNs() { return opt(clientQueueNs); }
    /** First event of any kind − scheduled (vLLM's TTFT); empty when no event arrived. */
    public OptionalLong firstEventNs() { return opt(firstEventNs); }
    /** First content event − scheduled; empty when no content arrived. */
    public OptionalLong ttftNs() { return opt(ttftNs); }
    /** End marker − scheduled; empty unless completed. */
    public OptionalLong e2eNs() { return opt(e2eNs); }

    /** Gaps between successive content events, ns, in arrival order (a copy; empty with fewer than 2). */
    public long[] itlGapsNs() { return itlGapsNs.clone(); }

    /** Tokens of the later event of each gap of {@link #itlGapsNs()} (a copy; values &lt; 1 = not stated). */
    public int[] itlGapTokens() { return itlGapTokens.clone(); }

    /** Whether every content event stated its token count, so {@link #itlGapsNs()} can be divided per token. */
    public boolean itlPerTokenKnown() { return itlPerTokenKnown; }

    /** The largest gap between successive content events, ns; empty with fewer than 2 content events. */
    public OptionalLong maxItlGapNs() {
        return itlGapsNs.length == 0 ? OptionalLong.empty() : OptionalLong.of(Arrays.stream(itlGapsNs).max().getAsLong());
    }

    /** Output tokens (see {@link #tokenSource()}); -1 when unknown. */
    public int outputTokens() { return outputTokens; }
    /** Where {@link #outputTokens()} came from. */
    public TokenSource tokenSource() { return tokenSource; }
    /** The sum of the content events' stated tokens; -1 unless every content event stated one. */
    public int eventTokens() { return eventTokens; }
    /** Whether the server's usage and the events' token counts were both given and disagree. */
    public boolean tokenCountsDisagree() {
        return tokenSource == TokenSource.USAGE && eventTokens >= 0 && eventTokens != outputTokens;
    }

    /** (last content − first content) / (output tokens − 1); empty with unknown tokens or fewer than 2. */
    public OptionalLong tpotNs() { return opt(tpotNs); }

    /** Received − scheduled emit of every event that carried an emit time, ns, in arrival order (a copy). */
    public long[] transportDelaysNs() { return transportDelaysNs.clone(); }
    /** The first content event's transport delay; empty without content or without its emit time. */
    public OptionalLong ttftTransportNs() { return opt(ttftTransportNs); }
    /** The last event's transport delay when completed; empty otherwise or without its emit time. */
    public OptionalLong e2eTransportNs() { return opt(e2eTransportNs); }

    /** {@link #ttftTransportNs()} / {@link #ttftNs()}; empty when either is unknown or TTFT is not positive. */
    public OptionalDouble ttftTransportShare() { return share(ttftTransportNs, ttftNs); }
    /** {@link #e2eTransportNs()} / {@link #e2eNs()}; empty when either is unknown or E2E is not positive. */
    public OptionalDouble e2eTransportShare() { return share(e2eTransportNs, e2eNs); }

    private static OptionalLong opt(long v) {
        return v == NONE ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static OptionalDouble share(long part, long whole) {
        return part == NONE || whole == NONE || whole <= 0 ? OptionalDouble.empty()
                : OptionalDouble.of((double) part / whole);
    }
}
