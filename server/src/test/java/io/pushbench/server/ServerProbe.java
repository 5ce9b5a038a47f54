package io.pushbench.server;

import io.pushbench.wire.Transport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server measurements (excluded from the default build; tag {@code benchmark}):
 * <ul>
 *   <li>heap per idle connection after GC at {@code probe.connections} (default 1,000) connections per transport,
 *       for our server and for a bare Jetty core server (the floor) in the same JVM and run;</li>
 *   <li>delivered rate at {@code probe.rateConnections} (default 500) connections x {@code probe.rate}
 *       (default 100) msg/s, per transport, counted by the server (write completed) and by the clients.</li>
 * </ul>
 * Clients run in a separate JVM ({@link ProbeClients}). Run:
 * <pre>
 * ./mvnw -B -q -pl server -am verify -Dgroups=benchmark -Dserver.excludedGroups=none -Dtest=ServerProbe \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dprobe.connections=1000] [-Dprobe.seconds=10]
 * cat server/target/server-probe.txt
 * </pre>
 */
@Tag("benchmark")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ServerProbe {
    static final int CONNECTIONS = Integer.getInteger("probe.connections", 1_000);
    static final int RATE_CONNECTIONS = Integer.getInteger("probe.rateConnections", 500);
    static final double RATE = Double.parseDouble(System.getProperty("probe.rate", "100"));
    static final int SECONDS = Integer.getInteger("probe.seconds", 10);
    static final Path OUT = Path.of("target", "server-probe.txt");

    @Test
    void heapPerIdleConnection() throws Exception {
        report("heap per idle connection after GC, " + CONNECTIONS + " connections, JVM "
                + System.getProperty("java.version") + ", " + gcNames());
        for (Transport t : Transport.values()) {
            // each side measured twice, the lower kept: GC leftovers only ever inflate a measurement
            double floor = Double.MAX_VALUE;
            double servletFloor = Double.MAX_VALUE;
            double ours = Double.MAX_VALUE;
            double oursCore = Double.MAX_VALUE;
            for (int repeat = 0; repeat < 2; repeat++) {
                try (JettyFloorServer f = new JettyFloorServer(false)) {
                    floor = Math.min(floor, heapPerConnection(f.port(), t, f::openConnections));
                }
                if (t == Transport.SSE) {
                    try (JettyFloorServer f = new JettyFloorServer(true)) {
                        servletFloor = Math.min(servletFloor, heapPerConnection(f.port(), t, f::openConnections));
                    }
                    try (FeedServer s = FeedServer.start(idle().sseCore(true).build())) {
                        oursCore = Math.min(oursCore, heapPerConnection(s.port(), t, () -> (int) s.metrics().connections(t)));
                    }
                }
                try (FeedServer s = FeedServer.start(idle().build())) {
                    ours = Math.min(ours, heapPerConnection(s.port(), t, () -> (int) s.metrics().connections(t)));
                }
            }
            if (t == Transport.SSE) {
                report(String.format("  sse pushbench (servlet) %.2f KB vs bare Jetty async-servlet floor %.2f KB (ratio %.2f);"
                                + " pushbench --sse-core %.2f KB vs bare Jetty core floor %.2f KB (ratio %.2f)",
                        ours / 1024, servletFloor / 1024, ours / servletFloor, oursCore / 1024, floor / 1024,
                        oursCore / floor));
            } else {
                report(String.format("  ws  pushbench %.2f KB vs bare Jetty floor %.2f KB (ratio %.2f)",
                        ours / 1024, floor / 1024, ours / floor));
            }
        }
    }

    @Test
    void deliveredRate() throws Exception {
        report(String.format("delivered rate, %d connections x %.0f msg/s (expected %.0f msg/s), %d s window",
                RATE_CONNECTIONS, RATE, RATE_CONNECTIONS * RATE, SECONDS));
        for (String variant : new String[]{"sse", "ws", "sse-core"}) {
            Transport t = variant.equals("ws") ? Transport.WS : Transport.SSE;
            try (FeedServer s = FeedServer.start(ServerConfig.builder().port(0).rate(RATE).payloadBytes(256)
                    .sseCore(variant.equals("sse-core")).maxConnections(RATE_CONNECTIONS + 100).build());
                 Clients c = Clients.start(s.port(), t, RATE_CONNECTIONS)) {
                c.awaitReady();
                awaitCount(() -> (int) s.metrics().connections(t), RATE_CONNECTIONS);
                Thread.sleep(3_000); // warm-up
                long d0 = s.metrics().deliveries(t);
                long r0 = c.received;
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                Thread.sleep(SECONDS * 1_000L);
                double secs = (System.nanoTime() - t0) / 1e9;
                double server = (s.metrics().deliveries(t) - d0) / secs;
                double client = (c.received - r0) / secs;
                double cpuUsPerDelivery = (cpuNanos() - cpu0) / 1e3 / Math.max(1, s.metrics().deliveries(t) - d0);
                report(String.format("  %-8s server %.0f deliveries/s, clients %.0f msg/s, gaps %d, slow-consumer"
                                + " disconnects %d, publisher lag max %.1f ms, late %d, max queue depth %d,"
                                + " server JVM CPU %.1f us/delivery",
                        variant, server, client, c.gaps, s.metrics().slowConsumerDisconnects(t),
                        s.metrics().lagMaxNanos() / 1e6, s.metrics().lateMessages(), s.metrics().maxQueueDepth(),
                        cpuUsPerDelivery));
                assertThat(c.gaps).isZero();
            }
        }
    }

    private static ServerConfig.Builder idle() {
        return ServerConfig.builder().port(0).rate(0.001).heartbeatMs(0).idleTimeoutMs(600_000)
                .maxConnections(CONNECTIONS + 100);
    }

    private static double heapPerConnection(int port, Transport t, IntSupplier serverCount) throws Exception {
        String histo = System.getProperty("probe.histo"); // a file prefix: class histograms before and after
        if (histo != null) {
            histogram(histo + "-" + t.key() + "-" + port + "-before.txt");
        }
        long before = usedAfterGc();
        double per;
        try (Clients c = Clients.start(port, t, CONNECTIONS)) {
            c.awaitReady();
            awaitCount(serverCount, CONNECTIONS);
            Thread.sleep(500);
            long after = usedAfterGc();
            per = (after - before) / (double) CONNECTIONS;
            if (histo != null) {
                histogram(histo + "-" + t.key() + "-" + port + "-after.txt");
            }
        }
        // not waiting for the server to notice: an idle stream that is never written learns of a closed peer
        // only at its next write or idle timeout; each measurement uses a fresh server instead
        return per;
    }

    private static void histogram(String file) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectOutput(Path.of(file).toFile()).start().waitFor();
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String gcNames() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList().toString();
    }

    private static void awaitCount(IntSupplier count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count.getAsInt()).as("server-side connections").isEqualTo(expected);
    }

    private static void report(String line) throws IOException {
        System.out.println(line);
        Files.createDirectories(OUT.getParent());
        Files.writeString(OUT, line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The client JVM. */
    static final class Clients implements AutoCloseable {
        final Process process;
        final CountDownLatch ready = new CountDownLatch(1);
        volatile long received;
        volatile long gaps;

        private Clients(Process p) {
            this.process = p;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        String[] f = line.split(" ");
                        if (f[0].equals("READY")) {
                            ready.countDown();
                        } else if (f[0].equals("STATS")) {
                            received = Long.parseLong(f[1]);
                            gaps = Long.parseLong(f[2]);
                        }
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            }, "probe-clients-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Clients start(int port, Transport t, int n) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", cp, ProbeClients.class.getName(),
                    Integer.toString(port), t.key(), Integer.toString(n)))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Clients(p);
        }

        void awaitReady() throws InterruptedException {
            assertThat(ready.await(120, TimeUnit.SECONDS)).as("clients connected").isTrue();
        }

        @Override
        public void close() throws IOException {
            process.getOutputStream().close(); // the child exits on stdin EOF
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
