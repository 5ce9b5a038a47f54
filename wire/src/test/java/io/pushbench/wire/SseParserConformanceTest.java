package io.pushbench.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SseParser} against the WHATWG HTML specification, "Interpreting an event stream": the specification's own
 * examples first, then one rule at a time, then chunking (the same stream split anywhere gives the same result).
 */
class SseParserConformanceTest {

    sealed interface Item {
    }

    record Event(String lastEventId, String type, String data) implements Item {
    }

    record Retry(long millis) implements Item {
    }

    record Comment(String text) implements Item {
    }

    /** Records everything the parser reports, in order. */
    static final class Recorder implements SseParser.Listener {
        final List<Item> items = new ArrayList<>();

        @Override
        public void onEvent(String lastEventId, String event, String data) {
            items.add(new Event(lastEventId, event, data));
        }

        @Override
        public void onRetry(long millis) {
            items.add(new Retry(millis));
        }

        @Override
        public void onComment(String text) {
            items.add(new Comment(text));
        }

        List<Event> events() {
            return items.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static Recorder parse(byte[]... chunks) {
        Recorder r = new Recorder();
        SseParser p = new SseParser(r);
        for (byte[] c : chunks) {
            p.feed(c, 0, c.length);
        }
        return r;
    }

    private static List<Event> events(String stream) {
        return parse(utf8(stream)).events();
    }

    private static Event message(String lastEventId, String data) {
        return new Event(lastEventId, "message", data);
    }

    // ---- the specification's examples ----

    @Test
    void stockExampleJoinsDataLinesWithLineFeeds() {
        assertThat(events("data: YHOO\ndata: +2\ndata: 10\n\n")).containsExactly(message("", "YHOO\n+2\n10"));
    }

    @Test
    void introductionExamples() {
        assertThat(events("data: This is the first message.\n\ndata: This is the second message, it\n"
                + "data: has two lines.\n\ndata: This is the third message.\n\n"))
                .containsExactly(message("", "This is the first message."),
                        message("", "This is the second message, it\nhas two lines."),
                        message("", "This is the third message."));
        assertThat(events("event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n"))
                .containsExactly(new Event("", "add", "73857293"), new Event("", "remove", "2153"),
                        new Event("", "add", "113411"));
    }

    @Test
    void fourBlocksExampleSetsAndResetsTheIdAndDoesNotDispatchTheUnterminatedLastBlock() {
        String stream = ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n";
        Recorder r = new Recorder();
        SseParser p = new SseParser(r);
        p.feed(utf8(stream), 0, utf8(stream).length);
        assertThat(r.items).containsExactly(new Comment("test stream"), message("1", "first event"),
                message("", "second event"));
        assertThat(p.lastEventId()).isEmpty();

        // once the blank line arrives, the last block fires with its leading space (only one is stripped)
        p.feed(utf8("\n"), 0, 1);
        assertThat(r.events()).last().isEqualTo(message("", " third event"));
    }

    @Test
    void bareDataLinesExampleFiresTwoEventsAndDiscardsTheUnterminatedLast() {
        assertThat(events("data\n\ndata\ndata\n\ndata:")).containsExactly(message("", ""), message("", "\n"));
        assertThat(events("data\n\ndata\ndata\n\ndata:\n\n"))
                .containsExactly(message("", ""), message("", "\n"), message("", ""));
    }

    @Test
    void oneSpaceAfterTheColonIsOptional() {
        assertThat(events("data:test\n\ndata: test\n\n")).containsExactly(message("", "test"), message("", "test"));
    }

    // ---- end of stream ----

    @ParameterizedTest
    @ValueSource(strings = {"data: x", "data: x\n", "data: x\r\n", "event: e\ndata: x\nid: 4\n"})
    void anEventWithoutItsBlankLineIsNotDispatched(String stream) {
        Recorder r = new Recorder();
        SseParser p = new SseParser(r);
        p.feed(utf8(stream), 0, utf8(stream).length);
        assertThat(r.items).isEmpty();
        assertThat(p.lastEventId()).as("an id takes effect at dispatch").isEmpty();
    }

    // ---- data ----

    @Test
    void multiLineDataKeepsEmptyLinesExceptTheFinalLineFeed() {
        assertThat(events("data: a\ndata\ndata: b\n\n")).containsExactly(message("", "a\n\nb"));
        assertThat(events("data: a\ndata:\n\n")).containsExactly(message("", "a\n"));
        assertThat(events("data:\n\n")).containsExactly(message("", ""));
    }

    @Test
    void aBlankLineWithNoDataDispatchesNothingAndClearsTheEventType() {
        assertThat(events("\n\n\nevent: x\n\ndata: y\n\n")).containsExactly(message("", "y"));
        assertThat(events("event: x\nid: 1\n\n")).isEmpty();
    }

    @Test
    void valuesKeepEverythingAfterTheFirstColonAndOneSpace() {
        assertThat(events("data: a: b:c\n\n")).containsExactly(message("", "a: b:c"));
        assertThat(events("data:\t x \n\n")).containsExactly(message("", "\t x "));
        assertThat(events("data::\n\n")).containsExactly(message("", ":"));
    }

    // ---- event ----

    @Test
    void eventTypeAppliesToOneEventAndDefaultsToMessage() {
        assertThat(events("event: a\ndata: 1\n\nevent: b\ndata: 2\n\nevent: a\ndata: 3\n\ndata: 4\n\n"
                + "event\ndata: 5\n\nevent: x\nevent: y\ndata: 6\n\nevent: a\nevent:\ndata: 7\n\n"))
                .containsExactly(new Event("", "a", "1"), new Event("", "b", "2"), new Event("", "a", "3"),
                        message("", "4"), message("", "5"), new Event("", "y", "6"), message("", "7"));
    }

    // ---- id ----

    @Test
    void lastEventIdPersistsAcrossEventsUntilChangedOrResetByAnEmptyId() {
        assertThat(events("id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\nid:\ndata: d\n\ndata: e\n\n"
                + "id: 9\n\ndata: f\n\nid\ndata: g\n\n"))
                .containsExactly(message("7", "a"), message("7", "b"), message("8", "c"), message("", "d"),
                        message("", "e"), message("9", "f"), message("", "g"));
    }

    @Test
    void idTakesEffectAtTheBlankLineEvenWithoutData() {
        Recorder r = new Recorder();
        SseParser p = new SseParser(r);
        p.feed(utf8("id: 3\n"), 0, 6);
        assertThat(p.lastEventId()).isEmpty();
        p.feed(utf8("\n"), 0, 1);
        assertThat(p.lastEventId()).isEqualTo("3");
        assertThat(r.items).isEmpty();
    }

    @Test
    void idContainingNullIsIgnored() {
        assertThat(events("id: 1\ndata: a\n\nid: 2\u0000x\ndata: b\n\nid: \u0000\ndata: c\n\nid: 3\ndata: d\n\n"))
                .containsExactly(message("1", "a"), message("1", "b"), message("1", "c"), message("3", "d"));
    }

    @Test
    void theLastIdFieldOfAnEventWins() {
        assertThat(events("id: 1\nid: 2\ndata: a\nid: 3\n\n")).containsExactly(message("3", "a"));
        assertThat(events("id: é€\ndata: a\n\n")).containsExactly(message("é€", "a"));
    }

    // ---- retry ----

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "ignored", value = {
            "retry: 1000           | 1000",
            "retry:1000            | 1000",
            "retry: 0              | 0",
            "retry: 007            | 7",
            "retry: 9223372036854775807 | 9223372036854775807",
            "retry: 99999999999999999999999 | 9223372036854775807",
            "retry: 10a            | ignored",
            "retry: -1             | ignored",
            "retry: +1             | ignored",
            "retry: 1.5            | ignored",
            "retry: 1e3            | ignored",
            "\"retry: 1 \"         | ignored",
            "\"retry:  5\"         | ignored",
            "retry: ١٢             | ignored",
            "retry:                | ignored",
            "retry                 | ignored",
            "Retry: 5              | ignored",
    })
    void retryIsReportedOnlyForAsciiDigits(String line, Long millis) {
        Recorder r = parse(utf8(line + "\n\n"));
        assertThat(r.items).isEqualTo(millis == null ? List.of() : List.of(new Retry(millis)));
    }

