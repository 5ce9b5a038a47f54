package io.pushbench.loadgen;

import io.pushbench.loadgen.driver.DriverConfig;
import io.pushbench.loadgen.driver.LoadDriver;
import io.pushbench.loadgen.driver.LoadSession;
import io.pushbench.loadgen.browser.BrowserDriver;
import io.pushbench.loadgen.gatling.GatlingMain;
import io.pushbench.loadgen.jetty.JettyDriver;

/**
 * Entry point of the forked load-generator JVM, whatever the driver ({@code -Dpushbench.driver}): Gatling runs its
 * own engine ({@link GatlingMain}); the other drivers run under a {@link LoadSession}. Exit code 0 when the run
 * completed, 1 on a crash (Gatling: its own code).
 *
 * <pre>
 * java -cp "cli/target/pushbench-cli.jar:cli/target/lib/*" -Dpushbench.driver=jetty -Dpushbench.protocol=h2 \
 *      -Dpushbench.transport=sse -Dpushbench.url=http://127.0.0.1:8080 ... io.pushbench.loadgen.LoadgenMain
 * </pre>
 */
public final class LoadgenMain {
    private LoadgenMain() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(DriverConfig.fromSystemProperties());
        } catch (Throwable t) {
            System.err.println("pushbench loadgen: run crashed: " + t);
            t.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    static int run(DriverConfig config) throws Exception {
        LoadDriver driver;
        switch (config.driver()) {
            case GATLING -> {
                return GatlingMain.run();     // Gatling's engine drives its users and calls the session's hooks
            }
            case JETTY -> driver = new JettyDriver();
            case BROWSER -> driver = BrowserDriver.launch(config);   // browsers ready before the schedule starts
            default -> throw new IllegalArgumentException("the " + config.driver().key() + " driver runs in tests"
                    + " only");
        }
        LoadSession session = LoadSession.start(config, System.out);
        driver.run(session);
        session.finish(0);
        return 0;
    }
}
