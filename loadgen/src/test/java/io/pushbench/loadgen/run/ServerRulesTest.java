package io.pushbench.loadgen.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.ServerFigures;
import io.pushbench.analysis.results.Window;
import io.pushbench.loadgen.core.CpuSaturation;
import io.pushbench.loadgen.core.CpuSet;
import io.pushbench.loadgen.core.ProcStat;
import io.pushbench.server.ServerMetrics;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-side rules on fixed {@code /metrics} polls (no server, no clock): the load starts at epoch 1,000,000 ms
 * and the steady window runs from 10 s to 20 s.
 */
class ServerRulesTest {
    private static final long START_MS = 1_000_000;
    private static final Window WINDOW = new Window("2026-01-01T00:00:00Z", "2026-01-01T00:00:25Z", 5, 5, 10, 2,
            10, 20);

    /** The cumulative lag histogram the test's publisher has recorded so far. */
    private final Histogram lags = new Histogram(ServerMetrics.LAG_HIGHEST_NANOS, ServerMetrics.LAG_DIGITS);
    private long late;
    private long published;
    private long busyThreadCpuNs;

    private MetricsPoller.Poll poll(double t) {
        return poll(t, null);
    }

    private MetricsPoller.Poll poll(double t, ProcStat stat) {
        ObjectNode j = ResultsIO.mapper().createObjectNode();
        j.put("published", published);
        j.put("publisherLateMessages", late);
        j.put("publisherLateThresholdUs", 5000.0);
        j.put("publisherLagHistogramNs", encode(lags));
        j.putObject("deliveries").put("sse", published * 10);
        j.putObject("slowConsumerDisconnects").put("sse", 0).put("ws", 0);
        ObjectNode process = j.putObject("process");
        process.put("cpuTimeNs", (long) (t * 1e9));
        ArrayNode threads = process.putArray("threadCpu");
        threads.addObject().put("id", 1).put("name", "main").put("cpuNs", 1_000_000);
        threads.addObject().put("id", 7).put("name", "pushbench-publisher").put("cpuNs", busyThreadCpuNs);
        return new MetricsPoller.Poll(START_MS + Math.round(t * 1000), j, stat);
    }

