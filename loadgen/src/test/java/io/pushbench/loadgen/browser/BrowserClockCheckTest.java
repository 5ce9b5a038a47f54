package io.pushbench.loadgen.browser;

import io.pushbench.analysis.results.Calibration;
import io.pushbench.server.FeedServer;
import io.pushbench.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The calibration's browser clock step with real headless Chromium against an embedded feed server: a finite,
 * positive error bound that the estimates respect. Skipped when Chromium is not installed.
 */
class BrowserClockCheckTest {
    @Test
    @Timeout(30)
    void measuresAFinitePositiveBound() throws Exception {
        String problem = ChromiumInstall.detect().problem();
        assumeTrue(problem == null, problem);
        try (FeedServer server = FeedServer.start(ServerConfig.builder().host("127.0.0.1").port(0).rate(10)
                .payloadBytes(128).build())) {
            Path log = Path.of("target", "it", "browser-clock", "chromedriver.log");
            Calibration.BrowserClock c = BrowserClockCheck.measure(server.baseUri(), log, 3, Duration.ofSeconds(1));
            assertThat(c.estimates()).isEqualTo(3);
            assertThat(c.roundTripsPerEstimate()).isEqualTo(BrowserInstance.CLOCK_SAMPLES);
            assertThat(c.errorBoundUs()).isFinite().isPositive().isLessThan(20_000);
            assertThat(c.minRttUs()).isPositive().isLessThanOrEqualTo(c.medianRttUs());
            assertThat(c.windowSeconds()).isBetween(0.9, 3.0);
            assertThat(c.userAgent()).contains("Chrom");
            assertThat(Files.exists(log)).isTrue();
        }
    }
}
