package io.pushbench.loadgen.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads comparison profiles: the built-in {@code quick}, {@code standard} and {@code ci} (YAML resources under
 * {@code /profiles}) and users' own YAML or JSON files, which are layered over a built-in profile so they need only
 * the keys they change. Keys are the flag names without their dashes ({@code connections}, {@code server-jvm-args});
 * an unknown key or a bad value is a one-line {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * CompareProfile.Builder b = ProfileLoader.builtIn("standard");
 * ProfileLoader.applyFile(b, Path.of("my-profile.yaml"));   // e.g. "connections: 8000\nrepeats: 5\n"
 * CompareProfile p = b.build();
 * }</pre>
 */
public final class ProfileLoader {
    /** The profiles shipped with pushbench. */
    public static final List<String> BUILT_IN = List.of("quick", "standard", "ci");
    /** Every key a profile may set. */
    public static final List<String> KEYS = List.of("name", "repeats", "transports", "protocols", "drivers",
            "variants", "scenarios", "connections", "rate", "payload", "ramp", "warmup", "duration", "pin", "server-cpus",
            "loadgen-cpus", "server-jvm-args", "loadgen-jvm-args", "streams-per-connection", "calibrate");

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ProfileLoader() {
    }

    /** A builder holding the built-in profile {@code name}. */
    public static CompareProfile.Builder builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("unknown profile '" + name + "' (built in: " + String.join(", ", BUILT_IN)
                    + "; use --profile-file for your own)");
        }
        String resource = "/profiles/" + name + ".yaml";
        try (InputStream in = ProfileLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in profile resource " + resource + " is missing from the jar");
            }
            CompareProfile.Builder b = CompareProfile.builder().name(name);
            apply(b, YAML.readTree(in), "built-in profile " + name);
            return b;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in profile " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies a user's profile file (YAML, or JSON when the name ends in {@code .json}) on top of {@code b}. Its
     * {@code name} defaults to the file name without extension.
     */
    public static void applyFile(CompareProfile.Builder b, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("profile file " + file + " does not exist");
        }
        String fileName = file.getFileName().toString();
        boolean json = fileName.toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("profile file " + file + " is not valid " + (json ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read profile file " + file + ": " + e.getMessage());
        }
        int dot = fileName.lastIndexOf('.');
        b.name(dot > 0 ? fileName.substring(0, dot) : fileName);
        apply(b, root, "profile file " + file);
    }

    /** Applies every key of {@code root} to {@code b}; {@code source} names the origin in error messages. */
    static void apply(CompareProfile.Builder b, JsonNode root, String source) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return; // an empty file changes nothing
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(source + " must be a mapping of keys to values");
        }
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            String where = key + " in " + source;
            switch (key) {
                case "name" -> b.name(text(where, v));
                case "repeats" -> b.repeats(integer(where, v));
                case "transports" -> b.transports(list(where, v));
                case "protocols" -> b.protocols(list(where, v));
                case "drivers" -> b.drivers(list(where, v));
                case "variants" -> b.variants(list(where, v));
                case "scenarios" -> b.scenarios(list(where, v));
                case "connections" -> b.connections(integer(where, v));
                case "rate" -> b.rate(number(where, v));
                case "payload" -> b.payload(integer(where, v));
                case "ramp" -> b.ramp(DurationText.parse(where, text(where, v)));
                case "warmup" -> b.warmup(DurationText.parse(where, text(where, v)));
                case "duration" -> b.duration(DurationText.parse(where, text(where, v)));
                case "pin" -> b.pin(pinMode(where, v));
                case "server-cpus" -> b.serverCpus(v.isNull() ? null : text(where, v));
                case "loadgen-cpus" -> b.loadgenCpus(v.isNull() ? null : text(where, v));
                case "server-jvm-args" -> b.serverJvmArgs(list(where, v));
                case "loadgen-jvm-args" -> b.loadgenJvmArgs(list(where, v));
                case "streams-per-connection" -> b.streamsPerConnection(integer(where, v));
                case "calibrate" -> b.calibrate(bool(where, v));
                default -> throw new IllegalArgumentException("unknown key '" + key + "' in " + source + " (known: "
                        + String.join(", ", KEYS) + ")");
            }
        }
    }

    private static PinMode pinMode(String where, JsonNode v) {
        // YAML 1.1 readers turn a bare on/off into a boolean; accept both spellings.
        if (v.isBoolean()) {
            return v.booleanValue() ? PinMode.ON : PinMode.OFF;
        }
        try {
            return PinMode.parse(text(where, v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " must be one of auto, on, off, was '" + v.asText() + "'");
        }
    }

    private static boolean bool(String where, JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String t = v.isTextual() ? v.asText().trim().toLowerCase(Locale.ROOT) : "";
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        throw new IllegalArgumentException(where + " must be true or false, was " + describe(v));
    }

    private static String text(String where, JsonNode v) {
        if (v.isTextual() || v.isNumber()) {
            return v.asText();
        }
        throw new IllegalArgumentException(where + " must be a single value, was " + describe(v));
    }

    private static int integer(String where, JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().trim().replace("_", ""));
            } catch (NumberFormatException ignored) {
                // one-line error below
            }
        }
        throw new IllegalArgumentException(where + " must be a whole number, was " + describe(v));
    }

    private static double number(String where, JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException ignored) {
                // one-line error below
            }
        }
        throw new IllegalArgumentException(where + " must be a number, was " + describe(v));
    }

    private static List<String> list(String where, JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (!(item.isTextual() || item.isNumber())) {
                    throw new IllegalArgumentException(where + " must list plain values, found " + describe(item));
                }
                out.add(item.asText());
            }
            return out;
        }
        if (v.isTextual()) {
            // "sse,ws" is accepted as a shorthand for a list, like the flags.
            for (String s : v.asText().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
        throw new IllegalArgumentException(where + " must be a list, was " + describe(v));
    }

    private static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isNull()) {
            return "empty";
        }
        return "'" + v.asText() + "'";
    }
}
