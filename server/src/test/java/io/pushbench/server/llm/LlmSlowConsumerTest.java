package io.pushbench.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import io.pushbench.wire.llm.Distribution;
import io.pushbench.wire.llm.LlmContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.pushbench.server.llm.LlmClients.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed's backpressure rule holds for LLM streams: a client that stops reading fills its socket, then its bounded
 * queue ({@code --queue}), and is disconnected as a slow consumer, counted in {@code /metrics} {@code llm}.
 */
@Timeout(60)
class LlmSlowConsumerTest {
    @Test
    void aClientThatNeverReadsIsDisconnectedWhenItsQueueIsFull() throws Exception {
        LlmConfig llm = LlmConfig.DEFAULT.withTtft(new Distribution.Const("const:1ms", 1_000_000))
                .withItl(new Distribution.Const("const:0ms", 0));
        try (FeedServer server = FeedServer.start(ServerConfig.builder().port(0).rate(1).queue(8).llm(llm).build());
             Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setReceiveBufferSize(4_096);
            String body = "{\"stream\":true,\"input\":\"hi\",\"max_output_tokens\":32768,\"ignore_eos\":true}";
            String request = "POST " + LlmContract.RESPONSES_PATH + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body;
            OutputStream out = raw.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // never read: 32768 events of ~300 bytes overflow the socket buffers, then the queue of 8
            HttpClient http = HttpClient.newHttpClient();
            JsonNode llmMetrics = null;
            for (int i = 0; i < 200; i++) {
                String m = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                llmMetrics = JSON.readTree(m).get("llm");
                if (llmMetrics.at("/slowConsumerDisconnects/sse").asLong() > 0) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(llmMetrics.at("/slowConsumerDisconnects/sse").asLong()).isEqualTo(1);
            // the model goes on (a Responses API response stays resumable); the stream is gone
            assertThat(llmMetrics.at("/eventsSent/sse").asLong()).isLessThan(32_770);
        }
    }
}
