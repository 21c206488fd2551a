package africa.easymo.perf.evidence;

import africa.easymo.perf.evidence.live.LiveRecorder;
import africa.easymo.perf.evidence.metrics.MetricsSummary;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.run.RunVerdict;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a run's evidence, the same for a run on one engine and for the merged run of a distributed test: the
 * thresholds judged, JMeter's dashboard of the JTL, the run summary (in the run folder and published), the console
 * table, and the threshold failure reported last, once every file is written.
 */
public final class EvidenceWriter {
    private static final Logger log = LoggerFactory.getLogger(EvidenceWriter.class);

    /** The live dashboard's page as the run ended, in the run folder. */
    public static final String LIVE_DASHBOARD_FILE = "live-dashboard.html";

    private final EvidenceRun run;
    private final RunJudge judge;
    private String name = "evidence";
    private Path jtl;
    private boolean dashboard = true;
    private Path published;
    private String planFile;
    private String profile = "full";
    private Map<String, String> target = Map.of();
    private String seedVersion;
    private String seedSummaryFile;
    private Instant start = Instant.now();
    private String abortReason;
    private List<String> failures = List.of();
    private RunVerdict verdict = RunVerdict.PASSED;
    private String stoppedEarly;
    private Map<String, Object> reconciliation = Map.of();
    private Map<String, Long> counters = Map.of();
    private MetricsSummary metrics;
    private final List<String> problems = new ArrayList<>();
    private List<EngineBreakdown> engines = List.of();
    private Consumer<String> fail = s -> {
    };
    private UnaryOperator<String> redactor = UnaryOperator.identity();
    private String host;
    private LiveRecorder live;

    private africa.easymo.perf.evidence.baseline.BaselineRun baseline;
    private java.util.Map<String, Object> comparison;

    /** The previous run this one is compared with ({@code -Jperf.baseline}); null for none. */
    public EvidenceWriter baseline(africa.easymo.perf.evidence.baseline.BaselineRun b) {
        baseline = b;
        return this;
    }

    public EvidenceWriter(EvidenceRun run, RunJudge judge) {
        this.run = run;
        this.judge = judge;
    }

    /** The element's name, for log lines. */
    public EvidenceWriter name(String v) {
        name = v;
        return this;
    }

    /** The run's JTL, closed; null when none was written. */
    public EvidenceWriter jtl(Path v, boolean generateDashboard) {
        jtl = v;
        dashboard = generateDashboard;
        return this;
    }

    public EvidenceWriter published(Path v) {
        published = v;
        return this;
    }

    public EvidenceWriter plan(String file, String runProfile) {
        planFile = file;
        profile = runProfile;
        return this;
    }

    public EvidenceWriter facts(Map<String, String> targetUrls, String seed, String seedFile) {
        target = targetUrls;
        seedVersion = seed;
        seedSummaryFile = seedFile;
        return this;
    }

    public EvidenceWriter started(Instant v) {
        start = v;
        return this;
    }

    /** How the run ended before the thresholds are judged, and every reason it failed so far. */
    public EvidenceWriter outcome(RunVerdict v, List<String> failuresSoFar, String abortedBy, String stoppedHow) {
        verdict = v;
        failures = failuresSoFar;
        abortReason = abortedBy;
        stoppedEarly = stoppedHow;
        return this;
    }

    public EvidenceWriter reconciliation(Map<String, Object> sections, Map<String, Long> counterTotals) {
        reconciliation = sections;
        counters = counterTotals;
        return this;
    }

    public EvidenceWriter metrics(MetricsSummary v) {
        metrics = v;
        return this;
    }

    public EvidenceWriter problems(List<String> v) {
        problems.addAll(v);
        return this;
    }

    public EvidenceWriter engines(List<EngineBreakdown> v) {
        engines = v;
        return this;
    }

    /** The run's live view: given the verdict, and written self-contained into the run folder. */
    public EvidenceWriter live(LiveRecorder v) {
        live = v;
        return this;
    }

    /** Where a failure found while writing goes (the run's outcome); called after the summary is written. */
    public EvidenceWriter onFailure(Consumer<String> v) {
        fail = v;
        return this;
    }

    /** Redacts the secrets the run knows from what the JUnit report quotes (answers, target URLs). */
    public EvidenceWriter redactor(UnaryOperator<String> v) {
        redactor = v;
        return this;
    }

    /** The host named in the JUnit report's properties; the local host name by default. */
    public EvidenceWriter host(String v) {
        host = v;
        return this;
    }

