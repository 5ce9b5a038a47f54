package io.pushbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PowerCommandTest {
    @Test
    void measuredSpreadAndSmallestDetectableDifferencePerFigure(@TempDir Path tmp) throws IOException {
        ReportsCliTest.Outcome o = ReportsCliTest.run("power", ReportsCliTest.fixture(tmp, "comparison-5x").toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("p50             run-to-run log-sd ")
                .contains("smallest worsening called with 80% power at 5 runs per arm: +");
    }

    @Test
    void withoutADirectoryOrSimulationItIsOneLineExit2() {
        ReportsCliTest.Outcome o = ReportsCliTest.run("power");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("pushbench: give a results directory, or --simulation");
    }
}