    // ---- field names ----

    @ParameterizedTest
    @ValueSource(strings = {"Data: x", "DATA: x", "data : x", " data: x", "dat: x", "datas: x", "foo: x", "x",
            "\u0000: x"})
    void otherFieldsAreIgnoredAndNamesAreCaseSensitive(String line) {
        assertThat(events(line + "\n\n")).isEmpty();
        assertThat(events(line + "\ndata: y\n\n")).containsExactly(message("", "y"));
    }

    @Test
    void aLineWithoutColonIsAFieldNameWithAnEmptyValue() {
        assertThat(events("data\n\n")).containsExactly(message("", ""));
        assertThat(events("id: 1\ndata: a\n\nid\ndata\n\n")).containsExactly(message("1", "a"), message("", ""));
        assertThat(events("event\ndata\n\n")).containsExactly(message("", ""));
    }

    // ---- comments ----

    @Test
    void commentsAreReportedWithoutTheColonAndOneSpaceAndOtherwiseIgnored() {
        Recorder r = parse(utf8(": hb\n:\n:  two\n::x\ndata: a\n: inside\ndata: b\n\n"));
        assertThat(r.items).containsExactly(new Comment("hb"), new Comment(""), new Comment(" two"),
                new Comment(":x"), new Comment("inside"), message("", "a\nb"));
    }

