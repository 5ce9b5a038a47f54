package io.pushbench.analysis.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Reads and writes results files. Writes are atomic (a temporary file in the same directory, then a rename), so a
 * reader never sees half a file, even when the writer is killed. Reads check the schema and ignore unknown fields
 * (v1 only grows).
 *
 * <pre>{@code
 * ResultsIO.write(dir.resolve("results.json"), results);
 * Results r = ResultsIO.read(dir.resolve("results.json"));   // IOException with a one-line message on bad input
 * }</pre>
 */
public final class ResultsIO {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(KeyedTypes.module())
            .build();

    private ResultsIO() {
    }

    /**
     * The shared mapper (pretty-printing, lenient on unknown fields); it writes {@link io.pushbench.wire.Transport},
     * {@link io.pushbench.wire.Protocol}, {@link Driver} and {@link Variant} as their keys ("sse", "h1", "gatling",
     * "plain") and reads them back, an unknown key failing with one line.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes {@code results} to {@code file} atomically, creating parent directories. */
    public static void write(Path file, Results results) throws IOException {
        writeJson(file, results);
    }

    /** Writes any JSON-serialisable value atomically (used for the driver's partial files too). */
    public static void writeJson(Path file, Object value) throws IOException {
        writeAtomically(file, MAPPER.writeValueAsBytes(value));
    }

    /** Writes bytes to {@code file} atomically, creating parent directories. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            readableByAll(tmp); // createTempFile makes 0600 files; results are meant to be shared and published
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void readableByAll(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform default applies
        }
    }

    /** Serialises to a JSON string (pretty). */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a results file.
     *
     * @throws IOException with a one-line message when the file is missing, not JSON, or not schema v2 or v1
     */
    public static Results read(Path file) throws IOException {
        return readChecked(file, MAPPER, Results.class, "results file", Results.SCHEMA, Results.SCHEMA_V1);
    }

    /**
     * Reads a schema-checked JSON file as {@code type} with {@code mapper}, the steps every results reader takes, each
     * failure an IOException with one line: "no WHAT at FILE", "FILE is not JSON: ...", "FILE is not a JSON object",
     * "FILE has schema S, expected CURRENT (or OLDER)", "FILE does not match CURRENT: ...",
     * "FILE is inconsistent: ...".
     *
     * <pre>{@code
     * LlmResults r = ResultsIO.readChecked(file, mapper, LlmResults.class, "LLM results file", LlmResults.SCHEMA);
     * }</pre>
     *
     * @param what     what the file is, for the missing-file message ("results file")
     * @param readable the schemas it reads, the current one first
     */
    public static <T> T readChecked(Path file, ObjectMapper mapper, Class<T> type, String what, String... readable)
            throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("no " + what + " at " + file);
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a JSON object");
        }
        String schema = root.path("schema").asText(null);
        if (!Arrays.asList(readable).contains(schema)) {
            throw new IOException(file + " has schema " + schema + ", expected " + readable[0]
                    + (readable.length > 1 ? " (or " + String.join(", ", Arrays.asList(readable)
                    .subList(1, readable.length)) + ")" : ""));
        }
        try {
            return mapper.treeToValue(root, type);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " does not match " + readable[0] + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("bad value"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is inconsistent: " + e.getMessage());
        }
    }

    /** Reads a single-run file ({@code <runId>.json}): its only run. */
    public static RunResult readRun(Path file) throws IOException {
        Results r = read(file);
        if (r.runs().size() != 1) {
            throw new IOException(file + " holds " + r.runs().size() + " runs, expected 1");
        }
        return r.runs().get(0);
    }

    /** Reads a text file as UTF-8 (helper for tests and tools). */
    static String readString(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
