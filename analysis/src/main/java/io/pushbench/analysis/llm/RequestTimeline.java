package io.pushbench.analysis.llm;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one LLM request went through, as its client saw it: the instants are {@code System.nanoTime()} on the
 * client's clock, and {@code emitNs} values are the server's scheduled emit instants on the same host's clock
 * (pushbench's server only). The load generator records; {@code LlmMetrics} derives every figure from it, so the
 * definitions live in one place and are tested on hand-built timelines.
 *
 * <pre>{@code
 * RequestTimeline t = new RequestTimeline(7, scheduledNs);   // scheduled arrival, before any client queue
 * t.sent(nowNs);                                              // request written
 * t.chunk(recvNs, 2, true, emitNs);                           // per event that arrives: tokens, text or not
 * t.usage(12, 128);                                           // server's usage field, when it sends one
 * t.completed(recvNs);                                        // [DONE] / response.completed
 * }</pre>
 *
 * <p>Not thread-safe: one request's stream is handled by one thread at a time (hand-offs must publish safely).
 */
public final class RequestTimeline {
    /** Sentinel for "no emit time" (a server without pushbench's extension). */
    public static final long NO_EMIT = Long.MIN_VALUE;
    /** Sentinel for "token count not given by the event". */
    public static final int TOKENS_UNKNOWN = -1;

    /** Why a request did not complete. */
    public enum Failure {
        /** No connection could be made (refused, reset while connecting). */
        CONNECT,
        /** A non-2xx status, or a response that is not an event stream. */
        HTTP_STATUS,
        /** An event whose JSON could not be read, or that does not fit the API. */
        MALFORMED_CHUNK,
        /** The server sent an error event mid-stream. */
        ERROR_EVENT,
        /** The stream ended (cleanly) without [DONE] / response.completed. */
        NO_DONE,
        /** The connection was closed or reset mid-stream and the response was not resumed. */
        CLOSED_EARLY,
        /** No event within the idle limit, or over the request's deadline. */
        TIMEOUT,
        /** A resume was tried and refused or itself failed. */
        RESUME_FAILED,
        /** Never sent: the run ended first, or the client's own limit (documented) refused it. */
        NOT_SENT
    }

    private final long id;
    private final long scheduledNs;
    private long sentNs = Long.MIN_VALUE;
    private long startedNs = Long.MIN_VALUE;
    private long endNs = Long.MIN_VALUE;
    private boolean completed;
    private Failure failure;
    private String failureDetail;
    private int promptTokens = TOKENS_UNKNOWN;
    private int completionTokens = TOKENS_UNKNOWN;
    private int resumes;
    private long[] recvNs = new long[16];
    private long[] emitNs = new long[16];
    private int[] tokens = new int[16];
    private boolean[] content = new boolean[16];
    private int chunks;

    /**
     * @param id          the request's index in its run (also its seed)
     * @param scheduledNs its scheduled arrival: the instant the arrival process (open loop) or the previous
     *                    request's completion (closed loop) said it should be sent
     */
    public RequestTimeline(long id, long scheduledNs) {
        this.id = id;
        this.scheduledNs = scheduledNs;
    }

    /** The request was written to the connection (after any wait for a connection or a concurrency slot). */
    public void sent(long ns) {
        sentNs = ns;
    }

    /** The response began: HTTP headers received (SSE) or {@code response.created} (either transport). First call wins. */
    public void started(long ns) {
        if (startedNs == Long.MIN_VALUE) {
            startedNs = ns;
        }
    }

    /**
     * One event arrived.
     *
     * @param recvNs     when the client read it (as close to the socket read as the client allows)
     * @param tokens     output tokens it carries as the event says ({@link #TOKENS_UNKNOWN} when the event does not say)
     * @param hasContent whether it carries non-empty output text
     * @param emitNs     its scheduled emit instant from pushbench's extension, else {@link #NO_EMIT}
     */
    public void chunk(long recvNs, int tokens, boolean hasContent, long emitNs) {
        if (chunks == this.recvNs.length) {
            int n = chunks * 2;
            this.recvNs = Arrays.copyOf(this.recvNs, n);
            this.emitNs = Arrays.copyOf(this.emitNs, n);
            this.tokens = Arrays.copyOf(this.tokens, n);
            this.content = Arrays.copyOf(this.content, n);
        }
        this.recvNs[chunks] = recvNs;
        this.emitNs[chunks] = emitNs;
        this.tokens[chunks] = tokens;
        this.content[chunks] = hasContent;
        chunks++;
    }

    /** The server's usage field (either value may be {@link #TOKENS_UNKNOWN}). */
    public void usage(int promptTokens, int completionTokens) {
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
    }

    /** The stream was resumed after a drop (one call per successful resume). */
    public void resumed() {
        resumes++;
    }

    /** The end marker arrived ({@code [DONE]}, {@code response.completed}). */
    public void completed(long ns) {
        if (endNs == Long.MIN_VALUE) {
            endNs = ns;
            completed = true;
        }
    }

    /** The request failed; the first failure is the one kept. */
    public void failed(long ns, Failure why, String detail) {
        Objects.requireNonNull(why, "why");
        if (endNs == Long.MIN_VALUE) {
            endNs = ns;
            failure = why;
            failureDetail = detail;
        }
    }

    public long id() { return id; }
    public long scheduledNs() { return scheduledNs; }
    /** {@code Long.MIN_VALUE} when never sent. */
    public long sentNs() { return sentNs; }
    /** {@code Long.MIN_VALUE} when the response never began. */
    public long startedNs() { return startedNs; }
    /** Completion or failure instant; {@code Long.MIN_VALUE} while in flight. */
    public long endNs() { return endNs; }
    public boolean isCompleted() { return completed; }
    public boolean isEnded() { return endNs != Long.MIN_VALUE; }
    /** Null unless failed. */
    public Failure failure() { return failure; }
    public String failureDetail() { return failureDetail; }
    public int promptTokens() { return promptTokens; }
    public int completionTokens() { return completionTokens; }
    public int resumes() { return resumes; }
    public int chunks() { return chunks; }
    public long recvNs(int i) { return recvNs[Objects.checkIndex(i, chunks)]; }
    public long emitNs(int i) { return emitNs[Objects.checkIndex(i, chunks)]; }
    public int tokens(int i) { return tokens[Objects.checkIndex(i, chunks)]; }
    public boolean hasContent(int i) { return content[Objects.checkIndex(i, chunks)]; }
}