    @Test
    void aListenerWithoutOnCommentStillParsesAroundComments() {
        List<String> got = new ArrayList<>();
        SseParser p = new SseParser((id, event, data) -> got.add(data));
        byte[] s = utf8(": hb\ndata: a\n: x\n\n");
        p.feed(s, 0, s.length);
        assertThat(got).containsExactly("a");
    }

    // ---- BOM ----

    @Test
    void oneLeadingBomIsDropped() {
        assertThat(events("\uFEFFdata: x\n\n")).containsExactly(message("", "x"));
        assertThat(events("\uFEFF\n\ndata: x\n\n")).containsExactly(message("", "x"));
        assertThat(events("\uFEFF: c\ndata: x\n\n")).containsExactly(message("", "x"));
    }

    @Test
    void aBomIsDroppedOnlyOnceAndOnlyAtTheStart() {
        // the second BOM makes the first field name "\uFEFFdata", which is ignored
        assertThat(events("\uFEFF\uFEFFdata: x\n\n")).isEmpty();
        assertThat(events("data: a\n\n\uFEFFdata: b\n\n")).containsExactly(message("", "a"));
        assertThat(events("\n\uFEFFdata: b\n\n")).isEmpty();
        assertThat(events("data: \uFEFFb\n\n")).containsExactly(message("", "\uFEFFb"));
    }

    @Test
    void aBomSplitAcrossChunksIsStillDropped() {
        byte[] s = utf8("\uFEFFdata: x\n\n");
        for (int split = 0; split <= 3; split++) {
            assertThat(parse(java.util.Arrays.copyOfRange(s, 0, split),
                    java.util.Arrays.copyOfRange(s, split, s.length)).events())
                    .as("split at %d", split).containsExactly(message("", "x"));
        }
        assertThat(parse(hex("EF"), hex("BB"), hex("BF"), utf8("data: x\n\n")).events())
                .containsExactly(message("", "x"));
    }

    @Test
    void aTruncatedBomIsMalformedInput() {
        assertThat(parse(hex("EFBB"), utf8("data: x\n\n")).events()).isEmpty(); // field name is "\uFFFDdata"
        assertThat(parse(utf8("data: "), hex("EFBB"), utf8("\n\n")).events()).containsExactly(message("", "\uFFFD"));
    }

    // ---- line ends ----

