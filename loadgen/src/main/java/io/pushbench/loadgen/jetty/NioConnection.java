package io.pushbench.loadgen.jetty;

import io.pushbench.loadgen.core.NanoClock;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One attempt's TCP connection on a {@link NioLoops.Loop}: a non-blocking connect, the request written, then every
 * read handed to {@link #onBytes} with its receive time, until the connection closes, which ends the attempt once.
 * {@link NioSseStream} and {@link NioWsStream} parse what it reads.
 *
 * <pre>{@code
 * new NioSseStream.Connection(...).start();    // on the scheduler's thread: the connect is queued to the loop
 * }</pre>
 *
 * <p>Everything after {@link #start} runs on the loop's thread. The receive time is read right after the
 * {@code read} that brought the bytes, as the bare reader does, and every event in those bytes gets it. Interest is
 * {@code OP_READ} for the connection's whole life, except while a slow reader pauses ({@code readDelayNanos} after each read
 * that brought a message: the socket is not read, so TCP's window and the server's queue fill; interest is dropped
 * and restored by the scheduler) or while a write waits for room.
 *
 * <p>The attempt ends exactly once, by {@link #close}: when the server ends the stream or the connection, on any
 * failure (connect refused or timed out, a bad response, a protocol error), or by the attempt's abort (the run is
 * over, churn, the silence watch), which closes the channel ({@link #onAbort}; WebSocket sends its close frame
 * first).
 */
abstract class NioConnection {
    static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    final JettySubscriber.Attempt attempt;
    final NioLoops.Loop loop;
    private final NioLoops loops;
    private final InetSocketAddress server;
    private final NanoClock clock;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(2);
    private SocketChannel channel;
    private SelectionKey key;
    private boolean connecting;
    private boolean readPaused;
    private boolean closed;
    private boolean aborted;
    private boolean delivered;

    NioConnection(NioLoops loops, JettySubscriber.Attempt attempt, InetSocketAddress server, NanoClock clock) {
        this.loops = loops;
        this.loop = loops.next();
        this.attempt = attempt;
        this.server = server;
        this.clock = clock;
    }

    /** The request bytes, written as soon as the connect completes. */
    abstract ByteBuffer request();

    /**
     * Consumes every remaining byte of {@code bytes} (the loop's read buffer: reused after the call), read at
     * {@code recvNanos}. Called on the loop's thread; an exception closes the connection as failed.
     */
    abstract void onBytes(ByteBuffer bytes, long recvNanos) throws IOException;

    /**
     * The server closed its side. The default ends the attempt as failed (the stream was cut); a stream whose protocol
     * ended cleanly has already closed.
     */
    void onEof() throws IOException {
        close(new EOFException("the server closed the connection"));
    }

    /** The attempt was aborted (the run is over, churn, silence): closes the channel. */
    void onAbort() {
        close(null);
    }

    /** Starts the attempt: the connect is queued to the loop; the attempt's abort closes the connection there. */
    final void start() {
        loop.execute(this::connect);
        attempt.onAbort(() -> loop.execute(this::abort));
    }

    final boolean isClosed() {
        return closed;
    }

    private void connect() {
        if (closed) {
            return;     // aborted before its turn came
        }
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connecting = !channel.connect(server);
            key = channel.register(loop.selector(), connecting ? SelectionKey.OP_CONNECT : 0, this);
            if (connecting) {
                attempt.later(() -> loop.execute(this::connectTimedOut), CONNECT_TIMEOUT_NANOS);
            } else {
                connected();
            }
        } catch (IOException | RuntimeException e) {
            close(e);
        }
    }

    private void connectTimedOut() {
        if (connecting && !closed) {
            close(new SocketTimeoutException("connect to " + server + " timed out after "
                    + TimeUnit.NANOSECONDS.toSeconds(CONNECT_TIMEOUT_NANOS) + " s"));
        }
    }

    private void connected() throws IOException {
        connecting = false;
        send(request());
        updateInterest();
    }

    /** Called by the loop for a ready key of this connection. */
    final void ready(SelectionKey k) {
        try {
            int ops = k.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                channel.finishConnect();
                connected();
            }
            if (!closed && (ops & SelectionKey.OP_WRITE) != 0) {
                flush();
            }
            if (!closed && (ops & SelectionKey.OP_READ) != 0) {
                read();
            }
        } catch (Exception e) {
            close(e);
        }
    }

    private void read() throws IOException {
        ByteBuffer buf = loop.readBuffer();
        // One read per wake-up, as the bare reader: a second would mostly find nothing (one failed syscall per
        // message). Only a full buffer suggests more is waiting.
        for (int reads = 0; reads < 4 && !closed && !readPaused; reads++) {
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) {
                onEof();
                if (!closed) {
                    close(new EOFException("the server closed the connection"));
                }
                return;
            }
            if (n == 0) {
                return;
            }
            long recv = clock.nanoTime();
            buf.flip();
            onBytes(buf, recv);
            if (n < buf.capacity()) {
                break;
            }
        }
        long delay = attempt.readDelayNanos();
        if (delay > 0 && delivered && !closed) {
            pauseReading(delay);
        }
        delivered = false;
    }

    /**
     * The bytes being consumed held an event or text message: a slow reader pauses after this read (as the
     * HttpClient streams pause after each message, not after the response head).
     */
    final void delivered() {
        delivered = true;
    }

    /** A slow reader (scenario slow): no reads for {@code nanos}, so that TCP and the server queue fill. */
    private void pauseReading(long nanos) {
        readPaused = true;
        updateInterest();
        attempt.later(() -> loop.execute(() -> {
            if (!closed) {
                readPaused = false;
                updateInterest();
            }
        }), nanos);
    }

    /** Writes {@code b} now, or as soon as the socket has room (in order with earlier writes). */
    final void send(ByteBuffer b) throws IOException {
        if (closed) {
            return;
        }
        if (out.isEmpty()) {
            channel.write(b);
            if (!b.hasRemaining()) {
                return;
            }
        }
        out.add(b);
        updateInterest();
    }

    private void flush() throws IOException {
        ByteBuffer b;
        while ((b = out.peek()) != null) {
            channel.write(b);
            if (b.hasRemaining()) {
                return;
            }
            out.poll();
        }
        updateInterest();
    }

    private void updateInterest() {
        if (closed || connecting || key == null) {
            return;
        }
        int ops = (readPaused ? 0 : SelectionKey.OP_READ) | (out.isEmpty() ? 0 : SelectionKey.OP_WRITE);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void abort() {
        if (closed) {
            return;
        }
        aborted = true;
        onAbort();
    }

    /** Whether the attempt's abort has been asked for (the close that follows is ours, not a failure). */
    final boolean aborted() {
        return aborted;
    }

    /** Runs {@code r} on the loop after {@code nanos}, unless the connection has closed by then. */
    final void later(Runnable r, long nanos) {
        attempt.later(() -> loop.execute(() -> {
            if (!closed) {
                r.run();
            }
        }), nanos);
    }

    /**
     * Closes the channel and ends the attempt, once: {@code failure} null for a clean end (the server ended the
     * stream, or we closed it), else the reason (counted in the driver's description unless we had aborted).
     */
    final void close(Throwable failure) {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
        }
        if (failure != null && !aborted) {
            loops.failed(failure);
        }
        attempt.end(failure);
    }
}
