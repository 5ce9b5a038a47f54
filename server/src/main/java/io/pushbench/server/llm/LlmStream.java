package io.pushbench.server.llm;

import io.pushbench.server.SubscriberQueue;
import io.pushbench.wire.Transport;

/** A live LLM stream (an SSE response, or a WebSocket connection with a response in flight), for {@code /admin/drop}. */
interface LlmStream {
    Transport transport();

    /** Whether it carries a response now (a WebSocket connection between responses does not). */
    boolean busy();

    /** Ends it: abort (no clean end) or a clean close (SSE: the response completes; WebSocket: close 1001). */
    void terminate(boolean abort, String reason);

    /**
     * Queues {@code item} for {@code stream}'s drain, as both transports do: the offer that finds the queue idle runs
     * {@code drain} on the service's executor; a full queue ends the stream (abort) as a slow consumer, counted.
     */
    static void enqueue(LlmStream stream, SubscriberQueue queue, Object item, LlmService service, Runnable drain) {
        switch (queue.offer(item)) {
            case WAKE -> service.executor().execute(drain);
            case OVERFLOW -> {
                service.metrics().slowConsumer(stream.transport());
                service.executor().execute(() -> stream.terminate(true, "slow consumer: queue of " + queue.capacity()
                        + " full"));
            }
            default -> {
            }
        }
    }
}
