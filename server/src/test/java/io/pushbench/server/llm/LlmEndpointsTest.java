package io.pushbench.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import io.pushbench.wire.llm.Distribution;
import io.pushbench.wire.llm.LlmContract;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.pushbench.server.llm.LlmClients.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM endpoints end to end on loopback, over HTTP/1.1 and h2c (one port speaks both): chat and Responses over
 * SSE, the WebSocket twin with the same JSON, resume after /admin/drop on both transports, every fault kind.
 * A fast model (TTFT 5 ms, ITL 2 ms, 6 tokens) keeps each test short.
 */
@Timeout(60)
class LlmEndpointsTest {
    private static final long MS = 1_000_000L;
    /** Output tokens of the resume tests: at ~2 ms each, the drop lands mid-stream even in a cold JVM. */
    private static final int LONG = 300;
    static FeedServer server;
    static LlmTestClients clients;

    @BeforeAll
    static void start() throws Exception {
        LlmConfig llm = LlmConfig.DEFAULT
                .withTtft(new Distribution.Normal("normal:5ms,1ms", 5 * MS, MS, 2 * MS, 8 * MS))
                .withItl(new Distribution.Normal("normal:2ms,0.5ms", 2 * MS, MS / 2, MS / 2, 4 * MS))
                .withOutputTokens(new Distribution.Const("const:6", 6));
        server = FeedServer.start(ServerConfig.builder().port(0).rate(1).adminToken("s3cret").llm(llm).build());
        clients = LlmTestClients.start();
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
        server.close();
    }

    private static HttpClient http(String protocol) {
        return clients.http(protocol);
    }

    private static URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    private static LlmClients.Ws ws(String protocol) throws Exception {
        return clients.ws(server, protocol);
    }

    private static String responsesBody(long seed, String extra) {
        return "{\"model\":\"m\",\"stream\":true,\"input\":\"say something nice\",\"seed\":" + seed + extra + "}";
    }

