package africa.easymo.perf.testplans.harness;

import java.nio.file.Path;
import java.util.List;

/** What a {@link JMeterGui} session left behind. */
public record GuiRunResult(int exitCode, boolean timedOut, String console, Path savedPlan, Path screenshot,
        List<String> probeResult, String jmeterLog) {

    public boolean probeSucceeded() {
        return probeResult.contains("status=ok");
    }

    /** jmeter.log lines at ERROR level. */
    public List<String> logErrors() {
        return jmeterLog.lines().filter(l -> l.matches("^\\S+ \\S+ ERROR .*")).toList();
    }

    public String describe() {
        return "jmeter GUI exit=" + exitCode + (timedOut ? " (killed after timeout)" : "") + "\n--- probe ---\n"
                + String.join("\n", probeResult) + "\n--- console ---\n" + console + "\n--- jmeter.log errors ---\n"
                + String.join("\n", logErrors());
    }
}
