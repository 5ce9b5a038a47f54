package io.pushbench.server.llm;

import io.pushbench.server.SubscriberQueue;
import io.pushbench.wire.Transport;
import io.pushbench.wire.llm.LlmContract.Api;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One response's SSE stream: an async servlet response written through a {@link WriteListener}, every write and
 * flush guarded by {@link ServletOutputStream#isReady()}, as the feed's {@code SseConnection} writes. Events reach
 * it through the feed's bounded {@link SubscriberQueue} (same bound, same slow-consumer rule as WebSocket: a full
 * queue aborts the stream), drained on the shared pool.
 *
 * <p>When it ends before its response did (client gone, dropped, slow), a chat generation is cancelled (its batch
 * slot frees, as vLLM aborts a disconnected request); a Responses API generation goes on and can be resumed.
 */
final class LlmSseStream implements EventSink, LlmStream, WriteListener, AsyncListener {
    private final LlmService service;
    private final Generation generation;
    private final FaultPlan plan;
    private final HttpServletRequest request;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final SubscriberQueue queue;
    private final AtomicBoolean ended = new AtomicBoolean();
    private boolean flushed;   // false: the first drain flushes, which sends the headers at once
    private boolean ending;
    private boolean over;
    private boolean aborting;
    private boolean done;
    private int pendingItems;
    private int pendingEvents;
    private long pendingBytes;

    LlmSseStream(LlmService service, Generation generation, FaultPlan plan, HttpServletRequest request,
                 AsyncContext async, ServletOutputStream out) {
        this.service = service;
        this.generation = generation;
        this.plan = plan;
        this.request = request;
        this.async = async;
        this.out = out;
        this.queue = new SubscriberQueue(service.queueBound());
    }

    @Override
    public Transport transport() {
        return Transport.SSE;
    }

    @Override
    public boolean busy() {
        return !ended.get();
    }

    /** Called by one thread at a time (the generation's lock). */
    @Override
    public void offer(LlmEvent event) {
        if (over) {
            return;   // after an error event or no_done the generation goes on; this stream does not
        }
        Outgoing o = plan.map(event, this);
        if (o.after() != Outgoing.After.NONE) {
            over = true;
        }
        LlmStream.enqueue(this, queue, o, service, this::drainSafely);
    }

    private void drainSafely() {
        try {
            drain();
        } catch (RuntimeException e) {
            terminate(true, "drain failed: " + e);
        }
    }

    private synchronized void drain() {
        try {
            while (!done && out.isReady()) {
                if (flushed && pendingItems > 0) {
                    commit();
                }
                if (ending || aborting) {
                    // What came before the end is delivered first: flush, then end (cleanly or not).
                    if (!flushed) {
                        out.flush();
                        flushed = true;
                        continue;
                    }
                    done = true;
                    if (aborting) {
                        abort("pushbench fault close_early");
                    } else {
                        complete();
                    }
                    return;
                }
                Outgoing o = (Outgoing) queue.next();
                if (o == null) {
                    if (!flushed) {
                        out.flush();
                        flushed = true;
                        continue;
                    }
                    return;
                }
                pendingItems++;
                if (o.after() == Outgoing.After.ABORT) {
                    aborting = true;
                    continue;
                }
                if (o.sse() != null) {
                    out.write(o.sse());
                    pendingEvents++;
                    pendingBytes += o.sse().length;
                    flushed = false;
                }
                if (o.after() != Outgoing.After.NONE) {
                    ending = true;
                }
            }
        } catch (IOException | IllegalStateException e) {
            fail();
        }
    }

    private void commit() {
        queue.completed(pendingItems);
        service.metrics().written(Transport.SSE, pendingEvents, pendingBytes);
        pendingItems = 0;
        pendingEvents = 0;
        pendingBytes = 0;
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException ignored) {
            // already completed or aborted
        }
        ended();
    }

    private void abort(String reason) {
        // Fails the exchange: HTTP/1.1 closes the connection without the terminating chunk, HTTP/2 resets the stream.
        ServletContextRequest.getServletContextRequest(request).getServletChannel().abort(new IOException(reason));
        ended();
    }

    @Override
    public void terminate(boolean abort, String reason) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        queue.close();
        if (abort) {
            abort(reason);
        } else {
            complete();
        }
    }

    private void fail() {
        synchronized (this) {
            done = true;
        }
        complete();
    }

    /** The stream is gone (ended, dropped or failed); idempotent. */
    void ended() {
        if (ended.compareAndSet(false, true)) {
            queue.close();
            generation.detach(this);
            if (generation.api() == Api.CHAT) {
                generation.cancel();   // no-op when it has finished
            }
            service.unregister(this);
        }
    }

    /** The connection was idle for the idle timeout; Jetty fails the exchange after this. */
    void idleTimeout() {
        synchronized (this) {
            done = true;
        }
        ended();
    }

    @Override
    public void onWritePossible() {
        drainSafely();
    }

    @Override
    public void onError(Throwable t) {
        fail();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        ended();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        fail();
    }

    @Override
    public void onError(AsyncEvent event) {
        fail();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-dispatched
    }
}
