package io.pushbench.cli.compare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variants a comparison can run: each is one named asymmetry applied to both transports alike (today only
 * {@code plain}: HTTP/1.1, Gatling driver, no compression). New variants (h2c, gzip, permessage-deflate, the Jetty
 * client driver) are added here once the server and load generator support them end to end; until then
 * {@code --variants} rejects them with the list of known names.
 *
 * <pre>{@code
 * Variant v = Variants.require("plain");   // IllegalArgumentException "unknown variant 'h2c' (known: plain)"
 * }</pre>
 */
public final class Variants {
    /** The baseline variant: HTTP/1.1 cleartext, Gatling driver, no compression. */
    public static final String PLAIN = "plain";

    /**
     * One variant.
     *
     * @param name        the name used in flags, profiles and run ids
     * @param description one line for {@code --help} and the results
     * @param protocol    "h1" or "h2c"
     * @param driver      "gatling" or "jetty"
     * @param serverFlags extra {@code pushbench server} flags
     */
    public record Variant(String name, String description, String protocol, String driver, List<String> serverFlags) {
        public Variant {
            serverFlags = List.copyOf(serverFlags);
        }
    }

    private static final Map<String, Variant> KNOWN = new LinkedHashMap<>();

    static {
        add(new Variant(PLAIN, "HTTP/1.1 cleartext, Gatling driver, no compression", "h1", "gatling", List.of()));
    }

    private Variants() {
    }

    private static void add(Variant v) {
        KNOWN.put(v.name(), v);
    }

    /** Names of the known variants, in a stable order. */
    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    /** The variant named {@code name}; IllegalArgumentException listing the known names when there is none. */
    public static Variant require(String name) {
        Variant v = KNOWN.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown variant '" + name + "' (known: " + String.join(", ", names())
                    + ")");
        }
        return v;
    }
}
