package io.pushbench.analysis.llm;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.pushbench.analysis.results.ResultsIO;
import io.pushbench.wire.llm.LlmContract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes LLM results files as {@link ResultsIO} does results.json: atomic writes, schema check, unknown
 * fields ignored, one-line errors. The mapper is {@link ResultsIO#mapper()} (Transport and Protocol as "sse", "h1")
 * plus {@link LlmContract.Api} as its key ("chat", "responses").
 *
 * <pre>{@code
 * LlmResultsIO.write(dir.resolve(LlmResults.FILE_NAME), results);
 * LlmResults r = LlmResultsIO.read(dir.resolve(LlmResults.FILE_NAME));   // IOException, one line, on bad input
 * }</pre>
 */
public final class LlmResultsIO {
    private static final ObjectMapper MAPPER = ResultsIO.mapper().copy().registerModule(apiModule());

    private LlmResultsIO() {
    }

    /** The mapper: {@link ResultsIO#mapper()}'s settings and types, and the API as its key. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes {@code results} to {@code file} atomically, creating parent directories. */
    public static void write(Path file, LlmResults results) throws IOException {
        ResultsIO.writeAtomically(file, MAPPER.writeValueAsBytes(results));
    }

    /** Whether {@code dir} holds an LLM results file. */
    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(LlmResults.FILE_NAME));
    }

    /**
     * Reads an LLM results file.
     *
     * @throws IOException with a one-line message when the file is missing, not JSON, or not schema v1
     */
    public static LlmResults read(Path file) throws IOException {
        return ResultsIO.readChecked(file, MAPPER, LlmResults.class, "LLM results file", LlmResults.SCHEMA);
    }

    /** The API written as its key and read back with {@link LlmContract.Api#parse} (wire has no Jackson). */
    private static SimpleModule apiModule() {
        SimpleModule m = new SimpleModule("pushbench-llm-types");
        m.addSerializer(LlmContract.Api.class, new StdScalarSerializer<>(LlmContract.Api.class) {
            @Override
            public void serialize(LlmContract.Api value, JsonGenerator gen, SerializerProvider provider)
                    throws IOException {
                gen.writeString(value.key());
            }
        });
        m.addDeserializer(LlmContract.Api.class, new StdScalarDeserializer<>(LlmContract.Api.class) {
            @Override
            public LlmContract.Api deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return LlmContract.Api.parse(text);
                } catch (IllegalArgumentException e) {
                    return (LlmContract.Api) ctxt.handleWeirdStringValue(LlmContract.Api.class, text, "%s",
                            e.getMessage());
                }
            }
        });
        return m;
    }
}
