package io.pushbench.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WritersTest {
    @Test
    void parsesTheThreeModes() {
        assertThat(Writers.parse("publisher")).isEqualTo(Writers.PUBLISHER);
        assertThat(Writers.parse(" POOL ")).isEqualTo(Writers.POOL);
        assertThat(Writers.parse("2")).isEqualTo(new Writers(Writers.Mode.DEDICATED, 2));
        assertThat(Writers.parse("2").key()).isEqualTo("2");
    }

    @Test
    void refusesWhatIsNotAModeWithOneLine() {
        assertThatThrownBy(() -> Writers.parse("0")).hasMessage("writers must be publisher, pool or 1..64, was 0");
        assertThatThrownBy(() -> Writers.parse("65")).hasMessage("writers must be publisher, pool or 1..64, was 65");
        assertThatThrownBy(() -> Writers.parse("inline")).hasMessage("writers must be publisher, pool or 1..64, was inline");
    }
}