    @ParameterizedTest(name = "[{index}] line end {0}")
    @ValueSource(strings = {"LF", "CR", "CRLF"})
    void everyLineEndWorksAlone(String name) {
        String eol = switch (name) {
            case "LF" -> "\n";
            case "CR" -> "\r";
            default -> "\r\n";
        };
        String stream = String.join(eol, ": c", "id: 1", "event: e", "data: a", "data: b", "", "data: c", "", "");
        assertThat(parse(utf8(stream)).items).containsExactly(new Comment("c"), new Event("1", "e", "a\nb"),
                message("1", "c"));
    }

    @Test
    void mixedLineEnds() {
        assertThat(events("data: a\rdata: b\r\ndata: c\n\r\ndata: d\r\rdata: e\n\n"))
                .containsExactly(message("", "a\nb\nc"), message("", "d"), message("", "e"));
        // LF CR is two line ends, not one
        assertThat(events("data: a\n\rdata: b\n\n")).containsExactly(message("", "a"), message("", "b"));
    }

    @Test
    void crAtTheEndOfAChunkAndLfAtTheStartOfTheNextAreOneLineEnd() {
        // were they two, the LF would be a blank line and "a" would be dispatched alone
        assertThat(parse(utf8("data: a\r"), utf8("\ndata: b\r"), utf8("\n\r"), utf8("\n")).events())
                .containsExactly(message("", "a\nb"));
        assertThat(parse(utf8("data: a\r"), new byte[0], utf8("\ndata: b\r\n\r\n")).events())
                .containsExactly(message("", "a\nb"));
        // a CR followed by anything else in the next chunk ended the line by itself
        assertThat(parse(utf8("data: a\r"), utf8("\r")).events()).containsExactly(message("", "a"));
        assertThat(parse(utf8("data: a\r"), utf8("data: b\r"), utf8("\r")).events())
                .containsExactly(message("", "a\nb"));
    }

    // ---- UTF-8 ----

    @Test
    void multiByteCharactersSplitAcrossChunksDecodeWhole() {
        String text = "Привет € 😀 ü";
        byte[] s = utf8("event: é\nid: ß\ndata: " + text + "\n: ∞\n\n");
        List<Item> expected = List.of(new Comment("∞"), new Event("ß", "é", text));
        for (int split = 0; split <= s.length; split++) {
            assertThat(parse(java.util.Arrays.copyOfRange(s, 0, split),
                    java.util.Arrays.copyOfRange(s, split, s.length)).items)
                    .as("split at %d", split).isEqualTo(expected);
        }
        Recorder r = new Recorder();
        SseParser p = new SseParser(r);
        for (byte b : s) {
            p.feed(ByteBuffer.wrap(new byte[]{b}));
        }
        assertThat(r.items).isEqualTo(expected);
    }

