package io.pushbench.server.llm;

import io.pushbench.wire.llm.Distribution;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated model's settings ({@code pushbench server --llm-*}); durations are nanoseconds. Validated on
 * construction with one-line messages naming the flag.
 *
 * <pre>{@code
 * LlmConfig llm = LlmConfig.DEFAULT.withTtft(Distribution.parse("const:5ms", s -> Durations.parse(s).toNanos(), "--llm-ttft"))
 *         .withBatch(4);
 * ServerConfig cfg = ServerConfig.builder().llm(llm).build();
 * }</pre>
 *
 * @param seed             mixed with each request's {@code seed} into that request's generator
 * @param ttft             base time to first token (prefill overhead), ns
 * @param prefillPerTokenNs added to the TTFT per prompt token
 * @param itl              delay between output tokens at batch 1, ns
 * @param outputTokens     output length when the request does not set {@code ignore_eos} (capped by its maximum)
 * @param batch            requests generating at once; more wait FIFO, and the wait is part of their TTFT
 * @param batchSlowdown    per-token delay factor {@code 1 + batchSlowdown × (active − 1)}
 * @param tokensPerChunk   output tokens per delta event (the last may carry fewer)
 * @param retain           how long a Responses API response stays resumable after it ended
 * @param wsConcurrent     responses in flight per WebSocket connection
 */
