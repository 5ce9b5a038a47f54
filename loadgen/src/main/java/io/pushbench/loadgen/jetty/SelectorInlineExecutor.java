package io.pushbench.loadgen.jetty;

import java.util.concurrent.Executor;

/**
 * The executor of the Jetty driver's selectors: a task submitted from a selector thread runs right there, any other
 * task goes to the pool. Why: Jetty hands each read of a connection whose callback it must assume blocking to a pool
 * thread; Jetty's WebSocket connection declares no invocation type, so every WebSocket read paid a thread hand-off
 * (measured: 2.4x a bare reader's CPU per message, the work spread over the pool) while SSE reads, declared
 * non-blocking, ran on the selector (1.4x). Every callback this driver installs only parses and counts, so running
 * both in place is safe, and it keeps the instrument the same for both transports.
 *
 * <p>Selector threads are recognised when they start: Jetty starts each selector's production loop through this
 * executor, as a task of {@code org.eclipse.jetty.io.ManagedSelector}; that task is run on the pool with its thread
 * marked. Given no reserved-thread {@link org.eclipse.jetty.util.thread.TryExecutor}, Jetty's adaptive strategy never
 * moves production to another thread, so blocking tasks reach {@link #execute} and run inline.
 */
final class SelectorInlineExecutor implements Executor {
    private static final ThreadLocal<Boolean> SELECTOR = ThreadLocal.withInitial(() -> false);
    private static final String SELECTOR_CLASS = "org.eclipse.jetty.io.ManagedSelector";

    private final Executor pool;

    SelectorInlineExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        if (SELECTOR.get()) {
            task.run();
        } else if (task.getClass().getName().startsWith(SELECTOR_CLASS)) {
            pool.execute(() -> {
                SELECTOR.set(true);
                try {
                    task.run();
                } finally {
                    SELECTOR.set(false);
                }
            });
        } else {
            pool.execute(task);
        }
    }
}
