package io.pushbench.loadgen.run;

import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;

import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for {@code pushbench server} in loadgen tests (the CLI module is not on this class path): parses the
 * flags the orchestrator appends, prints the contract's listening line, runs until SIGTERM.
 */
public final class EmbeddedServerMain {
    public static void main(String[] args) throws Exception {
        ServerConfig.Builder b = ServerConfig.builder().host("127.0.0.1").port(0);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rate" -> b.rate(Double.parseDouble(args[i + 1]));
                case "--port" -> b.port(Integer.parseInt(args[i + 1]));
                case "--log-dir" -> b.logDir(java.nio.file.Path.of(args[i + 1]));
                case "--payload" -> b.payloadBytes(Integer.parseInt(args[i + 1]));
                case "--admin-token" -> b.adminToken(args[i + 1]);
                default -> { }
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
