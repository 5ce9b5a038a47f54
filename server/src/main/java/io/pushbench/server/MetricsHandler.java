package io.pushbench.server;

import io.pushbench.wire.Transport;
import io.pushbench.wire.Protocol;

import io.pushbench.server.llm.LlmService;
import io.pushbench.server.log.SegmentLog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * {@code GET /metrics}: the server's counters as JSON, in the shape of the feed contract (docs/feed-contract.md).
 * Field names are fixed; new ones may be added.
 *
 * <p>Everything is a total or a maximum since start, never reset on read, so that the orchestrator can compute its
 * steady window's figures by differencing two polls: the publisher-lag histogram gives the window's late messages
 * and maximum lag, the per-thread CPU times ({@code process.threadCpu}) the window's busiest thread.
 *
 * <p>{@code connectionsAccepted} counts TCP connections accepted since start (differenced: the accept rate of a
 * reconnect storm). {@code log} describes the durable feed log: {@code {"enabled":false}} without one, else its
 * fsync policy, the seqs appended and fsynced, and what recovery found at start.
 *
 * <p>{@code llm} holds the simulated model server's gauges ({@code active} generating, {@code queued} for a batch
 * slot) and totals ({@code requests}, {@code rejected}, {@code started}, {@code completed}, {@code cancelled},
 * {@code resumes}, {@code resumeNotFound}, {@code faults}, and per transport {@code eventsSent}, {@code bytes},
 * {@code slowConsumerDisconnects}); see docs/llm.md.
 */
final class MetricsHandler extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient ServerMetrics metrics;
    private final transient ServerConfig config;
    private final transient SegmentLog log;
    private final transient LlmService llm;

    /** @param log the durable log, or null when there is none */
    MetricsHandler(ServerMetrics metrics, ServerConfig config, SegmentLog log) {
        this(metrics, config, log, null);
    }

    /** @param llm the simulated model server, or null (then no {@code llm} object) */
    MetricsHandler(ServerMetrics metrics, ServerConfig config, SegmentLog log, LlmService llm) {
        this.metrics = metrics;
        this.config = config;
        this.log = log;
        this.llm = llm;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode root = snapshot(metrics, config, log);
        if (llm != null) {
            root.set("llm", llm.metricsJson());
        }
        Responses.json(response, 200, JSON.writeValueAsBytes(root));
    }

    /** The /metrics document of a server without a log. */
    static ObjectNode snapshot(ServerMetrics m, ServerConfig config) {
        return snapshot(m, config, null);
    }

    /** The /metrics document; {@code log} null when there is none. */
    static ObjectNode snapshot(ServerMetrics m, ServerConfig config, SegmentLog log) {
        ObjectNode root = JSON.createObjectNode();
        root.put("uptimeMs", m.uptimeMillis());
        root.set("config", JSON.valueToTree(config.toMap()));
        ObjectNode conns = root.putObject("connections");
        long total = 0;
        for (Transport t : Transport.values()) {
            ObjectNode byProtocol = conns.putObject(t.key());
            for (Protocol p : Protocol.values()) {
                long n = m.connections(t, p);
                byProtocol.put(p.key(), n);
                total += n;
            }
        }
        conns.put("total", total);
        root.put("connectionsAccepted", m.connectionsAccepted());
        root.put("publishRate", m.publishRate());
        root.put("published", m.published());
        root.put("lastSeq", m.lastSeq());
        ObjectNode lag = root.putObject("publisherLagUs");
        lag.put("current", m.lagCurrentNanos() / 1_000.0);
        lag.put("max", m.lagMaxNanos() / 1_000.0);
        root.put("publisherLateMessages", m.lateMessages());
        root.put("publisherLateThresholdUs", Publisher.LATE_THRESHOLD_NANOS / 1_000.0);
        root.put("publisherLagHistogramNs", encode(m.publisherLagHistogram()));
        ObjectNode deliveries = root.putObject("deliveries");
        ObjectNode bytes = root.putObject("bytes");
        ObjectNode slow = root.putObject("slowConsumerDisconnects");
        for (Transport t : Transport.values()) {
            deliveries.put(t.key(), m.deliveries(t));
            bytes.put(t.key(), m.bytes(t));
            slow.put(t.key(), m.slowConsumerDisconnects(t));
        }
        root.put("maxQueueDepth", m.maxQueueDepth());
        root.set("log", log(log));
        root.set("process", process());
        return root;
    }

    private static ObjectNode log(SegmentLog log) {
        ObjectNode l = JSON.createObjectNode();
        l.put("enabled", log != null);
        if (log == null) {
            return l;
        }
        SegmentLog.Options o = log.options();
        l.put("dir", o.dir().toString());
        l.put("fsync", o.fsync().key());
        l.put("fsyncIntervalMs", o.fsyncInterval().toNanos() / 1e6);
        l.put("segmentBytes", o.segmentBytes());
        l.put("appendedSeq", log.lastSeq());
        l.put("durableSeq", log.durableSeq());
        l.put("fsyncs", log.fsyncs());
        l.put("fsyncFailures", log.fsyncFailures());
        l.put("segments", log.segmentCount());
        l.put("recoveredLastSeq", log.recoveredLastSeq());
        l.put("recoveredRecords", log.recoveredRecords());
        l.put("recoveryBytesDropped", log.recoveryBytesDropped());
        l.put("recoveryReport", log.recoveryReport());
        return l;
    }

    private static ObjectNode process() {
        ObjectNode p = JSON.createObjectNode();
        long cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = os.getProcessCpuTime();
        }
        p.put("cpuTimeNs", cpu);
        p.put("heapUsedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        long gcCount = 0;
        long gcTime = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcTime += Math.max(0, gc.getCollectionTime());
        }
        p.put("gcCount", gcCount);
        p.put("gcTimeMs", gcTime);
        p.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        p.set("threadCpu", threadCpu());
        return p;
    }

    /** HdrHistogram's compressed encoding, base64: what {@code Histogram.decodeFromCompressedByteBuffer} reads. */
    static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), n));
    }

    /**
     * CPU time so far of every live platform thread: {@code [{"id":1,"name":"main","cpuNs":123}, ...]}, empty when the
     * JVM cannot measure thread CPU. Per thread rather than only the busiest, because "busiest" depends on the
     * window: the poller differences two reads. Virtual threads run on carrier threads, which are listed.
     */
    private static ArrayNode threadCpu() {
        ArrayNode out = JSON.createArrayNode();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadCpuTimeSupported() || !mx.isThreadCpuTimeEnabled()) {
            return out;
        }
        long[] ids = mx.getAllThreadIds();
        ThreadInfo[] infos = mx.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            long cpu = mx.getThreadCpuTime(ids[i]);
            if (cpu < 0 || infos[i] == null) {
                continue;   // the thread ended between the two calls
            }
            out.addObject().put("id", ids[i]).put("name", infos[i].getThreadName()).put("cpuNs", cpu);
        }
        return out;
    }
}
