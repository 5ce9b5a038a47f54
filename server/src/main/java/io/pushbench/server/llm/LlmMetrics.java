package io.pushbench.server.llm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushbench.wire.Transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * The simulated model server's counters, totals since start (never reset on read, like the feed's), reported as the
 * {@code llm} object of {@code /metrics} with the model's {@code active} and {@code queued} gauges.
 */
public final class LlmMetrics {
    private final LongAdder requests = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder resumes = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder faults = new LongAdder();
    private final LongAdder[] events = {new LongAdder(), new LongAdder()};
    private final LongAdder[] bytes = {new LongAdder(), new LongAdder()};
    private final LongAdder[] slow = {new LongAdder(), new LongAdder()};

    /** A request (or WebSocket {@code response.create}) was accepted. */
    void request() { requests.increment(); }
    /** A request was refused (400, busy, bad message). */
    void rejected() { rejected.increment(); }
    /** A request was admitted to the batch. */
    void onStarted() { started.increment(); }
    /** A request produced its last token. */
    void onCompleted() { completed.increment(); }
    /** A chat request stopped because its stream went away. */
    void onCancelled() { cancelled.increment(); }
    /** A resume found its response. */
    void resumed() { resumes.increment(); }
    /** A resume did not (unknown or expired id). */
    void notFound() { notFound.increment(); }
    /** A requested fault was performed. */
    void fault() { faults.increment(); }
    /** {@code n} events of {@code size} bytes total were written. */
    void written(Transport t, int n, long size) {
        events[t.ordinal()].add(n);
        bytes[t.ordinal()].add(size);
    }
    /** A stream was closed as a slow consumer. */
    void slowConsumer(Transport t) { slow[t.ordinal()].increment(); }

    public long started() { return started.sum(); }
    public long completed() { return completed.sum(); }
    public long eventsSent(Transport t) { return events[t.ordinal()].sum(); }
    public long resumes() { return resumes.sum(); }

    /** The {@code /metrics} {@code llm} object. */
    public ObjectNode toJson(int active, int queued) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("active", active);
        o.put("queued", queued);
        o.put("requests", requests.sum());
        o.put("rejected", rejected.sum());
        o.put("started", started.sum());
        o.put("completed", completed.sum());
        o.put("cancelled", cancelled.sum());
        o.put("resumes", resumes.sum());
        o.put("resumeNotFound", notFound.sum());
        o.put("faults", faults.sum());
        ObjectNode ev = o.putObject("eventsSent");
        ObjectNode by = o.putObject("bytes");
        ObjectNode sl = o.putObject("slowConsumerDisconnects");
        for (Transport t : Transport.values()) {
            ev.put(t.key(), events[t.ordinal()].sum());
            by.put(t.key(), bytes[t.ordinal()].sum());
            sl.put(t.key(), slow[t.ordinal()].sum());
        }
        return o;
    }
}
