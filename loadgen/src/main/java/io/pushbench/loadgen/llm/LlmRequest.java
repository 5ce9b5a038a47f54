package io.pushbench.loadgen.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The work one request asks for: its prompt and its maximum output. Request {@code id} of a step is the same on every
 * transport (same prompt, same maximum, {@code seed: id}, {@code ignore_eos: true}), so both arms ask the server
 * for identical work.
 *
 * @param id          index of the request in its step, from 0; also its {@code seed}
 * @param prompt      the prompt text
 * @param promptWords words in the prompt (the simulated model counts a word as a token)
 * @param maxTokens   maximum output tokens ({@code max_output_tokens} / {@code max_tokens})
 * @param extension   pushbench's request extension (fault hooks, {@code "pushbench": {...}}), copied into the body
 *                    verbatim; null for none
 */
public record LlmRequest(long id, String prompt, int promptWords, int maxTokens, ObjectNode extension) {
    public LlmRequest {
        if (id < 0) {
            throw new IllegalArgumentException("request id must be >= 0, was " + id);
        }
        java.util.Objects.requireNonNull(prompt, "prompt");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be >= 1, was " + maxTokens + " (request " + id + ")");
        }
    }
}
