package io.pushbench.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C / SIGTERM during a long command: a JVM shutdown hook interrupts the command's thread, so that it stops its
 * children and still writes what it measured (marked incomplete), and holds the JVM's exit until the command is done
 * (at most the grace period). Not {@code Thread.join}: after {@code call()} returns, Main calls System.exit, which
 * blocks during shutdown.
 *
 * <pre>{@code
 * InterruptOnShutdown interrupt = InterruptOnShutdown.install("pushbench-run-interrupt", 30);
 * try {
 *     return runAndReport(spec);
 * } finally {
 *     interrupt.close();   // after any catch clause's output: the hook waits for it
 * }
 * }</pre>
 */
final class InterruptOnShutdown implements AutoCloseable {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private InterruptOnShutdown(String name, long graceSeconds) {
        Thread worker = Thread.currentThread();
        hook = new Thread(() -> {
            if (finished.getCount() > 0) {
                worker.interrupt();
                try {
                    finished.await(graceSeconds, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, name);
    }

    /** Installs the hook for the calling thread; {@link #close()} removes it. */
    static InterruptOnShutdown install(String name, long graceSeconds) {
        InterruptOnShutdown i = new InterruptOnShutdown(name, graceSeconds);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /** The command is done: a running hook returns, and the hook is removed unless the JVM is already exiting. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook sees 'finished' and returns
        }
    }
}
