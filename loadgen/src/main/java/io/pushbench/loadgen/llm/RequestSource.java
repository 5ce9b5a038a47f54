package io.pushbench.loadgen.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushbench.wire.llm.Distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where request {@code k}'s prompt and maximum output come from: a function of {@code k} alone, so that the k-th
 * request of a step is the same whichever transport sends it and in whatever order requests are issued.
 *
 * <pre>{@code
 * RequestSource s = RequestSource.synthetic("const:128", "normal:128,32,16,256", 7);   // --prompt-tokens, --output-tokens
 * RequestSource f = RequestSource.file(Path.of("prompts.jsonl"));                      // --prompts FILE
 * LlmRequest r = s.request(3);
 * }</pre>
 */
public interface RequestSource {
    /** Request {@code k} (k >= 0); thread-safe. */
    LlmRequest request(long k);

    /** What the results record about it. */
    String describe();

    /**
     * Prompts of P words and maxima of L tokens drawn from seeded distributions: request k draws from its own
     * generator, seeded from {@code seed} and k, so its draws do not depend on other requests.
     *
     * @param promptTokens the {@code --prompt-tokens} distribution text (words, at least 1)
     * @param outputTokens the {@code --output-tokens} distribution text (tokens, at least 1)
     */
    static RequestSource synthetic(String promptTokens, String outputTokens, long seed) {
        Distribution p = Distribution.parse(promptTokens, "--prompt-tokens");
        Distribution o = Distribution.parse(outputTokens, "--output-tokens");
        return new Synthetic(p, o, seed);
    }

    /**
     * Requests from a JSON Lines file, one object a line: {@code {"prompt": "...", "max_tokens": 128}}, optionally
     * with a {@code "pushbench"} object passed to the server verbatim (its fault hooks); blank lines are skipped.
     * Request k is line {@code k mod n}.
     *
     * @throws IllegalArgumentException one line naming the file and line when it is unreadable or malformed
     */
    static RequestSource file(Path path) {
        List<LlmRequest> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        List<String> text;
        try {
            text = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--prompts " + path + ": cannot read it (" + e.getMessage() + ")");
        }
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "--prompts " + path + " line " + (i + 1);
            JsonNode n;
            try {
                n = json.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": not JSON (" + e.getOriginalMessage() + ")");
            }
            if (!n.path("prompt").isTextual() || !n.path("max_tokens").canConvertToInt()
                    || n.path("max_tokens").asInt() < 1) {
                throw new IllegalArgumentException(where + ": expected {\"prompt\": TEXT, \"max_tokens\": N >= 1}");
            }
            JsonNode ext = n.get(io.pushbench.wire.llm.LlmContract.EXT);
            if (ext != null && !ext.isObject()) {
                throw new IllegalArgumentException(where + ": \"pushbench\" must be an object");
            }
            String prompt = n.get("prompt").asText();
            lines.add(new LlmRequest(lines.size(), prompt, words(prompt), n.get("max_tokens").asInt(),
                    (ObjectNode) ext));
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("--prompts " + path + ": no requests in it");
        }
        List<LlmRequest> all = List.copyOf(lines);
        String name = path.getFileName().toString();
        return new RequestSource() {
            @Override
            public LlmRequest request(long k) {
                LlmRequest r = all.get((int) (k % all.size()));
                return new LlmRequest(k, r.prompt(), r.promptWords(), r.maxTokens(), r.extension());
            }

            @Override
            public String describe() {
                return "file " + name + " (" + all.size() + " requests, cycled)";
            }
        };
    }

    private static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** See {@link #synthetic}. */
    record Synthetic(Distribution prompt, Distribution output, long seed) implements RequestSource {
        private static final String[] WORDS = ("the a of to and in is it that for on with as was at by an be this "
                + "from or have not are but had they which one you were all we her she there would their will when "
                + "who him been has more if no out so said what up its about than into them can only other new some "
                + "could time these two may then do first any my now such like our over man me even most made after")
                .split(" ");

        @Override
        public LlmRequest request(long k) {
            // SplittableRandom's seed mixing spreads neighbouring seeds; k's own stream is independent of others'
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
            int p = (int) Math.max(1, Math.min(1_000_000, prompt.sampleLong(rng)));
            int l = (int) Math.max(1, Math.min(1_000_000, output.sampleLong(rng)));
            StringBuilder b = new StringBuilder(p * 5);
            for (int i = 0; i < p; i++) {
                if (i > 0) {
                    b.append(' ');
                }
                b.append(WORDS[rng.nextInt(WORDS.length)]);
            }
            return new LlmRequest(k, b.toString(), p, l, null);
        }

        @Override
        public String describe() {
            return "synthetic: prompt words " + prompt.text() + ", output tokens " + output.text() + ", seed " + seed;
        }
    }
}