    private static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), n));
    }

    /** One second of publishing at 100 msg/s, {@code lateOnes} of them 7 ms late, the rest 100 µs late. */
    private void publishSecond(int lateOnes) {
        for (int i = 0; i < 100; i++) {
            boolean isLate = i < lateOnes;
            lags.recordValue(isLate ? 7_000_000 : 100_000);
            late += isLate ? 1 : 0;
            published++;
        }
        busyThreadCpuNs += 200_000_000;   // the publisher thread at 0.2 core
    }

    /** Polls at 0.5 s, 1.5 s, ... 24.5 s, with late publications in the seconds given. */
    private List<MetricsPoller.Poll> run(int... lateSeconds) {
        List<MetricsPoller.Poll> polls = new ArrayList<>();
        for (int s = 0; s < 25; s++) {
            int lateSecond = s;
            publishSecond(Arrays.stream(lateSeconds).anyMatch(x -> x == lateSecond) ? 3 : 0);
            polls.add(poll(s + 0.5));
        }
        return polls;
    }

    private static ServerRules.Verdict judge(List<MetricsPoller.Poll> polls, boolean allow, String unavailable,
                                             CpuSet pinned) {
        ServerFiguresCalculator calc = new ServerFiguresCalculator(polls, polls.isEmpty() ? null : polls.get(0),
                START_MS);
        ServerFigures f = unavailable != null ? ServerFigures.UNAVAILABLE : calc.figures(WINDOW, 100, pinned);
        return new ServerRules(CpuSaturation.defaults(), allow).check(WINDOW, calc, f, unavailable, null);
    }

    @Test
    void observedQuietServerIsValid() {
        ServerRules.Verdict v = judge(run(), false, null, null);
        assertThat(v.invalid()).isEmpty();
        assertThat(v.waived()).isEmpty();
    }

    @Test
    void latenessOnlyOutsideTheSteadyWindowIsNotAReason() {
        List<MetricsPoller.Poll> polls = run(2, 22);
        ServerFigures f = new ServerFiguresCalculator(polls, polls.get(0), START_MS).figures(WINDOW, 100, null);
        assertThat(f.publisherLateMessages()).isEqualTo(6);          // whole run
        assertThat(f.publisherLateMessagesSteady()).isZero();
        assertThat(f.publisherLagMaxSteadyUs()).isBetween(100.0, 100.1);
        assertThat(judge(polls, false, null, null).invalid()).isEmpty();
    }

    @Test
    void latenessOfMoreThanOnePercentInsideTheSteadyWindowIsAReasonWithItsThreshold() {
        List<MetricsPoller.Poll> polls = run(14, 15, 16, 17);
        ServerFigures f = new ServerFiguresCalculator(polls, polls.get(0), START_MS).figures(WINDOW, 100, null);
        // polls at 10.5 .. 19.5 s: nine seconds of publishing between the first and the last
        assertThat(f.publisherLateMessagesSteady()).isEqualTo(12);
        assertThat(f.publisherLagMaxSteadyUs()).isBetween(7000.0, 7010.0);
        assertThat(judge(polls, false, null, null).invalid()).singleElement().asString()
                .startsWith("server publisher fell behind: 12 of 900 messages published in the steady window were"
                        + " late (more than 5.0 ms after schedule; limit 2 + 1% late); max lag 7.0 ms");
    }

    @Test
    void aFewLateMessagesInsideTheSteadyWindowAreReportedButNotAReason() {
        List<MetricsPoller.Poll> polls = run(15);
        ServerFigures f = new ServerFiguresCalculator(polls, polls.get(0), START_MS).figures(WINDOW, 100, null);
        assertThat(f.publisherLateMessagesSteady()).isEqualTo(3);   // 0.3% of 900
        assertThat(f.publisherLagMaxSteadyUs()).isBetween(7000.0, 7010.0);
        assertThat(judge(polls, false, null, null).invalid()).isEmpty();
    }

    @Test
    void noPollInsideTheSteadyWindowIsUnobserved() {
        List<MetricsPoller.Poll> polls = run().subList(0, 9);   // the poller stopped at 8.5 s
        ServerRules.Verdict v = judge(polls, false, null, null);
        assertThat(v.invalid()).containsExactly("server unobserved: no /metrics poll inside the steady window"
                + " (last poll at 8.5 s, window 10.0–20.0 s)");
        assertThat(v.waived()).isEmpty();
    }

    @Test
    void noMetricsAtAllIsUnobservedAndInvalid() {
        ServerRules.Verdict v = judge(List.of(), false,
                "GET http://127.0.0.1:9/metrics failed: HTTP 404", null);
        assertThat(v.invalid()).containsExactly(
                "server unobserved: GET http://127.0.0.1:9/metrics failed: HTTP 404");
    }

    @Test
    void theFlagWaivesUnobservedVisiblyAndNothingElse() {
        ServerRules.Verdict v = judge(List.of(), true, "GET http://127.0.0.1:9/metrics failed: HTTP 404", null);
        assertThat(v.invalid()).isEmpty();
        assertThat(v.waived()).containsExactly("server unobserved: GET http://127.0.0.1:9/metrics failed: HTTP 404"
                + " (waived by --allow-unobserved-server)");
        // an observed server's real problems are not waived
        assertThat(judge(run(12, 13, 14, 15), true, null, null).invalid()).singleElement().asString()
                .startsWith("server publisher fell behind");
    }

    @Test
    void busiestServerThreadSaturatedWhileTheProcessAverageIsLow() {
        List<MetricsPoller.Poll> polls = new ArrayList<>();
        for (int s = 0; s < 25; s++) {
            publishSecond(0);
            busyThreadCpuNs += 750_000_000;   // publisher at 0.95 core; process 1 core of many
            polls.add(poll(s + 0.5));
        }
        ServerFigures f = new ServerFiguresCalculator(polls, polls.get(0), START_MS).figures(WINDOW, 100, null);
        assertThat(f.busiestThread()).isEqualTo("pushbench-publisher");
        assertThat(f.busiestThreadCpuCores()).isEqualTo(0.95);
        assertThat(judge(polls, false, null, null).invalid()).containsExactly("server thread saturated: its busiest"
                + " thread 'pushbench-publisher' used 95% of a core over the steady window (limit 90%)");
    }

    @Test
    void metricsWithoutThreadCpuLeaveTheRuleUnobserved() {
        List<MetricsPoller.Poll> polls = new ArrayList<>();
        for (MetricsPoller.Poll p : run()) {
            ObjectNode j = p.json().deepCopy();
            ((ObjectNode) j.path("process")).remove("threadCpu");
            polls.add(new MetricsPoller.Poll(p.epochMs(), j));
        }
        assertThat(judge(polls, false, null, null).invalid()).containsExactly("server unobserved: /metrics reports"
                + " no per-thread CPU (process.threadCpu): busiest-thread saturation cannot be judged");
    }

    @Test
    void pinnedServerCpusSaturatedFromProcStat() {
        List<MetricsPoller.Poll> polls = new ArrayList<>();
        for (int s = 0; s < 25; s++) {
            publishSecond(0);
            // cpu1 (the server's) 92 busy ticks of 100 per second, cpu0 idle
            String stat = "cpu  0 0 0 0 0 0 0 0 0 0\n"
                    + "cpu0 0 0 " + s + " " + (100 * s - s) + " 0 0 0 0 0 0\n"
                    + "cpu1 " + (80 * s) + " 0 " + (12 * s) + " " + (8 * s) + " 0 0 0 0 0 0\nintr 1 2 3\n";
            polls.add(poll(s + 0.5, ProcStat.parse(stat)));
        }
        ServerFigures f = new ServerFiguresCalculator(polls, polls.get(0), START_MS)
                .figures(WINDOW, 100, CpuSet.parse("1"));
        assertThat(f.pinnedCpus()).isEqualTo("1");
        assertThat(f.pinnedCpuUtilization()).isEqualTo(0.92);
        assertThat(judge(polls, false, null, CpuSet.parse("1")).invalid()).containsExactly(
                "server CPUs saturated: pinned CPUs 1 were 92% busy over the steady window (limit 85%)");
        assertThat(judge(polls, false, null, CpuSet.parse("0")).invalid()).isEmpty();
    }
}
