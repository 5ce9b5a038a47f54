package io.pushbench.loadgen.compare;

import io.pushbench.analysis.results.Variant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of variants a comparison can run: each is one named server-side asymmetry applied to every transport
 * alike (today only {@link Variant#PLAIN}: no compression), with the server flags that make it. The protocol and the
 * driver are not variants: they are the profile's own axes ({@link CompareProfile#protocols()},
 * {@link CompareProfile#drivers()}). The name itself is the results model's {@link Variant}; this catalogue says only
 * how a comparison runs it. New variants (gzip, permessage-deflate) are added here once the server supports them end
 * to end; until then {@code --variants} rejects them with the list of known names.
 *
 * <pre>{@code
 * Variants.Definition d = Variants.require("plain");   // IllegalArgumentException "unknown variant 'gzip' (known: plain)"
 * d.serverFlags();                                     // []
 * }</pre>
 */
public final class Variants {
    /**
     * How one variant is run.
     *
     * @param variant     its name, used in flags, profiles, run ids and results
     * @param description one line for {@code --help} and the results
     * @param serverFlags extra {@code pushbench server} flags
     */
    public record Definition(Variant variant, String description, List<String> serverFlags) {
        public Definition {
            serverFlags = List.copyOf(serverFlags);
        }
    }

    private static final Map<Variant, Definition> KNOWN = new LinkedHashMap<>();

    static {
        add(new Definition(Variant.PLAIN, "no server-side asymmetry: no compression, one message per write, the "
                + "publisher thread writes", List.of()));
        // Coalescing needs a writer apart from the publisher: when the publisher writes, it offers the next message
        // only once the last one is written, so no queue ever holds two messages to gather. One writer thread lets
        // the backlog form in the queues under load, where each write gathers it; writers1 is the same without
        // gathering, to tell the two effects apart.
        add(new Definition(Variant.of("coalesce"), "write coalescing on both transports: one writer thread, up to 64 "
                + "queued messages per socket write (SSE: events then one flush; WebSocket: frames gathered into one "
                + "write)", List.of("--writers", "1", "--write-batch", "64")));
        add(new Definition(Variant.of("writers1"), "one dedicated writer thread on both transports instead of the "
                + "publisher thread, one message per write", List.of("--writers", "1")));
        add(new Definition(Variant.of("writers2"), "two dedicated writer threads on both transports instead of the "
                + "publisher thread, one message per write", List.of("--writers", "2")));
        add(new Definition(Variant.of("pool-writers"), "writes on Jetty's shared pool on both transports (a "
                + "hand-off per woken chunk of subscribers) instead of the publisher thread", List.of("--writers", "pool")));
    }

    private Variants() {
    }

    private static void add(Definition d) {
        KNOWN.put(d.variant(), d);
    }

    /** The known variants, in a stable order. */
    public static List<Variant> known() {
        return List.copyOf(KNOWN.keySet());
    }

    /** Names of the known variants, in a stable order. */
    public static List<String> names() {
        return KNOWN.keySet().stream().map(Variant::name).toList();
    }

    /** How {@code variant} is run; IllegalArgumentException listing the known names when it is not in the catalogue. */
    public static Definition require(Variant variant) {
        Definition d = KNOWN.get(variant);
        if (d == null) {
            throw unknown(variant.name());
        }
        return d;
    }

    /**
     * The known variant named {@code name} (a flag or profile value); IllegalArgumentException listing the known
     * names when there is none.
     */
    public static Definition require(String name) {
        for (Definition d : KNOWN.values()) {
            if (d.variant().name().equals(name)) {
                return d;
            }
        }
        throw unknown(name);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown variant '" + name + "' (known: " + String.join(", ", names())
                + ")");
    }
}
