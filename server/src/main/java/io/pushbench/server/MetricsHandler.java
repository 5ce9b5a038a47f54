package io.pushbench.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * {@code GET /metrics}: the server's counters as JSON, in the shape of the feed contract (docs/feed-contract.md).
 * Field names are fixed; new ones may be added.
 */
final class MetricsHandler extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient ServerMetrics metrics;
    private final transient ServerConfig config;

    MetricsHandler(ServerMetrics metrics, ServerConfig config) {
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Responses.json(response, 200, JSON.writeValueAsBytes(snapshot(metrics, config)));
    }

    /** The /metrics document. */
    static ObjectNode snapshot(ServerMetrics m, ServerConfig config) {
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
        root.put("published", m.published());
        root.put("lastSeq", m.lastSeq());
        ObjectNode lag = root.putObject("publisherLagUs");
        lag.put("current", m.lagCurrentNanos() / 1_000.0);
        lag.put("max", m.lagMaxNanos() / 1_000.0);
        root.put("publisherLateMessages", m.lateMessages());
        ObjectNode deliveries = root.putObject("deliveries");
        ObjectNode bytes = root.putObject("bytes");
        ObjectNode slow = root.putObject("slowConsumerDisconnects");
        for (Transport t : Transport.values()) {
            deliveries.put(t.key(), m.deliveries(t));
            bytes.put(t.key(), m.bytes(t));
            slow.put(t.key(), m.slowConsumerDisconnects(t));
        }
        root.put("maxQueueDepth", m.maxQueueDepth());
        root.set("process", process());
        return root;
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
        return p;
    }
}
