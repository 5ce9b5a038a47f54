package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.core.NanoClock;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;

import java.nio.ByteBuffer;

/**
 * Reads one response body from a Jetty {@link Content.Source} to its end, timing each chunk when it is read: the one
 * read loop of every Jetty {@code HttpClient} stream pushbench times (the feed driver's SSE streams, the LLM SSE
 * client). A non-blocking task, so Jetty may run it on the selector thread.
 *
 * <pre>{@code
 * class Reader extends ChunkReader {
 *     Reader(Content.Source s) { super(s, clock); }
 *     protected void onChunk(ByteBuffer bytes, long recvNanos) { parser.feed(bytes); }
 * }
 * request.onResponseContentSource((response, source) -> new Reader(source).run());
 * }</pre>
 *
 * <p>Why it reads what is there, then demands, rather than looping on {@code read()} until it returns null as
 * Jetty's examples do: over HTTP/1.1 a {@code read()} that finds nothing tries the socket (one failed read), and the
 * {@code demand()} that follows tries it again before it registers interest (a second one). Demanding right after a
 * chunk costs one failed read per wake-up instead of two (seen with {@code strace -c}: two EAGAIN reads per message
 * before, at 1,000 streams x 20 msg/s). A failure chunk is not handed over: the request's completion reports it.
 */
public abstract class ChunkReader implements Runnable, Invocable {
    private final Content.Source source;
    private final NanoClock clock;

    protected ChunkReader(Content.Source source, NanoClock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** One chunk's bytes (valid only during the call), read at {@code recvNanos}. */
    protected abstract void onChunk(ByteBuffer bytes, long recvNanos);

    /** Asks for the next chunk after one was handled; a subclass may delay it (a slow reader). */
    protected void demandNext() {
        source.demand(this);
    }

    /** Asks for the next chunk now. */
    protected final void demand() {
        source.demand(this);
    }

    @Override
    public final void run() {
        Content.Chunk chunk = source.read();
        if (chunk == null) {
            source.demand(this);
            return;
        }
        long recvNanos = clock.nanoTime();
        if (Content.Chunk.isFailure(chunk)) {
            return;
        }
        try {
            onChunk(chunk.getByteBuffer(), recvNanos);
        } finally {
            chunk.release();
        }
        if (!chunk.isLast()) {
            demandNext();
        }
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