    /** Judges the thresholds and writes everything; returns what the summary says. */
    public RunReport write() {
        boolean refused = verdict == RunVerdict.REFUSED;
        List<ThresholdVerdict> verdicts = refused ? List.of() : judge.verdicts();
        List<String> allFailures = new ArrayList<>(failures);
        String thresholdFailure = RunJudge.thresholdFailure(verdicts);
        RunVerdict finalVerdict = verdict;
        if (thresholdFailure != null) {
            allFailures.add(thresholdFailure);
            if (verdict == RunVerdict.PASSED || verdict == RunVerdict.STOPPED) {
                finalVerdict = RunVerdict.FAILED;
            }
        }
        List<String> late = new ArrayList<>();
        Instant end = Instant.now();

        Map<String, Path> files = new LinkedHashMap<>();
        files.put("runFolder", run.folder());
        long samples = judge.stats().total().count();
        if (jtl != null && refused && samples == 0) {
            // A run that never started leaves its verdict, not an empty JTL to puzzle over.
            deleteQuietly(jtl);
        } else if (jtl != null) {
            files.put("jtl", jtl);
            if (dashboard) {
                Path dir = run.folder().resolve("dashboard");
                try {
                    if (samples == 0) {
                        throw new IOException("no samples to report");
                    }
                    var total = judge.stats().total();
                    DashboardGenerator.generate(jtl, dir, Math.max(0, total.lastEndMs() - total.firstStartMs()));
                    files.put("dashboard", dir.resolve("index.html"));
                } catch (Exception e) {
                    problems.add("HTML dashboard not generated: " + e.getMessage());
                    log.error("{}: HTML dashboard not generated: {}", name, e.toString(), e);
                }
            }
        }
        if (live != null && !refused) {
            Path page = run.folder().resolve(LIVE_DASHBOARD_FILE);
            try {
                live.finish(finalVerdict.word(), allFailures, abortReason);
                live.export(page);
                files.put("liveDashboard", page);
            } catch (IOException | RuntimeException e) {
                problems.add("live dashboard page not written: " + e);
                log.error("{}: live dashboard page not written: {}", name, e.toString(), e);
            }
        }
        if (metrics != null) {
            if (refused) {
                // no load was sent: an idle target's figures would read as the run's
                deleteQuietly(metrics.csv());
            } else {
                files.put("metricsCsv", metrics.csv());
            }
        }
        Path runSummary = run.file("-summary.json");
        Path pub = published == null ? run.root().resolve(run.plan() + "-summary.json") : published;
        files.put("summary", runSummary);
        Path junit = run.file("-junit.xml");
        files.put("junit", junit);
        if (!pub.equals(runSummary)) {
            files.put("publishedSummary", pub);
        }
        RunReport report = new RunReport(run.plan(), planFile, profile, target, seedVersion, seedSummaryFile, start,
                end, abortReason, verdicts, judge.stats().labels(), judge.stats().total(), reconciliation, counters,
                refused ? null : metrics, files, List.copyOf(problems), List.copyOf(allFailures), finalVerdict,
                stoppedEarly, engines);
        try {
            var json = RunSummaryWriter.toJson(report);
            if (baseline != null && !refused) {
                comparison = baseline.comparison(json);
                json.set("baseline", RunSummaryWriter.tree(comparison));
            }
            RunSummaryWriter.write(json, runSummary);
            if (!pub.equals(runSummary)) {
                RunSummaryWriter.write(json, pub);
            }
        } catch (IOException | RuntimeException e) {
            log.error("{}: cannot write the run summary {}: {}", name, runSummary, e.toString(), e);
            late.add("run summary not written: " + e);
        }

        try {
            JUnitReportWriter.write(report, judge.rules(), host == null ? localHost() : host, redactor, junit);
        } catch (IOException | RuntimeException e) {
            log.error("{}: cannot write the JUnit report {}: {}", name, junit, e.toString(), e);
            late.add("JUnit report not written: " + e);
        }

        String table = RunSummaryWriter.table(report) + RunSummaryWriter.baselineTable(comparison);
        System.out.print(table);
        System.out.flush();
        for (String line : table.split("\\R")) {
            log.info(line);
        }
        late.forEach(fail);
        if (thresholdFailure != null) {
            fail.accept(thresholdFailure);
        }
        return report;
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // evidence of a refused run: a leftover empty file is harmless
        }
    }
}
