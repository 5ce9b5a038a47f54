package io.pushbench.loadgen.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;

/**
 * The check every command that loads a server URL given by the user makes before sending anything: a well-formed
 * http(s) URL, and a loopback host unless remote targets were allowed ({@code --allow-remote}).
 *
 * <pre>{@code
 * Targets.check("http://127.0.0.1:8080", false, "--server");   // IllegalArgumentException when refused
 * }</pre>
 */
public final class Targets {
    private Targets() {
    }

    /**
     * Refuses a malformed target, and a non-loopback one unless {@code allowRemote}.
     *
     * @param name how the messages call the URL ("server", "--server")
     * @throws IllegalArgumentException with the reason, naming the URL as {@code name}
     */
    public static void check(String url, boolean allowRemote, String name) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + name + " URL '" + url + "'");
        }
        if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
            throw new IllegalArgumentException(name + " must be http://HOST:PORT or https://HOST[:PORT], was '" + url
                    + "'");
        }
        if (!allowRemote && !isLoopback(u.getHost())) {
            throw new IllegalArgumentException(name + " " + u.getHost() + " is not a loopback address;"
                    + " pass --allow-remote to load a remote server");
        }
    }

    /** Whether every address {@code host} resolves to is a loopback one (false when it does not resolve). */
    public static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
