package io.pushbench.cli.live;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One page's {@code text/event-stream}: the events {@link LiveEvents} hands it, queued and written through the core
 * {@link Response} with one write in flight (an {@link IteratingCallback}; a backlog is gathered into one write).
 * {@link #accept} only queues and hands the write to {@code executor}, so the run's own threads never touch a socket.
 * A page that stops reading is cut off once {@value #MAX_PENDING_BYTES} bytes wait for it: its browser reconnects
 * with {@code Last-Event-ID} and is replayed what it missed, instead of pushbench buffering without limit.
 *
 * <pre>{@code
 * LiveStream s = new LiveStream(response, callback, executor);
 * s.start();                 // headers and the retry hint
 * events.subscribe(lastId, s);
 * s.ended().thenRun(() -> events.unsubscribe(s));
 * }</pre>
 */
final class LiveStream extends IteratingCallback implements LiveEvents.Subscriber {
    static final int MAX_PENDING_BYTES = 8 << 20;
    private static final int GATHER_BYTES = 64 * 1024;
    /** A comment line: ignored by EventSource, keeps proxies and idle timeouts from closing a quiet stream. */
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
    /** Reconnect after 1 s when the stream drops (EventSource's default is about 3 s). */
    private static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Response response;
    private final Callback requestCallback;
    private final Executor executor;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean requestEnded = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closing;
    private boolean finished;

    LiveStream(Response response, Callback requestCallback, Executor executor) {
        this.response = response;
        this.requestCallback = requestCallback;
        this.executor = executor;
    }

    /** Sends the headers and the retry hint. */
    void start() {
        offer(RETRY);
    }

    @Override
    public void accept(LiveEvents.Event event) {
        offer(event.sse().getBytes(StandardCharsets.UTF_8));
    }

    void heartbeat() {
        offer(HEARTBEAT);
    }

    /** Writes what is queued, then ends the response (pushbench is exiting). */
    void closeCleanly() {
        closing = true;
        later(this::iterate);
    }

    /** Completes when the response is over, either way. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    private void offer(byte[] bytes) {
        if (ended.isDone()) {
            return;
        }
        if (pending.addAndGet(bytes.length) > MAX_PENDING_BYTES) {
            queue.clear();
            later(() -> abort(new IOException("the live page stopped reading (" + MAX_PENDING_BYTES
                    + " bytes waiting)")));
            return;
        }
        queue.add(bytes);
        later(this::iterate);
    }

    /** On the server's threads, never the caller's (a run's reader thread). */
    private void later(Runnable task) {
        try {
            executor.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the server is stopping: the stream ends with it
        }
    }

    @Override
    protected Action process() {
        if (finished) {
            return Action.SUCCEEDED;
        }
        byte[] first = queue.poll();
        if (first == null) {
            if (closing) {
                finished = true;
                response.write(true, BufferUtil.EMPTY_BUFFER, this);
                return Action.SCHEDULED;
            }
            return Action.IDLE;
        }
        ByteBuffer out;
        byte[] next = first.length < GATHER_BYTES ? queue.peek() : null;
        if (next == null) {
            pending.addAndGet(-first.length);
            out = ByteBuffer.wrap(first);
        } else {
            java.io.ByteArrayOutputStream gather = new java.io.ByteArrayOutputStream(GATHER_BYTES);
            gather.writeBytes(first);
            while (gather.size() < GATHER_BYTES && (next = queue.poll()) != null) {
                gather.writeBytes(next);
            }
            pending.addAndGet(-gather.size());
            out = ByteBuffer.wrap(gather.toByteArray());
        }
        response.write(false, out, this);
        return Action.SCHEDULED;
    }

    /**
     * An abort while a write is pending (the page stopped reading, so it never completes) fails the response now:
     * Jetty closes the connection, the pending write fails, and the stream ends.
     */
    @Override
    protected void onAborted(Throwable cause) {
        endRequest(cause);
    }

    @Override
    protected void onCompleteSuccess() {
        endRequest(null);
        ended.complete(null);
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        endRequest(cause);
        ended.complete(null);
    }

    private void endRequest(Throwable failure) {
        if (requestEnded.compareAndSet(false, true)) {
            if (failure == null) {
                requestCallback.succeeded();
            } else {
                requestCallback.failed(failure);
            }
        }
    }
}
