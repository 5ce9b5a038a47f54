package io.pushbench.cli;

import io.pushbench.analysis.results.Driver;
import io.pushbench.loadgen.core.Durations;
import io.pushbench.server.log.FsyncPolicy;
import io.pushbench.wire.Protocol;
import picocli.CommandLine;

import java.time.Duration;
import java.util.function.Function;

/**
 * picocli converters onto the project's one parser of each type, so that a bad flag value is the parser's one-line
 * message: {@code --protocol h3} gives {@code unknown protocol "h3" (known: h1, h2c)}.
 *
 * <pre>{@code
 * @Option(names = "--ramp", converter = Converters.DurationConverter.class) Duration ramp;
 * }</pre>
 */
final class Converters {
    private Converters() {
    }

    /** A converter that calls {@code parse} and turns its IllegalArgumentException into picocli's error. */
    abstract static class Parsing<T> implements CommandLine.ITypeConverter<T> {
        private final Function<String, T> parse;

        Parsing(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@link Durations#parse}: 500ms, 30s, 1.5s, 2m, ISO-8601. */
    static final class DurationConverter extends Parsing<Duration> {
        DurationConverter() {
            super(Durations::parse);
        }
    }

    /** {@link Driver#parse}. */
    static final class DriverConverter extends Parsing<Driver> {
        DriverConverter() {
            super(Driver::parse);
        }
    }

    /** {@link FsyncPolicy#parse}: never, always, interval. */
    static final class FsyncConverter extends Parsing<FsyncPolicy> {
        FsyncConverter() {
            super(FsyncPolicy::parse);
        }
    }

    /** {@link Protocol#parse} ("h2" is h2c). */
    static final class ProtocolConverter extends Parsing<Protocol> {
        ProtocolConverter() {
            super(Protocol::parse);
        }
    }
}
