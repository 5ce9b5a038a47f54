package io.pushbench.cli.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The live page's event history and its fan-out: every event appended gets the next id, is kept (up to
 * {@code capacity}, the oldest dropped first) and is handed to every subscriber; a subscriber that joins late first
 * gets the history after the id it last saw, in order, then the live events, with nothing lost or doubled in
 * between. Thread-safe; {@link #append} never blocks on a subscriber (each {@link Subscriber} only queues).
 *
 * <pre>{@code
 * LiveEvents events = new LiveEvents(50_000);
 * events.append("interval", Map.of("messagesPerSec", 812.0));   // JSON through Jackson
 * events.subscribe(0, stream);                                  // replays the history, then streams
 * }</pre>
 */
public final class LiveEvents {
    /** One event as written on the wire: {@code id: <id>}, {@code event: <type>}, {@code data: <json>}. */
    public record Event(long id, String type, String json) {
        /** The event in {@code text/event-stream} form (the JSON is one line: Jackson writes no newline). */
        public String sse() {
            return "id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n";
        }
    }

    /** Where events go; called under this history's lock, so it must only queue. */
    public interface Subscriber {
        void accept(Event event);
    }

    private final ObjectMapper json = new ObjectMapper();
    private final int capacity;
    private final Deque<Event> history = new ArrayDeque<>();
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private long lastId;
    private long dropped;

    /** A history keeping at most {@code capacity} events (a few hours of per-second samples is well under 50,000). */
    public LiveEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Appends an event whose data is {@code data} as JSON; returns it. */
    public Event append(String type, Object data) {
        String body;
        try {
            body = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("live event " + type + " is not JSON-serialisable: " + e.getMessage(), e);
        }
        synchronized (this) {
            Event e = new Event(++lastId, type, body);
            history.addLast(e);
            if (history.size() > capacity) {
                history.removeFirst();
                dropped++;
            }
            for (Subscriber s : subscribers) {
                s.accept(e);
            }
            return e;
        }
    }

    /**
     * Replays to {@code s} the kept events with an id above {@code afterId} (0: all of them), then adds it to the
     * live subscribers, atomically with respect to {@link #append}.
     */
    public synchronized void subscribe(long afterId, Subscriber s) {
        for (Event e : history) {
            if (e.id() > afterId) {
                s.accept(e);
            }
        }
        subscribers.add(s);
    }

    public void unsubscribe(Subscriber s) {
        subscribers.remove(s);
    }

    /** The kept events, oldest first. */
    public synchronized List<Event> history() {
        return new ArrayList<>(history);
    }

    /** How many old events were dropped to stay within the capacity. */
    public synchronized long dropped() {
        return dropped;
    }

    public int subscribers() {
        return subscribers.size();
    }
}