    /** Expected values follow the Encoding standard's UTF-8 decoder step by step. */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "E282AC       | 20AC",            // valid €
            "E282         | FFFD",            // truncated by the line end: one replacement for the sequence
            "E28241       | FFFD 0041",       // the A is not swallowed
            "F09F98       | FFFD",
            "C0AF         | FFFD FFFD",       // overlong: C0 is never valid, AF is a lone continuation
            "E080AF       | FFFD FFFD FFFD",  // overlong 3-byte: E0 needs A0..BF next
            "EDA080       | FFFD FFFD FFFD",  // an encoded surrogate (the JDK alone gives one FFFD here)
            "EDBFBF       | FFFD FFFD FFFD",
            "ED9FBF       | D7FF",            // the last code point before the surrogates
            "F4908080     | FFFD FFFD FFFD FFFD", // above U+10FFFF
            "F48FBFBF     | DBFF DFFF",       // U+10FFFF
            "FF           | FFFD",
            "80           | FFFD",
            "EFBFBD       | FFFD",            // a real U+FFFD in the stream
            "61EDA0806261 | 0061 FFFD FFFD FFFD 0062 0061",
    })
    void malformedUtf8IsReplacedAsTheEncodingStandardSays(String bytes, String codeUnits) {
        StringBuilder expected = new StringBuilder();
        for (String u : codeUnits.trim().split(" +")) {
            expected.append((char) Integer.parseInt(u, 16));
        }
        assertThat(parse(utf8("data: "), hex(bytes.trim()), utf8("\n\n")).events())
                .containsExactly(message("", expected.toString()));
        assertThat(parse(utf8("id: "), hex(bytes.trim()), utf8("\nevent: "), hex(bytes.trim()), utf8("\ndata\n\n"))
                .events()).containsExactly(new Event(expected.toString(), expected.toString(), ""));
    }

    @Test
    void aSequenceCutByALineEndIsTwoErrorsNotOneCharacter() {
        // decoding happens before line splitting, so E2 82 / AC on two lines is never €
        assertThat(parse(utf8("data: "), hex("E282"), utf8("\ndata: "), hex("AC"), utf8("\n\n")).events())
                .containsExactly(message("", "\uFFFD\n\uFFFD"));
        assertThat(parse(utf8("data: "), hex("E282"), utf8("\r"), hex("AC"), utf8("\n\n")).events())
                .as("AC alone is an ignored field name").containsExactly(message("", "\uFFFD"));
    }

    // ---- chunking ----

    @Test
    void everySplitOfASampleStreamIntoTwoChunksGivesTheSameResult() {
        byte[] stream = concat(hex("EFBBBF"), utf8(": hello\r\nretry: 2500\r\nid: 1\nevent: tick\ndata: a\r"
                + "data: Привет 😀\n\n"), hex("FF"), utf8("\n\rdata\r\n\r\nid: \u0000\nid: 2\ndata:x\r\r"
                + "data: trailing, never dispatched\n"));
        List<Item> expected = List.of(new Comment("hello"), new Retry(2500), new Event("1", "tick", "a\nПривет 😀"),
                message("1", ""), message("2", "x"));
        assertThat(parse(stream).items).isEqualTo(expected);
        for (int split = 0; split <= stream.length; split++) {
            byte[] a = java.util.Arrays.copyOfRange(stream, 0, split);
            byte[] b = java.util.Arrays.copyOfRange(stream, split, stream.length);
            assertThat(parse(a, b).items).as("split at %d", split).isEqualTo(expected);
        }
        byte[][] bytes = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            bytes[i] = new byte[]{stream[i]};
        }
        assertThat(parse(bytes).items).as("one byte at a time").isEqualTo(expected);
    }

    @Test
    void byteBuffersWithoutAnAccessibleArrayAreConsumedWhole() {
        byte[] s = utf8("id: 5\ndata: direct ü\n\n");
        for (ByteBuffer b : List.of(ByteBuffer.allocateDirect(s.length).put(s).flip(),
                ByteBuffer.wrap(s).asReadOnlyBuffer(), ByteBuffer.wrap(concat(utf8("xx"), s)).position(2))) {
            Recorder r = new Recorder();
            SseParser p = new SseParser(r);
            p.feed(b);
            assertThat(b.hasRemaining()).isFalse();
            assertThat(r.items).containsExactly(message("5", "direct ü"));
            assertThat(p.bytes()).isEqualTo(s.length);
        }
    }

    @Test
    void aLongLineCutManyTimesIsReassembled() {
        String big = "x".repeat(5000) + "é".repeat(3000);
        byte[] s = utf8("data: " + big + "\ndata: " + big + "\n\n");
        byte[][] chunks = new byte[(s.length + 999) / 1000][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = java.util.Arrays.copyOfRange(s, i * 1000, Math.min(s.length, (i + 1) * 1000));
        }
        assertThat(parse(chunks).events()).containsExactly(message("", big + "\n" + big));
    }

    @Test
    void theDecoderMatchesTheJdkOnValidInput() {
        String all = "a\u007F\u0080\u07FF\u0800\uD7FF\uE000\uFFFD\uFFFF\uD800\uDC00\uDBFF\uDFFF";
        byte[] b = utf8(all);
        assertThat(SseParser.decodeByTheStandard(b, 0, b.length)).isEqualTo(all);
        assertThat(SseParser.decode(b, 0, b.length)).isEqualTo(all);
    }
}
