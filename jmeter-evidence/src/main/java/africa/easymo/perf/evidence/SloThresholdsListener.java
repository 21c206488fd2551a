package africa.easymo.perf.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import africa.easymo.perf.run.RunListener;
import africa.easymo.perf.run.EngineRun;
import africa.easymo.perf.run.RunOutcome;

/**
 * The release gate and the run's evidence: k6-style thresholds checked at the end of the run, abort rules watched while
 * it runs, and the evidence every run leaves in a fresh run folder — the CSV JTL, JMeter's HTML dashboard and the
 * summary JSON (plus the Supabase metrics CSV when the plan has a collector).
 *
 * <p>
 * At the end the scenarios reconcile first (their counters may change), then thresholds are judged, the dashboard and
 * summary written, the table printed, and only then is a failure reported to {@link RunOutcome}, which sets the non-GUI
 * exit code after JMeter has finished too.
 */
public class SloThresholdsListener extends RunListener {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(SloThresholdsListener.class);

    /** Environment variable / JMeter property naming the summary file (the old harness's contract). */
    static final String OUTPUT_FILE_SETTING = "PERF_OUTPUT_FILE";

    private static final String ABORTED_PREFIX = RunOutcome.ABORTED_PREFIX;

    private String thresholds = "";
    private String abortRules = "";
    private String summaryFile = "";
    private boolean writeJtl = true;
    private boolean generateDashboard = true;

    private transient volatile Session session;

    /** What one run holds; replaced at every test start. */
    private static final class Session {
        final EngineRun engine;
        final SloRules rules;
        final EvidenceRun run;
        final RunStats stats;
        AbortMonitor monitor;
        final JtlWriter jtl;
        final Instant start;
        final List<String> problems = new ArrayList<>();
        volatile String abortReason;

        Session(EngineRun engine, SloRules rules, EvidenceRun run, RunStats stats, JtlWriter jtl, Instant start) {
            this.engine = engine;
            this.rules = rules;
            this.run = run;
            this.stats = stats;
            this.jtl = jtl;
            this.start = start;
        }
    }

