package io.pushbench.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.analysis.results.RunResult;
import io.pushbench.reports.model.BrowserConnectionsView;
import io.pushbench.reports.model.ReportModel;
import io.pushbench.reports.model.ReportModelLoader;
import io.pushbench.reports.render.Charts;
import io.pushbench.reports.render.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Browser connections" section (fixture {@code six-connections}: one browser run each of SSE over HTTP/1.1,
 * SSE over HTTP/2 with TLS and WebSocket over HTTP/1.1, of scenario six-connections, cut down from real runs) in
 * both report formats, and its two sentences.
 */
@Timeout(60)
class BrowserConnectionsReportTest {
    private static final String STALLED = "Over HTTP/1.1, 6 of 8 EventSource streams flowed; the other 2 never"
            + " received a message in the run (Chromium's limit of 6 connections per host).";

    private static ReportModel model() throws IOException {
        return ReportModelLoader.load(Golden.fixture("six-connections"));
    }

    @Test
    void markdownSectionMatchesGolden() throws IOException {
        ReportModel m = model();
        String md = ReportWriter.markdown(m, Charts.of(m));
        int from = md.indexOf("## Browser connections");
        int to = md.indexOf("## Charts");
        assertThat(from).isPositive().isLessThan(to);
        Golden.assertMatches("six-connections.browser-connections.md", md.substring(from, to));
    }

    @Test
    void exactlyTwoSentencesStateTheEffectWithTheMeasuredFigures() throws IOException {
        BrowserConnectionsView v = BrowserConnectionsView.of(model().runs());
        assertThat(v.sentences()).containsExactly(STALLED, "Over HTTP/2 all 8 EventSource streams flowed (first"
                + " message within 96 ms), as did all 8 WebSockets over HTTP/1.1 (within 91 ms).");
        assertThat(v.runs()).hasSize(3);
        assertThat(v.runs().get(0).flowing()).isEqualTo("6 of 8");
        assertThat(v.runs().get(0).firstMessage()).isEqualTo("77 12 66 13 63 14 stalled stalled");
        assertThat(v.runs().get(0).stalled()).isEqualTo("2");
    }

    @Test
    void htmlCarriesTheSameSection() throws IOException {
        ReportModel m = model();
        String html = ReportWriter.html(m, Charts.of(m));
        int from = html.indexOf("<h2 id=\"browser-connections\">");
        assertThat(from).isPositive().isLessThan(html.indexOf("<h2 id=\"charts\">"));
        assertThat(html).contains("<table id=\"browser-connections-table\">", "<table id=\"browser-cost-table\">",
                "the other 2 never received a message in the run (Chromium&#39;s limit of 6 connections per host).",
                "<td>77 12 66 13 63 14 stalled stalled</td>");
    }

    @Test
    void oneRunAloneStatesItsOwnFirstMessages() throws IOException {
        RunResult h1 = ResultsIO.read(Golden.fixture("six-connections").resolve("results.json")).runs().get(0);
        assertThat(BrowserConnectionsView.ofResults(List.of(h1)).sentences()).containsExactly(STALLED,
                "The 6 that flowed received their first message within 77 ms of their connect start.");
    }

    @Test
    void runOrderDoesNotChangeTheSentencesAndAThirdFlowingGroupJoinsWithAnd(@TempDir Path dir) throws IOException {
        ObjectNode results = (ObjectNode) ResultsIO.mapper().readTree(
                Golden.fixture("six-connections").resolve("results.json").toFile());
        ArrayNode runs = (ArrayNode) results.get("runs");
        ObjectNode wsH2 = runs.get(2).deepCopy();
        wsH2.put("id", "six-ws-h2");
        wsH2.put("protocol", "h2c");
        ArrayNode reversed = ResultsIO.mapper().createArrayNode().add(wsH2).add(runs.get(2)).add(runs.get(1))
                .add(runs.get(0));
        results.set("runs", reversed);
        Path file = dir.resolve("results.json");
        ResultsIO.mapper().writeValue(file.toFile(), results);
        assertThat(BrowserConnectionsView.ofResults(ResultsIO.read(file).runs()).sentences()).containsExactly(STALLED,
                "Over HTTP/2 all 8 EventSource streams flowed (first message within 96 ms), as did all 8 WebSockets"
                        + " over HTTP/1.1 (within 91 ms) and all 8 WebSockets over HTTP/2 (within 91 ms).");
    }

    @Test
    void reportsWithoutSuchRunsHaveNoSection() throws IOException {
        ReportModel m = ReportModelLoader.load(Golden.fixture("single-repeat"));
        assertThat(BrowserConnectionsView.of(m.runs())).isNull();
        assertThat(ReportWriter.markdown(m, Charts.of(m))).doesNotContain("Browser connections");
    }
}
