package io.pushbench.loadgen.browser;

import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Which browser instance and which page each subscriber lives in: subscribers fill a page up to
 * {@link #SUBSCRIBERS_PER_PAGE}, pages fill a browser up to its limit for the transport and protocol, and more
 * subscribers start more browser instances (each its own profile, hence its own connection pools).
 *
 * <pre>{@code
 * BrowserLayout l = BrowserLayout.plan(8, Transport.SSE, Protocol.H1, false);
 * l.browsers();                 // 2: six SSE streams over HTTP/1.1 per browser
 * l.pages().get(0).subscribers();   // [0, 1, 2, 3, 4, 5]
 * }</pre>
 *
 * <p>The limits, and why:
 * <ul>
 *   <li>{@value #SSE_H1_PER_BROWSER} SSE subscribers over HTTP/1.1 per browser: Chromium opens at most six
 *       connections per host and profile, and each {@code EventSource} holds one for its life, so a seventh would
 *       wait (the six-connection effect; scenario {@code six-connections} shows it on purpose);</li>
 *   <li>{@value #PER_BROWSER} otherwise (WebSocket has its own per-profile limit of 255; HTTP/2 multiplexes every
 *       stream on one connection, 100 concurrent streams at least): a bound on what one browser process tree
 *       does, far below those limits;</li>
 *   <li>{@value #SUBSCRIBERS_PER_PAGE} per page: one renderer main thread runs every handler of its page, and the
 *       driver drains each page in one WebDriver call.</li>
 * </ul>
 * With {@code oneBrowser} (the {@code six-connections} scenario) every subscriber goes into one page of one
 * browser, whatever the limits.
 */
public record BrowserLayout(List<Page> pages) {
    /** Subscribers per page. */
    public static final int SUBSCRIBERS_PER_PAGE = 25;
    /** SSE subscribers over HTTP/1.1 per browser instance: Chromium's connections per host. */
    public static final int SSE_H1_PER_BROWSER = 6;
    /** Subscribers per browser instance otherwise. */
    public static final int PER_BROWSER = 100;
    /** Most browser instances one run starts: each is a process tree of its own (memory, a share of the CPUs). */
    public static final int MAX_BROWSERS = 16;

    /**
     * One page.
     *
     * @param browser     the browser instance (0-based)
     * @param page        the page within all pages (0-based)
     * @param subscribers the run's subscriber indices it holds, ascending
     */
    public record Page(int browser, int page, List<Integer> subscribers) {
        public Page {
            subscribers = List.copyOf(subscribers);
        }
    }

    public BrowserLayout {
        pages = List.copyOf(pages);
    }

    /** The layout of {@code connections} subscribers; see the class comment. */
    public static BrowserLayout plan(int connections, Transport transport, Protocol protocol, boolean oneBrowser) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1, was " + connections);
        }
        int perBrowser = oneBrowser ? connections : perBrowser(transport, protocol);
        int perPage = oneBrowser ? connections : Math.min(SUBSCRIBERS_PER_PAGE, perBrowser);
        List<Page> pages = new ArrayList<>();
        int next = 0;
        for (int b = 0; next < connections; b++) {
            int end = Math.min(connections, next + perBrowser);
            while (next < end) {
                int pageEnd = Math.min(end, next + perPage);
                List<Integer> subs = new ArrayList<>();
                for (int i = next; i < pageEnd; i++) {
                    subs.add(i);
                }
                pages.add(new Page(b, pages.size(), subs));
                next = pageEnd;
            }
        }
        return new BrowserLayout(pages);
    }

    /**
     * Refuses a run that needs more than {@value #MAX_BROWSERS} browsers, with a one-line IllegalArgumentException
     * naming the limit (a bad input: the CLI exits 2 before anything starts).
     */
    public static void checkFits(int connections, Transport transport, Protocol protocol) {
        int browsers = plan(connections, transport, protocol, false).browsers();
        if (browsers > MAX_BROWSERS) {
            throw new IllegalArgumentException("the browser driver would start " + browsers + " browsers for "
                    + connections + " " + transport.key() + " subscribers over " + protocol.key() + " (at most "
                    + MAX_BROWSERS + ", each a process tree of its own; " + perBrowser(transport, protocol)
                    + " subscribers per browser): lower --connections to " + MAX_BROWSERS * perBrowser(transport,
                    protocol) + " or fewer");
        }
    }

    /** The subscribers one browser instance holds for this transport and protocol. */
    public static int perBrowser(Transport transport, Protocol protocol) {
        return transport == Transport.SSE && protocol == Protocol.H1 ? SSE_H1_PER_BROWSER : PER_BROWSER;
    }

    /** Browser instances. */
    public int browsers() {
        return pages.isEmpty() ? 0 : pages.get(pages.size() - 1).browser() + 1;
    }

    /** The pages of browser {@code b}. */
    public List<Page> pagesOf(int b) {
        return pages.stream().filter(p -> p.browser() == b).toList();
    }
}