    @Override
    public void testStarted() {
        EngineRun engine = EngineRun.join();
        SloRules rules;
        try {
            rules = SloRules.parse(thresholds, abortRules);
        } catch (ThresholdParseException e) {
            throw engine.outcome().refuseStart(getName() + ": " + e.getMessage());
        }
        EvidenceRun run;
        try {
            run = EvidenceRun.join();
        } catch (RuntimeException e) {
            throw engine.outcome().refuseStart(getName() + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        JtlWriter jtl = null;
        if (writeJtl) {
            try {
                jtl = new JtlWriter(run.file(".jtl"), EngineBridge.redactor());
            } catch (IOException e) {
                problems.add("JTL not written: " + e);
                log.error("{}: cannot create the JTL {}: {}", getName(), run.file(".jtl"), e.toString());
            }
        }
        List<LabelSelector> selectors = rules.thresholds().stream().map(Threshold::selector)
                .collect(Collectors.toList());
        RunStats stats = new RunStats(selectors, EngineBridge::counter);
        Session s = new Session(engine, rules, run, stats, jtl, Instant.now());
        s.problems.addAll(problems);
        s.monitor = new AbortMonitor(rules.abortRules(), EngineBridge::counter, reason -> {
            s.abortReason = reason;
            log.error("{}: abort rule fired: {}", getName(), reason);
            engine.outcome().abort(reason);
        });
        session = s;
        s.monitor.start();
        log.info("{}: {} thresholds, {} abort rules; evidence in {}", getName(), rules.thresholds().size(),
                rules.abortRules().size(), run.folder());
    }

    @Override
    public void testStarted(String host) {
        testStarted();
    }

    /** Counts exactly the rows the JTL gets: the sample and its sub-results, each under its own label. */
    @Override
    public void sampleOccurred(SampleEvent e) {
        Session s = session;
        if (s == null) {
            return;
        }
        List<SampleResult> rows = JtlWriter.rows(e.getResult());
        for (SampleResult r : rows) {
            SampleObservation o = SampleObservation.of(r);
            s.stats.record(o);
            s.monitor.record(o);
        }
        if (s.jtl != null) {
            s.jtl.write(e, rows);
        }
    }

    @Override
    public void testEnded() {
        Session s = session;
        session = null;
        if (s == null) {
            return;
        }
        try {
            finish(s);
        } catch (RuntimeException | LinkageError e) {
            // An exception or error escaping testEnded() stops JMeter's engine thread and the process never exits.
            log.error("{}: evidence not completed", getName(), e);
            s.engine.outcome().fail("evidence not completed: " + e);
        } finally {
            EvidenceRun.leave(s.run);
        }
    }

    @Override
    public void testEnded(String host) {
        testEnded();
    }

    private void finish(Session s) {
        s.monitor.close();
        String abortReason = s.monitor.firedReason();
        Map<String, Object> reconciliation;
        try {
            reconciliation = EngineBridge.reconcile();
        } catch (RuntimeException e) {
            reconciliation = new LinkedHashMap<>();
            log.error("{}: reconciliation failed", getName(), e);
            s.engine.outcome().fail("reconciliation failed: " + EngineBridge.redactor().apply(String.valueOf(e)));
        }
        List<ThresholdVerdict> verdicts = ThresholdEvaluator.evaluate(s.rules.thresholds(), s.stats);
        for (AbortRule r : s.rules.abortRules()) {
            if (r.metric().kind() == Metric.Kind.COUNTER && EngineBridge.counter(r.metric().counterName()).isEmpty()) {
                s.engine.outcome().fail("abort rule '" + r.describe() + "' never checked: "
                        + ThresholdEvaluator.NO_SUCH_COUNTER + r.metric().counterName());
            }
        }
        // Every reason the run failed so far (scenarios, samplers, aborts, reconciliations), then the thresholds:
        // the summary's verdict is the exit code's.
        List<String> failures = new ArrayList<>(s.engine.outcome().failures());
        if (abortReason == null) {
            abortReason = failures.stream().filter(f -> f.startsWith(ABORTED_PREFIX))
                    .map(f -> f.substring(ABORTED_PREFIX.length())).findFirst().orElse(null);
        }
        String thresholdFailure = thresholdFailure(verdicts);
        if (thresholdFailure != null) {
            failures.add(thresholdFailure);
        }
        MetricsSummary metrics = s.run.finishMetrics();
        Instant end = Instant.now();

        Map<String, Path> files = new LinkedHashMap<>();
        files.put("runFolder", s.run.folder());
        if (s.jtl != null) {
            try {
                s.jtl.close();
                files.put("jtl", s.jtl.file());
            } catch (IOException e) {
                s.problems.add("JTL incomplete: " + e);
            }
            if (generateDashboard) {
                Path dashboard = s.run.folder().resolve("dashboard");
                try {
                    if (s.stats.total().count() == 0) {
                        throw new IOException("no samples to report");
                    }
                    DashboardGenerator.generate(s.jtl.file(), dashboard);
                    files.put("dashboard", dashboard.resolve("index.html"));
                } catch (Exception e) {
                    s.problems.add("HTML dashboard not generated: " + e.getMessage());
                    log.error("{}: HTML dashboard not generated: {}", getName(), e.toString(), e);
                }
            }
        }
        if (metrics != null) {
            files.put("metricsCsv", metrics.csv());
        }
        Path runSummary = s.run.file("-summary.json");
        Path published = publishedSummary(s.run);
        files.put("summary", runSummary);
        if (!published.equals(runSummary)) {
            files.put("publishedSummary", published);
        }

        RunReport report = new RunReport(s.run.plan(), planFile(), JMeterUtils.getPropDefault("perf.profile", "full"),
                EngineBridge.target(), EngineBridge.seedVersion(), EngineBridge.seedSummaryFile(), s.start, end,
                abortReason, verdicts, s.stats.labels(), s.stats.total(), reconciliation, EngineBridge.counters(),
                metrics, files, List.copyOf(s.problems), List.copyOf(failures));
        try {
            var json = RunSummaryWriter.toJson(report);
            RunSummaryWriter.write(json, runSummary);
            if (!published.equals(runSummary)) {
                RunSummaryWriter.write(json, published);
            }
        } catch (IOException | RuntimeException e) {
            log.error("{}: cannot write the run summary {}: {}", getName(), runSummary, e.toString(), e);
            s.engine.outcome().fail("run summary not written: " + e);
        }

        String table = RunSummaryWriter.table(report);
        System.out.print(table);
        System.out.flush();
        for (String line : table.split("\\R")) {
            log.info(line);
        }
        if (thresholdFailure != null) {
            s.engine.outcome().fail(thresholdFailure);
        }
    }

    /** The one-line failure reason of the failed thresholds, or null when all passed. */
    private static String thresholdFailure(List<ThresholdVerdict> verdicts) {
        long failed = verdicts.stream().filter(v -> !v.passed()).count();
        if (failed == 0) {
            return null;
        }
        return failed + " of " + verdicts.size() + " thresholds failed: " + verdicts.stream().filter(v -> !v.passed())
                .map(ThresholdVerdict::line).map(String::trim).collect(Collectors.joining("; "));
    }

    private static String planFile() {
        String script = FileServer.getFileServer().getScriptName();
        return script == null ? null : EvidenceLayout.planFolder().resolve(script).toString();
    }

    /** {@value #OUTPUT_FILE_SETTING} (property over environment), else the element's field, else the default. */
    private Path publishedSummary(EvidenceRun run) {
        String configured = JMeterUtils.getProperty(OUTPUT_FILE_SETTING);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(OUTPUT_FILE_SETTING);
        }
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured.trim()).toAbsolutePath().normalize();
        }
        if (summaryFile != null && !summaryFile.isBlank()) {
            return EvidenceLayout.planFolder().resolve(summaryFile.trim()).normalize();
        }
        return run.root().resolve(run.plan() + "-summary.json");
    }

    public String getThresholds() {
        return thresholds;
    }

    public void setThresholds(String thresholds) {
        this.thresholds = thresholds;
    }

    public String getAbortRules() {
        return abortRules;
    }

    public void setAbortRules(String abortRules) {
        this.abortRules = abortRules;
    }

    public String getSummaryFile() {
        return summaryFile;
    }

    public void setSummaryFile(String summaryFile) {
        this.summaryFile = summaryFile;
    }

    public boolean isWriteJtl() {
        return writeJtl;
    }

    public void setWriteJtl(boolean writeJtl) {
        this.writeJtl = writeJtl;
    }

    public boolean isGenerateDashboard() {
        return generateDashboard;
    }

    public void setGenerateDashboard(boolean generateDashboard) {
        this.generateDashboard = generateDashboard;
    }
}
