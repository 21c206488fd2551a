package africa.easymo.perf.testplans.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What one {@code bin/jmeter} process left behind. */
public record JMeterResult(int exitCode, boolean timedOut, Duration wallTime, String stdout, String stderr,
        Path outputDir, Path jtlFile, Path logFile, Path reportDir, List<String> command) {

    /** The JTL read back (no samples when JMeter never wrote it). */
    public Jtl jtl() {
        return Jtl.read(jtlFile);
    }

    /** jmeter.log as text; empty when JMeter did not get far enough to write it. */
    public String jmeterLog() {
        if (!Files.exists(logFile)) {
            return "";
        }
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + logFile + ": " + e.getMessage(), e);
        }
    }

    /** stdout then stderr, as a person at the console saw them. */
    public String console() {
        return stdout + (stdout.endsWith("\n") || stdout.isEmpty() ? "" : "\n") + stderr;
    }

    /** jmeter.log lines at ERROR level (JMeter's log4j2 layout: {@code date time LEVEL logger: message}). */
    public List<String> logErrors() {
        return jmeterLog().lines().filter(l -> l.matches("^\\S+ \\S+ ERROR .*")).toList();
    }

    /** Whether the HTML dashboard was generated. */
    public boolean hasReport() {
        return reportDir != null && Files.exists(reportDir.resolve("index.html"))
                && Files.exists(reportDir.resolve("statistics.json"));
    }

    /** A short description for assertion messages: exit code, the console's tail and the log's errors. */
    public String describe() {
        String console = console();
        String tail = console.length() > 4000 ? "..." + console.substring(console.length() - 4000) : console;
        return "jmeter exit=" + exitCode + (timedOut ? " (killed after timeout)" : "") + " in " + wallTime.toMillis()
                + " ms, output " + outputDir + "\n--- console ---\n" + tail + "\n--- jmeter.log errors ---\n"
                + String.join("\n", logErrors());
    }
}
