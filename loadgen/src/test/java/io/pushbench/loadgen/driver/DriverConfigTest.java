package io.pushbench.loadgen.driver;

import io.pushbench.analysis.results.Variant;
import io.pushbench.wire.Transport;
import io.pushbench.loadgen.core.LatencyBasis;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriverConfigTest {
    @Test
    void roundTripsThroughSystemProperties() {
        DriverConfig c = DriverConfig.builder().transport(Transport.WS).baseUrl("http://127.0.0.1:9999").connections(321)
                .rate(7.5).payloadBytes(512).ramp(Duration.ofMillis(1500)).warmup(Duration.ofSeconds(2))
                .duration(Duration.ofMinutes(1)).runId("ws-x").outDir(Path.of("/tmp/out")).basis(LatencyBasis.EPOCH)
                .variant(Variant.of("deflate")).repeat(3).connectProbeRate(0.5).connectProbeTimeout(Duration.ofMillis(2500))
                .build();
        Properties saved = (Properties) System.getProperties().clone();
        try {
            for (String flag : c.toSystemProperties()) {
                String kv = flag.substring(2);
                System.setProperty(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            assertThat(DriverConfig.fromSystemProperties()).isEqualTo(c);
        } finally {
            System.setProperties(saved);
        }
        assertThat(c.wsBaseUrl()).isEqualTo("ws://127.0.0.1:9999");
        assertThat(c.drain()).isEqualTo(Duration.ofSeconds(2).plusNanos((long) (2e9 / 7.5)));
    }

    @Test
    void validatesWithOneLineMessages() {
        assertThatThrownBy(() -> DriverConfig.builder().connections(19_001).build())
                .hasMessageStartingWith("connections must be <= 19000 per load-generator JVM");
        assertThatThrownBy(() -> DriverConfig.builder().baseUrl("ws://x").build())
                .hasMessage("server URL must start with http:// or https://, was ws://x");
        assertThatThrownBy(() -> DriverConfig.builder().runId("../etc").build())
                .hasMessageStartingWith("runId must be");
        assertThatThrownBy(() -> DriverConfig.builder().connectProbeRate(-1).build())
                .hasMessage("connect probe rate must be 0..1000 connects/s (0 = off), was -1.0");
        assertThat(DriverConfig.builder().build().connectProbeRate()).isEqualTo(2.0);
        assertThatThrownBy(() -> DriverConfig.builder().transport(null).build())
                .hasMessage("the load generator needs a driver, a protocol and a transport");
        assertThatThrownBy(() -> DriverConfig.builder().protocol(io.pushbench.wire.Protocol.H2C).build())
                .hasMessage("the gatling driver cannot carry h2c");
        assertThatThrownBy(() -> DriverConfig.builder().driver(io.pushbench.analysis.results.Driver.JETTY)
                .streamsPerConnection(4).build())
                .hasMessage("streams per connection must be 1, or more over h2c, was 4 over h1");
        assertThat(DriverConfig.builder().driver(io.pushbench.analysis.results.Driver.JETTY)
                .protocol(io.pushbench.wire.Protocol.H2C).connections(10).streamsPerConnection(4).build()
                .tcpConnections()).isEqualTo(3);
    }

    @Test
    void aBadTransportPropertyIsOneLineNamingTheProperty() {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            System.setProperty("pushbench.transport", "grpc");
            assertThatThrownBy(DriverConfig::fromSystemProperties)
                    .hasMessage("pushbench.transport: unknown transport \"grpc\" (known: sse, ws)");
            System.setProperty("pushbench.transport", "WS");
            System.setProperty("pushbench.variant", "a/b");
            assertThatThrownBy(DriverConfig::fromSystemProperties)
                    .hasMessageStartingWith("pushbench.variant: variant name must be");
            System.clearProperty("pushbench.variant");
            assertThat(DriverConfig.fromSystemProperties().transport()).isEqualTo(Transport.WS);
        } finally {
            System.setProperties(saved);
        }
    }
}
