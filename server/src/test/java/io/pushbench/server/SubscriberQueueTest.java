package io.pushbench.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pushbench.server.SubscriberQueue.Offer.CLOSED;
import static io.pushbench.server.SubscriberQueue.Offer.OVERFLOW;
import static io.pushbench.server.SubscriberQueue.Offer.QUEUED;
import static io.pushbench.server.SubscriberQueue.Offer.WAKE;
import static org.assertj.core.api.Assertions.assertThat;

class SubscriberQueueTest {

    @Test
    void firstOfferWakesAndLaterOnesDoNotUntilTheDrainEnds() {
        SubscriberQueue q = new SubscriberQueue(4);
        assertThat(q.offer("a")).isEqualTo(WAKE);
        assertThat(q.offer("b")).isEqualTo(QUEUED);
        assertThat(q.next()).isEqualTo("a");
        assertThat(q.next()).isEqualTo("b");
        assertThat(q.next()).isNull();           // drain ends
        assertThat(q.offer("c")).isEqualTo(WAKE); // so the next offer wakes a new one
    }

    @Test
    void inFlightItemsCountAgainstTheBound() {
        SubscriberQueue q = new SubscriberQueue(2);
        q.offer("a");
        q.offer("b");
        q.next();
        q.next();                                 // both handed to the transport, not yet written
        assertThat(q.depth()).isEqualTo(2);
        assertThat(q.offer("c")).isEqualTo(OVERFLOW);
        assertThat(q.isClosed()).isTrue();
        assertThat(q.offer("d")).isEqualTo(CLOSED);
    }

    @Test
    void completedItemsFreeTheBound() {
        SubscriberQueue q = new SubscriberQueue(2);
        q.offer("a");
        q.offer("b");
        q.next();
        q.next();
        q.completed(2);
        assertThat(q.depth()).isZero();
        assertThat(q.offer("c")).isNotEqualTo(OVERFLOW);
    }

    @Test
    void controlThenReplayThenLive() {
        SubscriberQueue q = new SubscriberQueue(8);
        Control retry = Control.retry(1000);
        assertThat(q.preload(List.of(retry), List.of("r1", "r2"))).isEqualTo(WAKE);
        assertThat(q.offer("live1")).isEqualTo(QUEUED);
        assertThat(q.next()).isSameAs(retry);
        assertThat(q.next()).isEqualTo("r1");
        assertThat(q.next()).isEqualTo("r2");
        assertThat(q.next()).isEqualTo("live1");
        assertThat(q.next()).isNull();
    }

    @Test
    void preloadedControlCountsAgainstTheBoundUntilTaken() {
        // kept out of the deque (an idle subscriber allocates none), but counted as it was when it sat in the deque
        SubscriberQueue q = new SubscriberQueue(2);
        Control subscribed = Control.subscribed(1);
        Control lost = Control.lost(1, 5);
        assertThat(q.preload(List.of(subscribed, lost), List.of())).isEqualTo(WAKE);
        assertThat(q.depth()).isEqualTo(2);
        assertThat(q.next()).isSameAs(subscribed);
        assertThat(q.depth()).isEqualTo(2);       // one queued, one in flight
        assertThat(q.offer("live")).isEqualTo(OVERFLOW);
    }

    @Test
    void preloadedControlGoesBeforeLiveItemsOfferedBeforeTheDrain() {
        SubscriberQueue q = new SubscriberQueue(8);
        Control subscribed = Control.subscribed(1);
        q.preload(List.of(subscribed), List.of());
        q.offer(Control.HEARTBEAT);
        q.offer("live1");
        assertThat(q.next()).isSameAs(subscribed);
        assertThat(q.next()).isSameAs(Control.HEARTBEAT);
        assertThat(q.next()).isEqualTo("live1");
        assertThat(q.next()).isNull();
    }

    @Test
    void replayDoesNotCountAgainstTheBound() {
        SubscriberQueue q = new SubscriberQueue(1);
        q.preload(List.of(), List.of("r1", "r2", "r3"));
        assertThat(q.depth()).isZero();
        assertThat(q.offer("live")).isEqualTo(QUEUED);
    }
}
