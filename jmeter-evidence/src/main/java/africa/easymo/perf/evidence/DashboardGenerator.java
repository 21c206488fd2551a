package africa.easymo.perf.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.stream.Stream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.jmeter.JMeter;
import org.apache.jmeter.report.config.ReportGeneratorConfiguration;
import org.apache.jmeter.report.dashboard.ReportGenerator;
import org.apache.jmeter.util.JMeterUtils;

/**
 * Generates JMeter's HTML dashboard from the run's JTL into the run folder, as {@code jmeter -e -o} would, but into a
 * folder that is new for every run. The report generator reads its output and temp folders from global JMeter
 * properties; they point at this run only while it works and are put back afterwards, so a {@code -e -o} given on the
 * command line still gets its own report.
 */
final class DashboardGenerator {

    private static final String TEMP_DIR_PROPERTY = ReportGeneratorConfiguration.REPORT_GENERATOR_KEY_TEMP_DIR;
    /** JMeter's granularity of the over-time graphs, in ms (its default: one minute). */
    static final String GRANULARITY_PROPERTY = "jmeter.reportgenerator.overall_granularity";
    private static final long MAX_GRANULARITY_MS = 60_000;

    private DashboardGenerator() {
    }

    /**
     * @throws Exception
     *             anything the generator throws; the caller records it and goes on
     */
    static void generate(Path jtl, Path outputDir) throws Exception {
        generate(jtl, outputDir, -1);
    }

    /**
     * The over-time graphs' granularity for a run of {@code durationMs}: about sixty points, never finer than JMeter's
     * floor of one second nor coarser than its default of a minute; whole seconds.
     */
    static long granularityMs(long durationMs) {
        long g = (Math.max(0, durationMs) / 60 + 999) / 1000 * 1000;
        return Math.max(1000, Math.min(MAX_GRANULARITY_MS, g));
    }

    /**
     * @param durationMs
     *            the run's length; the graphs get {@link #granularityMs(long)} unless {@value #GRANULARITY_PROPERTY} is
     *            set (then the user's wins); negative leaves JMeter's default
     */
    static synchronized void generate(Path jtl, Path outputDir, long durationMs) throws Exception {
        Path tmp = outputDir.resolveSibling(".dashboard-tmp");
        Properties props = JMeterUtils.getJMeterProperties();
        Map<String, String> saved = new HashMap<>();
        for (String key : new String[] { JMeter.JMETER_REPORT_OUTPUT_DIR_PROPERTY, TEMP_DIR_PROPERTY,
                GRANULARITY_PROPERTY }) {
            saved.put(key, props.getProperty(key));
        }
        try {
            if (durationMs >= 0 && saved.get(GRANULARITY_PROPERTY) == null) {
                props.setProperty(GRANULARITY_PROPERTY, Long.toString(granularityMs(durationMs)));
            }
            props.setProperty(JMeter.JMETER_REPORT_OUTPUT_DIR_PROPERTY, outputDir.toAbsolutePath().toString());
            props.setProperty(TEMP_DIR_PROPERTY, tmp.toAbsolutePath().toString());
            new ReportGenerator(jtl.toAbsolutePath().toString(), null).generate();
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    props.remove(k);
                } else {
                    props.setProperty(k, v);
                }
            });
            deleteQuietly(tmp);
        }
        if (!Files.isRegularFile(outputDir.resolve("index.html"))) {
            throw new IOException("the report generator wrote no index.html under " + outputDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // The generator removes its temp folder itself; this is only a second try.
        }
    }
}
