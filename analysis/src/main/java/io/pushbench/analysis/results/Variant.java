package io.pushbench.analysis.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A variant: the name of one server-side asymmetry applied to every transport of a comparison alike (a
 * compression), {@link #PLAIN} when there is none; protocol and driver are a run's own fields, not variants. This is
 * only the name, validated to be safe in run ids and file names; which variants a comparison can run, and the server
 * flags each one needs, is its catalogue ({@code io.pushbench.loadgen.compare.Variants}). Results written by other
 * tools may carry names that catalogue does not know ("default", "deflate"); they are still read.
 *
 * <pre>{@code
 * Variant v = Variant.of("gzip");   // IllegalArgumentException for "", "a b", "../x"
 * v.name();                         // "gzip"
 * v.isPlain();                      // false
 * }</pre>
 *
 * @param name 1-40 characters of [A-Za-z0-9._-], starting with a letter or digit
 */
public record Variant(String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");   // before PLAIN

    /** No asymmetry: the configuration every comparison runs unless told otherwise. */
    public static final Variant PLAIN = new Variant("plain");

    public Variant {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("variant name must be 1-40 characters of [A-Za-z0-9._-], was \""
                    + name + "\"");
        }
    }

    /** The variant named {@code name}; IllegalArgumentException when the name is not valid. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Variant of(String name) {
        return PLAIN.name.equals(name) ? PLAIN : new Variant(name);
    }

    /** The name in flags, run ids and JSON. */
    @JsonValue
    @Override
    public String name() {
        return name;
    }

    /** Whether this is {@link #PLAIN}, the variant run ids and labels leave out. */
    public boolean isPlain() {
        return equals(PLAIN);
    }

    @Override
    public String toString() {
        return name;
    }
}
