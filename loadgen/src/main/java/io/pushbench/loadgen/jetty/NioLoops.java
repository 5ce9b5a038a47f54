package io.pushbench.loadgen.jetty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The selector loops of the lean HTTP/1.1 client ({@link NioConnection}): N threads, each with one NIO selector and
 * one read buffer, connections handed out round robin. A connection lives on its loop for its whole life: every
 * read, write, parse and delivery of it runs on that thread, so its probe has one writer and nothing is locked.
 *
 * <pre>{@code
 * try (NioLoops loops = NioLoops.start(Runtime.getRuntime().availableProcessors())) {
 *     NioLoops.Loop loop = loops.next();             // a connection's loop for life
 *     loop.execute(task);                             // from any thread: runs on the loop's thread
 * }
 * }</pre>
 *
 * <p>What a wake-up costs, and why: a loop selects, then for each ready key runs the connection's handler in place
 * (no executor, no hand-off); a connection keeps {@code OP_READ} interest for its whole life (no interest change per
 * read, unlike Jetty's {@code ManagedSelector}, which re-arms interest after every fill), so a message costs one
 * {@code epoll_wait} share, one {@code read} and the parse. Tasks from other threads (opens, aborts, a slow reader's
 * resumed read) go through a queue and a {@link Selector#wakeup()}; they are rare next to reads.
 */
final class NioLoops implements AutoCloseable {
    /** Read buffer of each loop: a read takes what the socket has, up to this. */
    static final int READ_BUFFER = 64 * 1024;

    private final Loop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    private NioLoops(int n) throws IOException {
        loops = new Loop[n];
        for (int i = 0; i < n; i++) {
            loops[i] = new Loop(i);
        }
    }

    /** Opens {@code n} selectors and starts their threads (daemon, named {@code pushbench-nio-<i>}). */
    static NioLoops start(int n) throws IOException {
        if (n < 1) {
            throw new IllegalArgumentException("selector loops must be >= 1, was " + n);
        }
        NioLoops l = new NioLoops(n);
        for (Loop loop : l.loops) {
            loop.thread.start();
        }
        return l;
    }

    /** The loop for the next connection (round robin). */
    Loop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    int size() {
        return loops.length;
    }

    /** Counts a connection attempt that ended by a failure (not by our own close); the first one's text is kept. */
    void failed(Throwable t) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, String.valueOf(t));
    }

    /** Attempts that ended by a failure: refused or reset connects, bad responses, an EOF the run did not ask for. */
    long failures() {
        return failures.get();
    }

    /** The first failure's text, or null. */
    String firstFailure() {
        return firstFailure.get();
    }

    /** Stops every loop and closes its selector (and with it any channel still registered). */
    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.stop();
        }
        for (Loop loop : loops) {
            try {
                loop.thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One selector thread. */
    static final class Loop implements Runnable {
        private final Selector selector;
        private final Thread thread;
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
        private volatile boolean running = true;

        private Loop(int index) throws IOException {
            selector = Selector.open();
            thread = new Thread(this, "pushbench-nio-" + index);
            thread.setDaemon(true);
        }

        /** Runs {@code task} on this loop's thread: queued and the selector woken, or at once when called there. */
        void execute(Runnable task) {
            if (Thread.currentThread() == thread) {
                task.run();
                return;
            }
            tasks.add(task);
            selector.wakeup();
        }

        Selector selector() {
            return selector;
        }

        /** The loop's read buffer, shared by its connections (only its thread uses it, one read at a time). */
        ByteBuffer readBuffer() {
            return readBuffer;
        }

        boolean inLoop() {
            return Thread.currentThread() == thread;
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(this::ready);
                    Runnable t;
                    while ((t = tasks.poll()) != null) {
                        try {
                            t.run();
                        } catch (RuntimeException e) {
                            // a bug of one connection's task must not stop the other connections of this loop
                            System.err.println("pushbench nio loop " + thread.getName() + ": task failed: " + e);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("pushbench nio loop " + thread.getName() + ": select failed", e);
            } catch (ClosedSelectorException e) {
                // closed by stop(): the run is over
            } finally {
                closeSelector();
            }
        }

        private void ready(SelectionKey key) {
            ((NioConnection) key.attachment()).ready(key);
        }

        private void stop() {
            running = false;
            selector.wakeup();
        }

        private void closeSelector() {
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing at the end of the run: nothing left to tell
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // as above
            }
        }
    }
}
