package io.pushbench.reports.gate;

import io.pushbench.reports.render.ReadableFiles;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes gate checks as a JUnit XML report (the surefire format CI systems display): one test case per check,
 * {@code <failure>} for FAIL, {@code <skipped>} for SKIP, the detail as {@code <system-out>} for PASS. Written with
 * the JDK's {@link XMLStreamWriter}, so every attribute and text is escaped by the XML library, not by hand.
 *
 * <pre>{@code
 * JUnitXml.write(Path.of("target/gate.xml"), checks);
 * }</pre>
 */
public final class JUnitXml {
    private JUnitXml() {
    }

    /** The XML document. */
    public static String of(List<GateCheck> checks) {
        long failures = checks.stream().filter(c -> c.status() == GateCheck.Status.FAIL).count();
        long skipped = checks.stream().filter(c -> c.status() == GateCheck.Status.SKIP).count();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "pushbench gate");
            x.writeAttribute("tests", String.valueOf(checks.size()));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("skipped", String.valueOf(skipped));
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "pushbench.gate");
            x.writeAttribute("tests", String.valueOf(checks.size()));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", String.valueOf(skipped));
            for (GateCheck c : checks) {
                x.writeCharacters("\n    ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "pushbench.gate." + xmlText(c.subject()));
                x.writeAttribute("name", xmlText(c.name()));
                switch (c.status()) {
                    case FAIL -> {
                        x.writeStartElement("failure");
                        x.writeAttribute("message", xmlText(c.detail()));
                        x.writeAttribute("type", "regression");
                        x.writeCharacters(xmlText(c.line()));
                        x.writeEndElement();
                    }
                    case SKIP -> {
                        x.writeEmptyElement("skipped");
                        x.writeAttribute("message", xmlText(c.detail()));
                    }
                    case PASS -> {
                        x.writeStartElement("system-out");
                        x.writeCharacters(xmlText(c.detail()));
                        x.writeEndElement();
                    }
                }
                x.writeEndElement();
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit XML: " + e.getMessage(), e);
        }
        return out.append('\n').toString();
    }

    /** Writes {@link #of(List)} to {@code file} atomically. */
    public static void write(Path file, List<GateCheck> checks) throws IOException {
        ReadableFiles.write(file, of(checks).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Drops the characters XML 1.0 cannot carry at all (control characters other than tab, newline and carriage
     * return, lone surrogates); the writer escapes everything else.
     */
    static String xmlText(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean allowed = ch == '\t' || ch == '\n' || ch == '\r' || (ch >= 0x20 && ch <= 0xD7FF)
                    || (ch >= 0xE000 && ch <= 0xFFFD);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(ch).append(s.charAt(++i));
            } else if (allowed) {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
