package io.pushbench.loadgen.browser;

import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserLayoutTest {
    @Test
    void sseOverHttp1TakesSixStreamsPerBrowser() {
        BrowserLayout l = BrowserLayout.plan(8, Transport.SSE, Protocol.H1, false);
        assertThat(l.browsers()).isEqualTo(2);
        assertThat(l.pagesOf(0)).singleElement().extracting(BrowserLayout.Page::subscribers)
                .isEqualTo(List.of(0, 1, 2, 3, 4, 5));
        assertThat(l.pagesOf(1)).singleElement().extracting(BrowserLayout.Page::subscribers)
                .isEqualTo(List.of(6, 7));
    }

    @Test
    void otherwisePagesOf25AndBrowsersOf100() {
        BrowserLayout l = BrowserLayout.plan(230, Transport.WS, Protocol.H1, false);
        assertThat(l.browsers()).isEqualTo(3);
        assertThat(l.pagesOf(0)).hasSize(4);
        assertThat(l.pagesOf(2)).hasSize(2);
        assertThat(l.pages().get(l.pages().size() - 1).subscribers()).hasSize(5).startsWith(225);
        assertThat(BrowserLayout.plan(8, Transport.SSE, Protocol.H2C, false).browsers()).isEqualTo(1);
        int total = l.pages().stream().mapToInt(p -> p.subscribers().size()).sum();
        assertThat(total).isEqualTo(230);
    }

    @Test
    void oneBrowserPutsEverySubscriberInOnePage() {
        BrowserLayout l = BrowserLayout.plan(8, Transport.SSE, Protocol.H1, true);
        assertThat(l.browsers()).isEqualTo(1);
        assertThat(l.pages()).singleElement().extracting(p -> p.subscribers().size()).isEqualTo(8);
    }

    @Test
    void refusesARunThatNeedsTooManyBrowsers() {
        BrowserLayout.checkFits(96, Transport.SSE, Protocol.H1);
        BrowserLayout.checkFits(1600, Transport.WS, Protocol.H1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BrowserLayout.checkFits(97, Transport.SSE,
                        Protocol.H1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the browser driver would start 17 browsers for 97 sse subscribers over h1 (at most 16,"
                        + " each a process tree of its own; 6 subscribers per browser): lower --connections to 96 or"
                        + " fewer");
    }

    @Test
    void aMissingBrowserIsOneLineSayingHowToInstallIt() {
        ChromiumInstall none = new ChromiumInstall(Path.of("/nonexistent/chromium"), Path.of("/nonexistent/driver"));
        assertThat(none.problem()).doesNotContain("\n").endsWith(ChromiumInstall.INSTALL_HINT)
                .contains("/nonexistent/chromium").contains("/nonexistent/driver");
    }
}
