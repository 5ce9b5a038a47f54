package io.pushbench.loadgen.driver;

import io.pushbench.loadgen.core.ConnectionProbe;
import io.pushbench.loadgen.core.LatencyBasis;
import io.pushbench.loadgen.core.NanoClock;
import io.pushbench.loadgen.core.PhaseSchedule;
import io.pushbench.loadgen.core.TransportMeter;
import io.pushbench.wire.FeedContract;
import io.pushbench.wire.FeedJson;
import io.pushbench.wire.FeedMessage;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte form of {@link FeedEvents#deliver} reads what the String form reads, and leaves the buffer as it was. */
class FeedEventsTest {
    private static final long T0 = 1_000_000_000L;

    private static ConnectionProbe probe() {
        PhaseSchedule s = PhaseSchedule.of(T0, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(10),
                Duration.ofSeconds(1));
        NanoClock at = new NanoClock() {
            @Override
            public long nanoTime() {
                return T0;
            }

            @Override
            public long epochMicros() {
                return 1_700_000_000_000_000L;
            }
        };
        return new TransportMeter(Transport.WS, LatencyBasis.MONO, at, s, 100).newProbe();
    }

    @Test
    void bytesAndStringGiveTheSameKindsAndCounts() {
        byte[] message = FeedJson.encode(new FeedMessage(7, 1_700_000_000_000_000L, T0 + 1_000), 128);
        byte[] marker = FeedContract.subscribedJson(7);
        byte[] lost = FeedContract.lostSignalJson(2, 3);
        ConnectionProbe fromBytes = probe();
        ConnectionProbe fromString = probe();
        for (byte[] event : new byte[][]{marker, message, lost}) {
            ByteBuffer b = ByteBuffer.wrap(event);
            String s = new String(event, StandardCharsets.UTF_8);
            assertThat(FeedEvents.deliver(fromBytes, b, T0 + 2_000))
                    .isEqualTo(FeedEvents.deliver(fromString, s, s.length(), T0 + 2_000));
            assertThat(b.position()).isZero();
            assertThat(b.limit()).isEqualTo(event.length);
        }
        assertThat(fromBytes.counters()).isEqualTo(fromString.counters());
        assertThat(fromBytes.counters().delivered()).isEqualTo(1);
    }

    @Test
    void aMessageInsideALargerBufferIsReadBetweenPositionAndLimit() {
        byte[] message = FeedJson.encode(new FeedMessage(9, 1_700_000_000_000_000L, T0), 64);
        byte[] framed = new byte[message.length + 20];
        System.arraycopy(message, 0, framed, 10, message.length);
        ConnectionProbe p = probe();
        assertThat(FeedEvents.deliver(p, ByteBuffer.wrap(framed, 10, message.length), T0 + 5))
                .isEqualTo(FeedEvents.Kind.MESSAGE);
        assertThat(p.counters().maxSeq()).isEqualTo(9);
    }
}
