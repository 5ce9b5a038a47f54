package io.pushbench.analysis.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.pushbench.wire.Protocol;
import io.pushbench.wire.Transport;

import java.io.IOException;
import java.util.function.Function;

/**
 * The Jackson module that writes the wire module's {@link Transport} and {@link Protocol} as their keys ("sse",
 * "h1") and reads them back with their own {@code parse}. The wire module has no Jackson on purpose, so its types
 * cannot carry annotations; the results model's own types ({@link Driver}, {@link Variant}) are annotated directly.
 * An unknown key fails the read with one line naming the known ones.
 *
 * <pre>{@code
 * ObjectMapper m = JsonMapper.builder().addModule(KeyedTypes.module()).build();
 * m.writeValueAsString(Transport.WS);             // "\"ws\""
 * m.readValue("\"h2c\"", Protocol.class);         // H2C
 * }</pre>
 */
final class KeyedTypes {
    private KeyedTypes() {
    }

    /** Serializers and deserializers for Transport and Protocol. */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("pushbench-wire-types");
        add(m, Transport.class, Transport::key, Transport::parse);
        add(m, Protocol.class, Protocol::key, Protocol::parse);
        return m;
    }

    private static <T> void add(SimpleModule m, Class<T> type, Function<T, String> key, Function<String, T> parse) {
        m.addSerializer(type, new StdScalarSerializer<T>(type) {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(key.apply(value));
            }
        });
        m.addDeserializer(type, new StdScalarDeserializer<T>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return type.cast(ctxt.handleUnexpectedToken(type, p));
                }
                String text = p.getText();
                try {
                    return parse.apply(text);
                } catch (IllegalArgumentException e) {
                    return type.cast(ctxt.handleWeirdStringValue(type, text, "%s", e.getMessage()));
                }
            }
        });
    }
}
