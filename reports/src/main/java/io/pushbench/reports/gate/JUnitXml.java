package io.pushbench.reports.gate;

import io.pushbench.reports.render.ReadableFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes gate checks as a JUnit XML report (the surefire format CI systems display): one test case per check,
 * {@code <failure>} for FAIL, {@code <skipped>} for SKIP.
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
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites name=\"pushbench gate\" tests=\"").append(checks.size()).append("\" failures=\"")
                .append(failures).append("\" skipped=\"").append(skipped).append("\">\n");
        sb.append("  <testsuite name=\"pushbench.gate\" tests=\"").append(checks.size()).append("\" failures=\"")
                .append(failures).append("\" errors=\"0\" skipped=\"").append(skipped).append("\">\n");
        for (GateCheck c : checks) {
            sb.append("    <testcase classname=\"pushbench.gate.").append(esc(c.subject())).append("\" name=\"")
                    .append(esc(c.name())).append("\">");
            switch (c.status()) {
                case FAIL -> sb.append("<failure message=\"").append(esc(c.detail())).append("\" type=\"regression\">")
                        .append(esc(c.line())).append("</failure>");
                case SKIP -> sb.append("<skipped message=\"").append(esc(c.detail())).append("\"/>");
                case PASS -> sb.append("<system-out>").append(esc(c.detail())).append("</system-out>");
            }
            sb.append("</testcase>\n");
        }
        return sb.append("  </testsuite>\n</testsuites>\n").toString();
    }

    /** Writes {@link #of(List)} to {@code file} atomically. */
    public static void write(Path file, List<GateCheck> checks) throws IOException {
        ReadableFiles.write(file, of(checks).getBytes(StandardCharsets.UTF_8));
    }

    private static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (ch >= 0x20 || ch == '\n' || ch == '\t') {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