public record LlmConfig(long seed, Distribution ttft, long prefillPerTokenNs, Distribution itl,
                        Distribution outputTokens, int batch, double batchSlowdown, int tokensPerChunk,
                        Duration retain, int wsConcurrent) {
    /** Default of {@code --llm-ttft}: GuideLLM's mock server's TTFT. */
    public static final String DEFAULT_TTFT_TEXT = "normal:150ms,30ms";
    /** Default of {@code --llm-itl}: 100 tokens/s, GuideLLM's mock server's ITL. */
    public static final String DEFAULT_ITL_TEXT = "normal:10ms,2ms";
    /** Default of {@code --llm-output-tokens}. */
    public static final String DEFAULT_OUTPUT_TOKENS_TEXT = "normal:128,32,16,256";
    /** Default of {@code --llm-prefill-per-token}. */
    public static final String DEFAULT_PREFILL_PER_TOKEN_TEXT = "0ms";
    /** Default of {@code --llm-retain}. */
    public static final String DEFAULT_RETAIN_TEXT = "30s";

    /** {@value #DEFAULT_TTFT_TEXT} (bounds 60..240 ms), in ns (the server cannot see the duration parser). */
    public static final Distribution DEFAULT_TTFT = new Distribution.Normal(DEFAULT_TTFT_TEXT, 150e6, 30e6, 60e6, 240e6);
    /** {@code 0ms}: no prefill cost per prompt token unless asked. */
    public static final long DEFAULT_PREFILL_PER_TOKEN_NS = 0;
    /** {@value #DEFAULT_ITL_TEXT} (bounds 4..16 ms), in ns. */
    public static final Distribution DEFAULT_ITL = new Distribution.Normal(DEFAULT_ITL_TEXT, 10e6, 2e6, 4e6, 16e6);
    /** {@value #DEFAULT_OUTPUT_TOKENS_TEXT}. */
    public static final Distribution DEFAULT_OUTPUT_TOKENS = new Distribution.Normal(DEFAULT_OUTPUT_TOKENS_TEXT, 128, 32, 16, 256);
    /** Default of {@code --llm-batch} (vLLM's default {@code max_num_seqs}). */
    public static final int DEFAULT_BATCH = 256;
    /** Default of {@code --llm-batch-slowdown}: a full default batch decodes about 1.5x slower than one request. */
    public static final double DEFAULT_BATCH_SLOWDOWN = 0.002;
    public static final int DEFAULT_TOKENS_PER_CHUNK = 1;
    public static final Duration DEFAULT_RETAIN = Duration.ofSeconds(30);
    public static final int DEFAULT_WS_CONCURRENT = 1;
    public static final long DEFAULT_SEED = 1;

    /** The defaults above. */
    public static final LlmConfig DEFAULT = new LlmConfig(DEFAULT_SEED, DEFAULT_TTFT, DEFAULT_PREFILL_PER_TOKEN_NS,
            DEFAULT_ITL, DEFAULT_OUTPUT_TOKENS, DEFAULT_BATCH, DEFAULT_BATCH_SLOWDOWN, DEFAULT_TOKENS_PER_CHUNK,
            DEFAULT_RETAIN, DEFAULT_WS_CONCURRENT);

    public LlmConfig {
        check(ttft != null && itl != null && outputTokens != null && retain != null, "llm distributions and retain must be set");
        check(prefillPerTokenNs >= 0, "--llm-prefill-per-token must be >= 0, was " + prefillPerTokenNs + " ns");
        check(batch >= 1 && batch <= 100_000, "--llm-batch must be in 1..100000, was " + batch);
        check(batchSlowdown >= 0 && batchSlowdown <= 10, "--llm-batch-slowdown must be in 0..10, was " + batchSlowdown);
        check(tokensPerChunk >= 1 && tokensPerChunk <= 4_096, "--llm-tokens-per-chunk must be in 1..4096, was " + tokensPerChunk);
        check(!retain.isNegative() && retain.compareTo(Duration.ofHours(1)) <= 0,
                "--llm-retain must be in 0s..1h, was " + retain);
        check(wsConcurrent >= 1 && wsConcurrent <= 1_024, "--llm-ws-concurrent must be in 1..1024, was " + wsConcurrent);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public LlmConfig withSeed(long v) { return new LlmConfig(v, ttft, prefillPerTokenNs, itl, outputTokens, batch, batchSlowdown, tokensPerChunk, retain, wsConcurrent); }
    public LlmConfig withTtft(Distribution v) { return new LlmConfig(seed, v, prefillPerTokenNs, itl, outputTokens, batch, batchSlowdown, tokensPerChunk, retain, wsConcurrent); }
    public LlmConfig withPrefillPerTokenNs(long v) { return new LlmConfig(seed, ttft, v, itl, outputTokens, batch, batchSlowdown, tokensPerChunk, retain, wsConcurrent); }
    public LlmConfig withItl(Distribution v) { return new LlmConfig(seed, ttft, prefillPerTokenNs, v, outputTokens, batch, batchSlowdown, tokensPerChunk, retain, wsConcurrent); }
    public LlmConfig withOutputTokens(Distribution v) { return new LlmConfig(seed, ttft, prefillPerTokenNs, itl, v, batch, batchSlowdown, tokensPerChunk, retain, wsConcurrent); }
    public LlmConfig withBatch(int v) { return new LlmConfig(seed, ttft, prefillPerTokenNs, itl, outputTokens, v, batchSlowdown, tokensPerChunk, retain, wsConcurrent); }
    public LlmConfig withBatchSlowdown(double v) { return new LlmConfig(seed, ttft, prefillPerTokenNs, itl, outputTokens, batch, v, tokensPerChunk, retain, wsConcurrent); }
    public LlmConfig withTokensPerChunk(int v) { return new LlmConfig(seed, ttft, prefillPerTokenNs, itl, outputTokens, batch, batchSlowdown, v, retain, wsConcurrent); }
    public LlmConfig withRetain(Duration v) { return new LlmConfig(seed, ttft, prefillPerTokenNs, itl, outputTokens, batch, batchSlowdown, tokensPerChunk, v, wsConcurrent); }
    public LlmConfig withWsConcurrent(int v) { return new LlmConfig(seed, ttft, prefillPerTokenNs, itl, outputTokens, batch, batchSlowdown, tokensPerChunk, retain, v); }

    /** The settings as reported in {@code /metrics} ({@code config.llm}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("ttft", ttft.text());
        m.put("prefillPerTokenNs", prefillPerTokenNs);
        m.put("itl", itl.text());
        m.put("outputTokens", outputTokens.text());
        m.put("batch", batch);
        m.put("batchSlowdown", batchSlowdown);
        m.put("tokensPerChunk", tokensPerChunk);
        m.put("retainMs", retain.toMillis());
        m.put("wsConcurrent", wsConcurrent);
        return m;
    }
}
