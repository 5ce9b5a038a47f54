package io.pushbench.loadgen.gatling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatlingDriverTest {
    @Test
    void sseDataLengthIsThePayloadInGatlingsRendering() {
        String data = "{\"seq\":5,\"ts\":1,\"mono\":2,\"pad\":\"xx\"}";
        assertThat(GatlingDriver.sseDataLength("{\"id\":\"5\",\"data\":" + data + "}")).isEqualTo(data.length());
        assertThat(GatlingDriver.sseDataLength("{\"id\":\"5\",\"data\":" + data + ",\"retry\":500}"))
                .isEqualTo(data.length());
    }
}
