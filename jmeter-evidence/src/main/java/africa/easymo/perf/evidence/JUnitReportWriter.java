package africa.easymo.perf.evidence;

import africa.easymo.perf.evidence.rules.AbortRule;
import africa.easymo.perf.evidence.rules.SloRules;
import africa.easymo.perf.evidence.rules.Threshold;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.run.RunVerdict;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run as a JUnit XML report ({@code <plan>-junit.xml}, Surefire's schema), for CI servers: one test suite named
 * after the plan, one test case per threshold, per abort rule, per reconciliation check and, for a refused run, per
 * start check that refused it, plus one for the run's verdict. A failing case carries the console's line as its
 * message. The properties say what was run against what (profile, target URLs, start, host, verdict), redacted: never a
 * secret.
 *
 * <p>
 * Point-in-time checks (thresholds judged at the end, reconciliations, rules) take no time of their own; the verdict
 * case and the suite take the run's duration.
 */
public final class JUnitReportWriter {

    /** Test case name prefixes, stable across runs so CI servers can trend them. */
    static final String THRESHOLD = "threshold: ";
    static final String ABORT_RULE = "abort rule: ";
    static final String START_CHECK = "start check: ";
    static final String VERDICT = "run verdict";
    private static final int MAX_NAME = 160;

    private JUnitReportWriter() {
    }

    /** One test case as written. */
    record Case(String name, double seconds, String failureType, String message, String skipped) {
        boolean failed() {
            return failureType != null;
        }
    }

    /**
     * The cases of the run, in report order.
     *
     * @param rules
     *            the plan's thresholds and abort rules (a refused run judged none: they are reported skipped)
     */
    static List<Case> cases(RunReport r, SloRules rules) {
        List<Case> out = new ArrayList<>();
        boolean refused = r.verdict() == RunVerdict.REFUSED;
        if (refused || r.thresholds().isEmpty()) {
            for (Threshold t : rules.thresholds()) {
                out.add(new Case(THRESHOLD + t.describe(), 0, null, null,
                        refused ? "not judged: the run was refused" : "not judged"));
            }
        } else {
            for (ThresholdVerdict v : r.thresholds()) {
                out.add(new Case(THRESHOLD + v.threshold().describe(), 0, v.passed() ? null : "threshold",
                        v.passed() ? null : v.line().trim(), null));
            }
        }
        boolean ruleFired = false;
        for (AbortRule rule : rules.abortRules()) {
            boolean fired = !ruleFired && r.abortReason() != null && r.abortReason().startsWith(rule.describe() + ":");
            ruleFired |= fired;
            if (refused) {
                out.add(new Case(ABORT_RULE + rule.describe(), 0, null, null, "not watched: the run was refused"));
            } else {
                out.add(new Case(ABORT_RULE + rule.describe(), 0, fired ? "abort rule" : null,
                        fired ? "aborted: " + r.abortReason() : null, null));
            }
        }
        for (Map.Entry<String, Object> e : r.reconciliation().entrySet()) {
            if (e.getValue() instanceof Map<?, ?> section && section.get("passed") instanceof Boolean passed) {
                out.add(new Case(e.getKey(), 0, passed ? null : "reconciliation",
                        passed ? null : reconciliationMessage(e.getKey(), section, r.failures()), null));
            }
        }
        if (refused) {
            for (String f : r.failures()) {
                out.add(new Case(START_CHECK + shorten(f), 0, "start check", f, null));
            }
        }
        boolean passed = r.verdict() == RunVerdict.PASSED;
        out.add(new Case(VERDICT, r.durationSeconds(), passed ? null : "verdict", passed ? null : verdictMessage(r),
                null));
        return out;
    }

    /** The console's line for a failed section when the run recorded one, else its problems. */
    private static String reconciliationMessage(String key, Map<?, ?> section, List<String> failures) {
        List<String> problems = new ArrayList<>();
        if (section.get("problems") instanceof List<?> list) {
            list.forEach(p -> problems.add(String.valueOf(p)));
        }
        if (!problems.isEmpty()) {
            for (String f : failures) {
                if (f.contains(problems.get(0))) {
                    return f;
                }
            }
            return key + " failed: " + String.join("; ", problems);
        }
        Object reason = section.get("reason");
        return key + " failed" + (reason == null ? "" : ": " + reason);
    }

    private static String verdictMessage(RunReport r) {
        List<String> lines = new ArrayList<>();
        if (r.abortReason() != null && r.failures().stream().noneMatch(f -> f.contains(r.abortReason()))) {
            lines.add("aborted: " + r.abortReason());
        }
        lines.addAll(r.failures());
        if (r.stoppedEarly() != null) {
            lines.add(r.stoppedEarly());
        }
        return r.status() + " (exit code " + r.verdict().exitCode() + ")"
                + (lines.isEmpty() ? "" : ": " + String.join("; ", lines));
    }

    private static String shorten(String s) {
        String line = s.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_NAME ? line : line.substring(0, MAX_NAME - 1) + "…";
    }

    /** The report's XML. */
    public static String toXml(RunReport r, SloRules rules, String host, UnaryOperator<String> redactor) {
        StringWriter out = new StringWriter();
        try {
            write(r, rules, host, redactor, out);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("JUnit report not written: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** Writes the report to {@code file} (replaced whole: a reader never sees half a report). */
    public static void write(RunReport r, SloRules rules, String host, UnaryOperator<String> redactor, Path file)
            throws IOException {
        String xml = toXml(r, rules, host, redactor);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, xml, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void write(RunReport r, SloRules rules, String host, UnaryOperator<String> redactor, Writer out)
            throws XMLStreamException {
        UnaryOperator<String> clean = s -> xmlSafe(redactor.apply(s));
        List<Case> cases = cases(r, rules);
        XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        x.writeStartDocument("UTF-8", "1.0");
        x.writeCharacters("\n");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", clean.apply(r.plan()));
        x.writeAttribute("time", seconds(r.durationSeconds()));
        x.writeAttribute("tests", Integer.toString(cases.size()));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", Long.toString(cases.stream().filter(c -> c.skipped() != null).count()));
        x.writeAttribute("failures", Long.toString(cases.stream().filter(Case::failed).count()));
        x.writeCharacters("\n  ");
        x.writeStartElement("properties");
        property(x, clean, "plan", r.plan());
        property(x, clean, "planFile", r.planFile());
        property(x, clean, "profile", r.profile());
        r.target().forEach((k, v) -> property(x, clean, "target." + k, v));
        property(x, clean, "seedVersion", r.seedVersion());
        property(x, clean, "start", r.start().toString());
        property(x, clean, "end", r.end().toString());
        property(x, clean, "host", host);
        property(x, clean, "verdict", r.status());
        property(x, clean, "exitCode", Integer.toString(r.verdict().exitCode()));
        property(x, clean, "abortReason", r.abortReason());
        property(x, clean, "stoppedEarly", r.stoppedEarly());
        x.writeCharacters("\n  ");
        x.writeEndElement();
        for (Case c : cases) {
            x.writeCharacters("\n  ");
            x.writeStartElement("testcase");
            x.writeAttribute("name", clean.apply(c.name()));
            x.writeAttribute("classname", clean.apply(r.plan()));
            x.writeAttribute("time", seconds(c.seconds()));
            if (c.failed()) {
                x.writeCharacters("\n    ");
                x.writeStartElement("failure");
                String message = clean.apply(c.message());
                x.writeAttribute("message", message);
                x.writeAttribute("type", c.failureType());
                x.writeCharacters(message);
                x.writeEndElement();
                x.writeCharacters("\n  ");
            } else if (c.skipped() != null) {
                x.writeCharacters("\n    ");
                x.writeStartElement("skipped");
                x.writeAttribute("message", clean.apply(c.skipped()));
                x.writeEndElement();
                x.writeCharacters("\n  ");
            }
            x.writeEndElement();
        }
        x.writeCharacters("\n");
        x.writeEndElement();
        x.writeCharacters("\n");
        x.writeEndDocument();
        x.close();
    }

    private static void property(XMLStreamWriter x, UnaryOperator<String> clean, String name, String value) {
        if (value == null) {
            return;
        }
        try {
            x.writeCharacters("\n    ");
            x.writeEmptyElement("property");
            x.writeAttribute("name", clean.apply(name));
            x.writeAttribute("value", clean.apply(value));
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** Drops what XML 1.0 cannot carry (control characters a server's answer may hold). */
    static String xmlSafe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            b.appendCodePoint(ok ? c : '?');
        });
        return b.toString();
    }
}
