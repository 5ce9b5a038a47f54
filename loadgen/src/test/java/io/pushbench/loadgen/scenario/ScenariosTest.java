package io.pushbench.loadgen.scenario;

import io.pushbench.loadgen.driver.ReconnectPolicy;
import io.pushbench.wire.Protocol;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenariosTest {
    private static final Scenarios.Shape SHAPE = new Scenarios.Shape(Duration.ofSeconds(15), 20, 1000);

    @Test
    void everyScenarioHasItsCases() {
        assertThat(Scenarios.cases("drop", SHAPE)).extracting(Scenario::name)
                .containsExactly("drop-abort", "drop-close", "drop-connection");
        assertThat(Scenarios.cases("storm", SHAPE)).extracting(s -> s.behaviour().reconnect())
                .containsExactly(ReconnectPolicy.JITTER, ReconnectPolicy.SYNC, ReconnectPolicy.NATIVE);
        assertThat(Scenarios.cases("steady", SHAPE)).containsExactly(Scenarios.STEADY);
        assertThat(Scenarios.STEADY.steady()).isTrue();
    }

    @Test
    void faultsComeAtAThirdOfTheSteadyWindow() {
        Scenario drop = Scenarios.byCase("drop-abort", SHAPE);
        assertThat(drop.fault().at()).isEqualTo(Duration.ofSeconds(5));
        assertThat(drop.fault().share()).isEqualTo(0.5);
        assertThat(drop.behaviour().scenario()).isEqualTo("drop-abort");
        assertThat(Scenarios.byCase("restart", SHAPE).restarts()).isTrue();
        assertThat(Scenarios.byCase("drop-connection", SHAPE).protocols()).containsExactly(Protocol.H2C);
    }

    @Test
    void clientBehaviourScalesWithTheRun() {
        assertThat(Scenarios.byCase("churn", SHAPE).behaviour().churnPerSec()).isEqualTo(50);
        Scenario slow = Scenarios.byCase("slow", SHAPE);
        assertThat(slow.behaviour().slowShare()).isEqualTo(0.1);
        assertThat(slow.behaviour().slowReadDelay()).isEqualTo(Duration.ofMillis(200));   // four intervals at 20/s
        assertThat(slow.behaviour().isSlow(99, 1000)).isTrue();
        assertThat(slow.behaviour().isSlow(100, 1000)).isFalse();
        assertThat(slow.jettyOnly()).isTrue();
    }

    @Test
    void unknownNamesSayWhatIsKnown() {
        assertThatThrownBy(() -> Scenarios.parse(List.of("drop", "flood")))
                .hasMessage("unknown scenario \"flood\" (known: steady, drop, restart, churn, slow, storm,"
                        + " six-connections)");
        assertThat(Scenarios.byCase("six-connections", SHAPE).browserOnly()).isTrue();
        assertThat(Scenarios.byCase("slow", SHAPE).browserOnly()).isFalse();
        assertThatThrownBy(() -> Scenarios.byCase("drop-all", SHAPE))
                .hasMessageStartingWith("unknown scenario case \"drop-all\" (known: steady, drop-abort,");
        assertThat(Scenarios.parse(List.of("Drop", "drop", "storm"))).containsExactly("drop", "storm");
    }
}
