package io.pushbench.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import io.pushbench.wire.llm.Distribution;
import io.pushbench.wire.llm.LlmContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.pushbench.server.llm.LlmClients.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code pushbench.fault} against real sockets, over SSE and WebSocket, HTTP/1.1 and h2c: what a client sees is
 * what docs/llm.md promises (a fast constant model: 4 tokens, 1 ms apart).
 */
@Timeout(60)
class LlmFaultsTest {
    private static final long MS = 1_000_000L;
    static FeedServer server;
    static LlmTestClients clients;

    @BeforeAll
    static void start() throws Exception {
        LlmConfig llm = LlmConfig.DEFAULT.withTtft(new Distribution.Const("const:2ms", 2 * MS))
                .withItl(new Distribution.Const("const:1ms", MS))
                .withOutputTokens(new Distribution.Const("const:4", 4));
        server = FeedServer.start(ServerConfig.builder().port(0).rate(1).llm(llm).build());
        clients = LlmTestClients.start();
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
        server.close();
    }

    private static LlmClients.Sse sse(String protocol, String path, String fault) {
        String body = path.equals(LlmContract.CHAT_PATH)
                ? "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + fault + "}"
                : "{\"stream\":true,\"input\":\"hi\"" + fault + "}";
        return LlmClients.post(clients.http(protocol), server.baseUri().resolve(path), body);
    }

    private static LlmClients.Ws ws(String protocol) throws Exception {
        return clients.ws(server, protocol);
    }

    private static String create(String fault) {
        return "{\"type\":\"response.create\",\"input\":\"hi\"" + fault + "}";
    }

    private static String fault(String kind, Integer at) {
        return ",\"pushbench\":{\"fault\":\"" + kind + "\"" + (at == null ? "" : ",\"at\":" + at) + "}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void malformedCutsOneEventsJsonAndTheStreamGoesOn(String protocol) throws Exception {
        LlmClients.Sse s = sse(protocol, LlmContract.RESPONSES_PATH, fault("malformed", 2));
        List<LlmClients.Ev> events = s.all();
        assertThat(s.done.get().isSucceeded()).isTrue();
        assertThat(events).hasSize(6);
        assertThat(events.get(2).json()).isNull();
        assertThat(events.get(2).id()).endsWith("/2");
        assertThat(events.getLast().event()).isEqualTo(LlmContract.RESPONSE_COMPLETED);

        LlmClients.Ws c = ws(protocol);
        c.send(create(fault("malformed", 2)));
        List<String> frames = c.until(LlmContract.RESPONSE_COMPLETED);
        assertThat(frames).as(frames.toString()).hasSize(6);
        assertThat(parses(frames.get(2))).isFalse();
        c.session.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void httpErrorIsA500OverSseAndA1011CloseOverWebSocket(String protocol) throws Exception {
        LlmClients.Sse s = sse(protocol, LlmContract.CHAT_PATH, fault("http_error", null));
        s.done.get(10, TimeUnit.SECONDS);
        assertThat(s.headers.get().getStatus()).isEqualTo(500);
        assertThat(JSON.readTree(s.body.toString()).at("/error/code").asText()).isEqualTo(LlmContract.ERROR_SERVER);

        LlmClients.Ws c = ws(protocol);
        c.send(create(fault("http_error", 2)));
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1011);
        assertThat(c.texts).hasSize(2);   // the frames before K, then the close
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void errorEventReplacesAnEventAndEndsTheResponse(String protocol) throws Exception {
        LlmClients.Sse s = sse(protocol, LlmContract.RESPONSES_PATH, fault("error_event", 2));
        List<LlmClients.Ev> events = s.all();
        assertThat(s.done.get().isSucceeded()).isTrue();
        assertThat(events).extracting(LlmClients.Ev::event).containsExactly(LlmContract.RESPONSE_CREATED,
                LlmContract.OUTPUT_TEXT_DELTA, LlmContract.ERROR);
        assertThat(events.getLast().json().get("code").asText()).isEqualTo(LlmContract.ERROR_SERVER);

        LlmClients.Sse chat = sse(protocol, LlmContract.CHAT_PATH, fault("error_event", 2));
        List<LlmClients.Ev> chunks = chat.all();
        assertThat(chunks).hasSize(3);
        assertThat(chunks.getLast().json().at("/error/code").asText()).isEqualTo(LlmContract.ERROR_SERVER);

        LlmClients.Ws c = ws(protocol);
        c.send(create(fault("error_event", 2)));
        List<String> frames = c.until(LlmContract.ERROR);
        assertThat(frames).hasSize(3);
        c.send(create(""));   // the connection stays usable
        assertThat(c.until(LlmContract.RESPONSE_COMPLETED)).hasSize(6);
        c.session.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void noDoneEndsCleanlyWithoutTheEndMarker(String protocol) throws Exception {
        LlmClients.Sse chat = sse(protocol, LlmContract.CHAT_PATH, fault("no_done", null));
        List<LlmClients.Ev> chunks = chat.all();
        assertThat(chat.done.get().isSucceeded()).isTrue();
        // role, 4 content chunks, finish; no [DONE]
        assertThat(chunks).hasSize(6);
        assertThat(chunks.getLast().json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");

        LlmClients.Ws c = ws(protocol);
        c.send(create(fault("no_done", null)));
        for (int i = 0; i < 5; i++) {
            assertThat(c.take()).doesNotContain(LlmContract.RESPONSE_COMPLETED);
        }
        // The end is silent by design (a client notices it by a timeout): the last delta may reach the client before
        // the model thread has emitted, and the connection dropped, the completion that no_done replaces.
        Thread.sleep(100);
        c.send(create(""));   // not busy: the response ended without its completion
        List<String> next = c.until(LlmContract.RESPONSE_COMPLETED, LlmContract.ERROR);
        assertThat(next.getFirst()).contains(LlmContract.RESPONSE_CREATED);
        assertThat(next.getLast()).contains(LlmContract.RESPONSE_COMPLETED);
        c.session.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void closeEarlyAbortsTheStreamMidResponse(String protocol) throws Exception {
        LlmClients.Sse s = sse(protocol, LlmContract.RESPONSES_PATH, fault("close_early", 2));
        s.done.get(10, TimeUnit.SECONDS);
        assertThat(s.done.get().isFailed()).isTrue();
        if (protocol.equals("h1")) {
            assertThat(s.events).hasSize(2);
        } else {
            // The server flushes events 0 and 1 before the RST_STREAM, but Jetty's client fails the content source on
            // the reset and may drop data it had received and not yet handed over (seen about 1 run in 4).
            assertThat(s.events).hasSizeLessThanOrEqualTo(2);
        }

        LlmClients.Ws c = ws(protocol);
        c.send(create(fault("close_early", 2)));
        int code = c.closed.get(10, TimeUnit.SECONDS);
        assertThat(code).isNotIn(1000, 1001);
        assertThat(c.texts).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2c"})
    void emitTimesOnTheWireAreTheModelsAndPrecedeTheirReceipt(String protocol) throws Exception {
        LlmClients.Sse s = sse(protocol, LlmContract.RESPONSES_PATH, "");
        List<Long> received = new java.util.ArrayList<>();
        List<Long> emitted = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            LlmClients.Ev e = s.take();
            received.add(System.nanoTime());
            emitted.add(e.json().at("/pushbench/emit_ns").asLong());
        }
        // const model: first token 2 ms after created, then 1 ms apart; the end with the last token
        assertThat(emitted.get(1) - emitted.get(0)).isEqualTo(2 * MS);
        for (int i = 2; i < 5; i++) {
            assertThat(emitted.get(i) - emitted.get(i - 1)).isEqualTo(MS);
        }
        assertThat(emitted.get(5)).isEqualTo(emitted.get(4));
        for (int i = 0; i < 6; i++) {
            // same host, same CLOCK_MONOTONIC: the transport share (receive - emit) is never negative
            assertThat(received.get(i)).isGreaterThanOrEqualTo(emitted.get(i));
        }
    }

    @org.junit.jupiter.api.Test
    void adminDropOfLlmStreamsRefusesConnectionMode() throws Exception {
        var r = clients.h1.newRequest(server.baseUri().resolve("/admin/drop?target=llm&fraction=1&mode=connection"))
                .method(org.eclipse.jetty.http.HttpMethod.POST)
                .headers(h -> h.put("Authorization", "Bearer " + server.adminToken())).timeout(10, TimeUnit.SECONDS).send();
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.getContentAsString().strip())
                .isEqualTo("mode connection applies to target feed only (llm: abort or close)");
        var bad = clients.h1.newRequest(server.baseUri().resolve("/admin/drop?target=model&fraction=1"))
                .method(org.eclipse.jetty.http.HttpMethod.POST)
                .headers(h -> h.put("Authorization", "Bearer " + server.adminToken())).timeout(10, TimeUnit.SECONDS).send();
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentAsString().strip()).isEqualTo("target must be feed or llm, was 'model'");
    }

    private static boolean parses(String s) {
        try {
            JsonNode n = JSON.readTree(s);
            return n != null;
        } catch (Exception e) {
            return false;
        }
    }
}
