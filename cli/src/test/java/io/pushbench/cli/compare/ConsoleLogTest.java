package io.pushbench.cli.compare;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleLogTest {
    private final StringWriter screen = new StringWriter();
    private final StringWriter log = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    @Test
    void terminalRewritesTheProgressLineInPlaceAndKeepsItOutOfTheLog() {
        try (ConsoleLog c = new ConsoleLog(new PrintWriter(screen), log, true, now::get, 10)) {
            c.line("plan");
            c.progress("[1/2] run a 10%");
            c.progress("[1/2] run a 9");
            c.line("done");
        }
        assertThat(screen.toString().replace(System.lineSeparator(), "\n"))
                .isEqualTo("plan\n\r[1/2] run a 10%\r[1/2] run a 9  \r               \rdone\n");
        assertThat(log.toString()).isEqualTo("plan\ndone\n");
    }

    @Test
    void withoutTerminalProgressIsAPlainLineAtMostEveryInterval() {
        try (ConsoleLog c = new ConsoleLog(new PrintWriter(screen), log, false, now::get, 10)) {
            c.progress("p1");
            now.set(5);
            c.progress("p2");
            now.set(10);
            c.progress("p3");
            c.resetProgressThrottle();
            c.progress("p4");
            c.screen("screen only");
        }
        assertThat(log.toString()).isEqualTo("p1\np3\np4\n");
        assertThat(screen.toString().replace(System.lineSeparator(), "\n")).isEqualTo("p1\np3\np4\nscreen only\n");
    }
}