    private static ContentResponse drop(String query) throws Exception {
        return clients.h1.newRequest(uri("/admin/drop?" + query)).method(HttpMethod.POST)
                .headers(h -> h.put("Authorization", "Bearer s3cret")).timeout(10, TimeUnit.SECONDS).send();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void chatStreamsOpenAiChunksThenDone(String protocol) throws Exception {
        LlmClients.Sse s = LlmClients.post(http(protocol), uri(LlmContract.CHAT_PATH),
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}");
        List<LlmClients.Ev> events = s.all();
        assertThat(s.done.get().isSucceeded()).isTrue();
        assertThat(s.headers.get().getHeaders().get("Content-Type")).startsWith("text/event-stream");
        // role, 6 content chunks, finish, usage, [DONE]
        assertThat(events).hasSize(10);
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        JsonNode role = events.getFirst().json();
        assertThat(role.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(role.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        long previous = 0;
        int tokens = 0;
        for (int i = 0; i < 9; i++) {
            JsonNode ext = events.get(i).json().get("pushbench");
            assertThat(ext.get("i").asInt()).isEqualTo(i);
            assertThat(ext.get("emit_ns").asLong()).isGreaterThanOrEqualTo(previous);
            previous = ext.get("emit_ns").asLong();
            tokens += ext.get("tokens").asInt();
        }
        assertThat(tokens).isEqualTo(6);
        assertThat(events.get(7).json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = events.get(8).json().get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void responsesOverSseAndWebSocketCarryTheSameJsonAndTiming(String protocol) throws Exception {
        LlmClients.Sse s = LlmClients.post(http(protocol), uri(LlmContract.RESPONSES_PATH), responsesBody(42, ""));
        List<LlmClients.Ev> sse = s.all();
        assertThat(sse).extracting(LlmClients.Ev::event).containsExactly("response.created",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
                "response.completed");
        String id = sse.getFirst().json().at("/response/id").asText();
        assertThat(sse.get(3).id()).isEqualTo(id + "/3");
        assertThat(sse.getLast().json().at("/response/usage/output_tokens").asInt()).isEqualTo(6);
        assertThat(sse.getLast().json().at("/response/usage/input_tokens").asInt()).isEqualTo(3);

        LlmClients.Ws c = ws(protocol);
        c.send("{\"type\":\"response.create\"," + responsesBody(42, "").substring(1));
        List<String> frames = c.until("response.completed");
        assertThat(frames).as(frames.toString()).hasSize(sse.size());
        long sse0 = sse.getFirst().json().at("/pushbench/emit_ns").asLong();
        long ws0 = JSON.readTree(frames.getFirst()).at("/pushbench/emit_ns").asLong();
        for (int i = 0; i < frames.size(); i++) {
            JsonNode a = normalise(JSON.readTree(sse.get(i).data()), sse0);
            JsonNode b = normalise(JSON.readTree(frames.get(i)), ws0);
            // Same seed, same model draws: identical events, emit offsets included; only ids and instants differ.
            assertThat(b).isEqualTo(a);
        }
        c.session.close();
    }

    /** The event with its ids and creation time blanked and emit_ns made relative to {@code t0}. */
    private static JsonNode normalise(JsonNode event, long t0) {
        ObjectNode e = (ObjectNode) event.deepCopy();
        ObjectNode ext = (ObjectNode) e.get("pushbench");
        ext.put("emit_ns", ext.get("emit_ns").asLong() - t0);
        if (e.has("item_id")) {
            e.put("item_id", "ID");
        }
        if (e.get("response") instanceof ObjectNode r) {
            r.put("id", "ID");
            r.put("created_at", 0);
            for (JsonNode o : r.path("output")) {
                ((ObjectNode) o).put("id", "ID");
            }
        }
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void sseResumeAfterAnAdminDropGetsTheRestWithoutGapOrDuplicate(String protocol) throws Exception {
        LlmClients.Sse s = LlmClients.post(http(protocol), uri(LlmContract.RESPONSES_PATH),
                responsesBody(7, ",\"max_output_tokens\":" + LONG + ",\"ignore_eos\":true"));
        List<LlmClients.Ev> got = new ArrayList<>();
        while (got.size() < 4) {
            got.add(s.take());
        }
        assertThat(drop("target=llm&transport=sse&fraction=1&mode=abort").getContentAsString()).isEqualTo("{\"dropped\":1}");
        assertThat(s.done.get(10, TimeUnit.SECONDS).isFailed()).isTrue();
        got.addAll(s.events);
        String id = got.getFirst().json().at("/response/id").asText();
        int last = got.getLast().index();
        LlmClients.Sse r = LlmClients.get(http(protocol), uri(LlmContract.RESPONSES_PATH + "/" + id + "?stream=true"),
                id + "/" + last);
        List<LlmClients.Ev> rest = r.all();
        assertThat(r.done.get().isSucceeded()).isTrue();
        got.addAll(rest);
        assertThat(got).extracting(LlmClients.Ev::index).containsExactlyElementsOf(range(LONG + 2));
        assertThat(got.getLast().event()).isEqualTo("response.completed");
        // the query form too, from the start
        LlmClients.Sse again = LlmClients.get(http(protocol),
                uri(LlmContract.RESPONSES_PATH + "/" + id + "?stream=true&starting_after=" + (LONG - 1)), null);
        assertThat(again.all()).extracting(LlmClients.Ev::index).containsExactly(LONG, LONG + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void webSocketResumeAfterAnAdminDropOnANewConnection(String protocol) throws Exception {
        LlmClients.Ws c = ws(protocol);
        c.send("{\"type\":\"response.create\"," + responsesBody(8, ",\"max_output_tokens\":" + LONG + ",\"ignore_eos\":true").substring(1));
        List<JsonNode> got = new ArrayList<>();
        while (got.size() < 4) {
            got.add(JSON.readTree(c.take()));
        }
        assertThat(drop("target=llm&transport=ws&fraction=1&mode=close").getContentAsString()).isEqualTo("{\"dropped\":1}");
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
        for (String t : c.texts) {
            got.add(JSON.readTree(t));
        }
        String id = got.getFirst().at("/response/id").asText();
        int last = got.getLast().at("/pushbench/i").asInt();
        LlmClients.Ws d = ws(protocol);
        d.send("{\"type\":\"response.resume\",\"response_id\":\"" + id + "\",\"starting_after\":" + last + "}");
        for (String t : d.until("response.completed")) {
            got.add(JSON.readTree(t));
        }
        assertThat(got).extracting(j -> j.at("/pushbench/i").asInt()).containsExactlyElementsOf(range(LONG + 2));
        d.session.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void unknownResponsesAreNotFoundOnBothTransports(String protocol) throws Exception {
        LlmClients.Sse s = LlmClients.get(http(protocol), uri(LlmContract.RESPONSES_PATH + "/resp_nope?stream=true"), null);
        s.done.get(10, TimeUnit.SECONDS);
        assertThat(s.headers.get().getStatus()).isEqualTo(404);
        assertThat(s.body.toString()).contains("\"code\":\"response_not_found\"");
        LlmClients.Ws c = ws(protocol);
        c.send("{\"type\":\"response.resume\",\"response_id\":\"resp_nope\",\"starting_after\":3}");
        JsonNode e = JSON.readTree(c.take());
        assertThat(e.get("type").asText()).isEqualTo("error");
        assertThat(e.get("code").asText()).isEqualTo("response_not_found");
        c.session.close();
    }

    @Test
    void aSecondCreateWhileBusyIsRefusedAndTheFirstGoesOn() throws Exception {
        LlmClients.Ws c = ws("h1");
        String create = "{\"type\":\"response.create\"," + responsesBody(9, "").substring(1);
        c.send(create);
        c.send(create);
        List<String> frames = c.until("response.completed");
        assertThat(frames).anySatisfy(f -> assertThat(f).contains("\"code\":\"response_in_progress\""));
        assertThat(frames.stream().filter(f -> f.contains("output_text.delta")).count()).isEqualTo(6);
        c.send(create);   // not busy any more
        assertThat(c.until("response.completed").getLast()).contains("response.completed");
        c.session.close();
    }

    @Test
    void nonStreamingAndBadBodiesGetA400WithOneLine() throws Exception {
        ContentResponse r = clients.h1.newRequest(uri(LlmContract.CHAT_PATH)).method(HttpMethod.POST)
                .body(new StringRequestContent("application/json", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .timeout(10, TimeUnit.SECONDS).send();
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.getContentAsString()).contains("only streaming is simulated").endsWith("}\n");
        ContentResponse bad = clients.h1.newRequest(uri(LlmContract.RESPONSES_PATH)).method(HttpMethod.POST)
                .body(new StringRequestContent("application/json", "{\"stream\":true,\"input\":\"x\",\"max_output_tokens\":0}"))
                .timeout(10, TimeUnit.SECONDS).send();
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentAsString()).contains("max_output_tokens must be an integer in 1..32768");
    }

    @Test
    void metricsCountTheLlmEndpoints() throws Exception {
        LlmClients.post(clients.h1, uri(LlmContract.RESPONSES_PATH), responsesBody(3, "")).all();
        JsonNode m = JSON.readTree(clients.h1.GET(uri("/metrics")).getContentAsString());
        JsonNode llm = m.get("llm");
        assertThat(llm.get("completed").asLong()).isPositive();
        assertThat(llm.get("started").asLong()).isGreaterThanOrEqualTo(llm.get("completed").asLong());
        assertThat(llm.at("/eventsSent/sse").asLong()).isGreaterThanOrEqualTo(8);
        assertThat(llm.has("active") && llm.has("queued") && llm.has("resumes")).isTrue();
        assertThat(m.at("/config/llm/itl").asText()).isEqualTo("normal:2ms,0.5ms");
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
