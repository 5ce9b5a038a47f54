package io.pushbench.loadgen.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushbench.analysis.results.Window;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's figures when a scenario restarts it: counters start again in the new process. */
class ServerFiguresAcrossRestartTest {
    private static final long START = 1_700_000_000_000L;

    /** A poll at {@code t} s of a server that started at {@code startedAt} s, with cumulative counters. */
    private static MetricsPoller.Poll poll(double t, double startedAt, long accepted, long cpuNs) {
        ObjectNode j = JsonNodeFactory.instance.objectNode();
        long epoch = START + Math.round(t * 1000);
        j.put("uptimeMs", Math.round((t - startedAt) * 1000));
        j.put("connectionsAccepted", accepted);
        j.put("published", Math.round((t - startedAt) * 5));
        j.putObject("process").put("cpuTimeNs", cpuNs).put("heapUsedBytes", 1000 + accepted);
        return new MetricsPoller.Poll(epoch, j);
    }

    private static ServerFiguresCalculator calc() {
        List<MetricsPoller.Poll> polls = new ArrayList<>();
        // first process: started at -5 s, 1,000 connections accepted during the ramp
        for (int t = 0; t <= 5; t++) {
            polls.add(poll(t, -5, 1000, 2_000_000_000L + t * 100_000_000L));
        }
        // killed at 5.5 s; the new process started at 7 s: 900 accepts in its first second, then 100 more
        polls.add(poll(7.5, 7, 900, 900_000_000L));
        polls.add(poll(8.5, 7, 1000, 1_400_000_000L));
        polls.add(poll(9.5, 7, 1000, 1_500_000_000L));
        return new ServerFiguresCalculator(polls, polls.get(0), START);
    }

    @Test
    void aRestartIsSeenAndTheSteadyWindowKeepsOneProcess() {
        ServerFiguresCalculator c = calc();
        assertThat(c.restarts()).isEqualTo(1);
        Window w = new Window("2023-11-14T22:13:20Z", "2023-11-14T22:13:30Z", 0, 0, 10, 0, 0.0, 10.0);
        ServerFiguresCalculator.SteadyPolls s = c.steady(w);
        // the first process has 6 polls in the window, the second 3: the counters are differenced in the first
        assertThat(s.inside()).hasSize(6);
        assertThat(s.from().epochMs()).isEqualTo(START);
        assertThat(s.to().epochMs()).isEqualTo(START + 5000);
    }

    @Test
    void theServerAfterAFaultIsReadWithinEachProcess() {
        // a fault at 1.2 s (a drop): the interval from the poll at 1 s opens the window
        Map<String, Object> drop = calc().afterFault(START + 1200, START + 4000);
        assertThat(drop).containsEntry("polls", 3).containsEntry("acceptsPerSecMax", 0.0)
                .containsEntry("cpuCoresMax", 0.1);
        // the kill at 5.5 s: no interval spans the two processes; the new one accepted 900 in its first 0.5 s
        // (its counter started at 0), then 100 in a second
        Map<String, Object> restart = calc().afterFault(START + 5500, START + 15_500);
        assertThat(restart).containsEntry("polls", 3).containsEntry("acceptsPerSecMax", 1800.0)
                .containsEntry("cpuCoresMax", 0.5).containsEntry("heapUsedBytesMax", 2000L);
    }
}
