package africa.easymo.perf.evidence;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.util.JMeterUtils;

/**
 * Where a run's evidence goes.
 *
 * <pre>
 * &lt;root&gt;/                               perf.evidence.dir, default &lt;plan folder&gt;/../.perf
 *   &lt;plan&gt;-summary.json                 the latest run's summary (PERF_OUTPUT_FILE's default)
 *   runs/&lt;plan&gt;-&lt;yyyyMMdd-HHmmss&gt;/     one fresh folder per run, never reused
 *     &lt;plan&gt;.jtl                        CSV results, one row per sample
 *     &lt;plan&gt;-summary.json
 *     &lt;plan&gt;-supabase-metrics.csv
 *     dashboard/index.html             JMeter's HTML report
 * </pre>
 */
public final class EvidenceLayout {

    /** JMeter property naming the evidence root; relative paths resolve against the plan's folder. */
    public static final String ROOT_PROPERTY = "perf.evidence.dir";
    /** JMeter property naming the plan in file names; default the .jmx file name without extension. */
    public static final String PLAN_PROPERTY = "perf.plan.name";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private EvidenceLayout() {
    }

    /** The folder of the running .jmx (JMeter's base for relative file names). */
    public static Path planFolder() {
        String base = FileServer.getFileServer().getBaseDir();
        return Paths.get(base == null || base.isEmpty() ? "." : base).toAbsolutePath().normalize();
    }

    /** The plan's short name: {@value #PLAN_PROPERTY}, else the script's file name without {@code .jmx}. */
    public static String planName() {
        String configured = JMeterUtils.getProperty(PLAN_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return safe(configured.trim());
        }
        String script = FileServer.getFileServer().getScriptName();
        if (script == null || script.isBlank()) {
            return "plan";
        }
        String name = Paths.get(script).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return safe(dot > 0 ? name.substring(0, dot) : name);
    }

    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "-");
        return s.isEmpty() ? "plan" : s;
    }

    /** The evidence root. */
    public static Path root() {
        String configured = JMeterUtils.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return planFolder().resolve(configured.trim()).normalize();
        }
        return planFolder().resolve("../.perf").normalize();
    }

    /** Creates a new, empty run folder under {@code root}; a second run in the same second gets a suffix. */
    public static Path createRunFolder(Path root, String plan, Instant start) throws IOException {
        Path runs = Files.createDirectories(root.resolve("runs"));
        String base = plan + "-" + STAMP.format(start);
        for (int n = 1;; n++) {
            Path candidate = runs.resolve(n == 1 ? base : base + "-" + n);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                if (n > 1000) {
                    throw e;
                }
            }
        }
    }
}
