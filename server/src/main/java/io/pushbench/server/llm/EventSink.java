package io.pushbench.server.llm;

/**
 * Where a {@link Generation}'s events go: one stream of one transport. {@link #offer} is called by the model thread
 * (or, for a resume's replay, by the attaching thread) and must never block or write: it queues and schedules a
 * drain, as the feed's subscribers do.
 */
interface EventSink {
    void offer(LlmEvent event);
}
