package io.pushbench.server;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The one bounded per-connection queue and slow-consumer rule shared by SSE and WebSocket, so that both
 * transports get the same bound, the same drain hand-off and the same disconnect decision by construction.
 *
 * <p>Depth counts items that are queued <em>plus</em> items handed to the transport whose write has not
 * completed yet; a transport therefore cannot hide a backlog in its own (unbounded) buffers. An {@link #offer}
 * that would exceed the capacity is refused with {@link Offer#OVERFLOW}: the subscriber is a slow consumer and
 * is disconnected.
 *
 * <p>Drain hand-off: the offer that finds the queue idle returns {@link Offer#WAKE}, and the caller schedules
 * one drain; the drain takes items with {@link #next()} until it returns null, which marks the queue idle again.
 * So at most one drain runs per connection, whichever thread runs it ({@link Writers}).
 *
 * <pre>{@code
 * SubscriberQueue q = new SubscriberQueue(1024);
 * if (q.offer(msg) == Offer.WAKE) executor.execute(subscriber::drain);
 * // drain: Object item; while ((item = q.next()) != null) { write(item); } ... q.completed(n) when written
 * }</pre>
 *
 * <p>Memory: the deque is allocated on first use with 2 slots and grows only under backlog, so an idle
 * connection costs a few dozen bytes here, not a 1,024-slot array; an idle one that got only the preloaded items
 * (the "subscribed" marker) has no deque at all. Replay (resume) lists are shared references
 * into the ring and do not count against the bound.
 */
public final class SubscriberQueue {
    /** What {@link #offer} decided. */
    public enum Offer {
        /** Queued; a drain is already running or waiting for the transport. */
        QUEUED,
        /** Queued and the queue was idle: the caller must schedule a drain. */
        WAKE,
        /** Refused: the bound is reached; the subscriber is now closed as a slow consumer. */
        OVERFLOW,
        /** Refused: the subscriber is already closed. */
        CLOSED
    }

    private static final int INITIAL_SLOTS = 2;

    private final int capacity;
    private ArrayDeque<Object> queue;
    // Preloaded control items (the "subscribed" marker, a retry, a lost signal) are read from the feed's list, not
    // copied into the deque: every subscriber gets the marker, so copying it would allocate every idle connection a
    // deque (48 B) it never needs again. They still count in the depth, as they did in the deque.
    private List<?> control;
    private int controlIndex;
    private List<?> replay;
    private int replayIndex;
    private int inFlight;
    private boolean draining;
    private boolean closed;
    private int depthAfterOffer;

    public SubscriberQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Offers a live item (the publisher's fan-out or a heartbeat). */
    public synchronized Offer offer(Object item) {
        if (closed) {
            return Offer.CLOSED;
        }
        if (depth() >= capacity) {
            closed = true;
            return Offer.OVERFLOW;
        }
        if (queue == null) {
            queue = new ArrayDeque<>(INITIAL_SLOTS);
        }
        queue.addLast(item);
        depthAfterOffer = depth();
        return wake();
    }

    /** The depth right after the last accepted {@link #offer}; read by the offering thread only. */
    int depthAfterOffer() {
        return depthAfterOffer;
    }

    /**
     * Sets what a new subscriber gets before live items: control items (retry, lost signal) then the replay.
     * Called once, under the feed lock, before the subscriber receives any live offer. Both lists are kept, not
     * copied, until drained: the caller must not change them.
     */
    public synchronized Offer preload(List<?> control, List<?> replayed) {
        if (closed) {
            return Offer.CLOSED;
        }
        if (!control.isEmpty()) {
            this.control = control;
        }
        if (!replayed.isEmpty()) {
            replay = replayed;
        }
        return control.isEmpty() && replayed.isEmpty() ? Offer.QUEUED : wake();
    }

    private Offer wake() {
        if (draining) {
            return Offer.QUEUED;
        }
        draining = true;
        return Offer.WAKE;
    }

    /**
     * The next item to write (counted in flight until {@link #completed}), or null when there is none, which
     * ends this drain (the next offer returns {@link Offer#WAKE}).
     */
    public synchronized Object next() {
        if (!closed) {
            Object item = null;
            if (control != null) { // preloaded before any offer: they were the deque's head
                item = control.get(controlIndex++);
                if (controlIndex == control.size()) {
                    control = null;
                }
            } else if (queue != null && !queue.isEmpty() && (replay == null || isControl(queue.peekFirst()))) {
                item = queue.pollFirst();
            } else if (replay != null) {
                item = replay.get(replayIndex++);
                if (replayIndex == replay.size()) {
                    replay = null;
                }
            } else if (queue != null) {
                item = queue.pollFirst();
            }
            if (item != null) {
                inFlight++;
                return item;
            }
        }
        draining = false;
        return null;
    }

    // Control items preloaded before the replay go first; live items wait until the replay is done.
    private boolean isControl(Object item) {
        return item instanceof Control;
    }

    /** {@code n} items handed out by {@link #next()} were written (or failed) and leave the depth. */
    public synchronized void completed(int n) {
        inFlight = Math.max(0, inFlight - n);
    }

    /** Queued plus in flight; replayed items are not counted. */
    public synchronized int depth() {
        return (queue == null ? 0 : queue.size()) + (control == null ? 0 : control.size() - controlIndex) + inFlight;
    }

    /** Closes the queue and drops what it holds; later offers return {@link Offer#CLOSED}. */
    public synchronized boolean close() {
        boolean was = closed;
        closed = true;
        queue = null;
        control = null;
        replay = null;
        return !was;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public int capacity() {
        return capacity;
    }
}
