package io.pushbench.server.llm;

/**
 * One encoded server event of a response, the same bytes for every stream that carries it: {@link #json} is the
 * WebSocket text frame's payload and the SSE {@code data:} line's value; {@link #sse} is the whole SSE event.
 *
 * @param index    {@code pushbench.i} (the Responses API's {@code sequence_number}); chat's {@code [DONE]} gets
 *                 the index after the last chunk's, though it carries none on the wire
 * @param type     the Responses event type, or for chat {@code chat.completion.chunk} / {@code [DONE]} / {@code error}
 * @param emitNs   scheduled emit instant, server {@code System.nanoTime()}
 * @param tokens   output tokens it carries
 * @param json     the JSON (for {@code [DONE]}, the literal)
 * @param sse      the SSE event, blank line included
 * @param terminal whether it ends the response on the wire ({@code [DONE]}, {@code response.completed}, {@code error})
 */
public record LlmEvent(int index, String type, long emitNs, int tokens, byte[] json, byte[] sse, boolean terminal) {
}
