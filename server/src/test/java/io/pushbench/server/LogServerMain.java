package io.pushbench.server;

import io.pushbench.server.log.FsyncPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for {@code pushbench server} in server tests that need the server in a JVM of its own (to SIGKILL
 * it): the cli module, where the real main lives, is not on this class path. Takes the server's flags that those
 * tests use, prints the contract's listening line, runs until SIGTERM (or SIGKILL).
 *
 * <pre>
 * java -cp TEST_CLASS_PATH io.pushbench.server.LogServerMain --log-dir DIR --rate 200 --ring 1000 --fsync never
 * </pre>
 */
public final class LogServerMain {
    public static void main(String[] args) throws Exception {
        ServerConfig.Builder b = ServerConfig.builder().host("127.0.0.1").port(0);
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--rate" -> b.rate(Double.parseDouble(v));
                case "--payload" -> b.payloadBytes(Integer.parseInt(v));
                case "--ring" -> b.ring(Integer.parseInt(v));
                case "--admin-token" -> b.adminToken(v);
                case "--log-dir" -> b.logDir(Path.of(v));
                case "--fsync" -> b.fsync(FsyncPolicy.parse(v));
                case "--fsync-interval-ms" -> b.fsyncInterval(Duration.ofMillis(Long.parseLong(v)));
                case "--segment-bytes" -> b.segmentBytes(Long.parseLong(v));
                default -> throw new IllegalArgumentException("LogServerMain does not take " + args[i]);
            }
        }
        FeedServer server = FeedServer.start(b.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // exiting anyway
            }
            stopped.countDown();
        }));
        System.out.println("pushbench server listening on " + server.baseUri());
        System.out.flush();
        stopped.await();
    }
}
