package africa.easymo.perf.evidence;

import africa.easymo.perf.evidence.baseline.BaselineRun;
import africa.easymo.perf.evidence.distributed.ClientController;
import africa.easymo.perf.evidence.distributed.EngineEnd;
import africa.easymo.perf.evidence.distributed.EngineReporter;
import africa.easymo.perf.evidence.live.LiveSource;
import africa.easymo.perf.evidence.live.LiveView;
import africa.easymo.perf.evidence.metrics.MetricsSummary;
import africa.easymo.perf.evidence.rules.SloRules;
import africa.easymo.perf.evidence.rules.ThresholdParseException;
import africa.easymo.perf.evidence.stats.SampleObservation;
import africa.easymo.perf.run.EngineRun;
import africa.easymo.perf.run.EngineStop;
import africa.easymo.perf.run.RunListener;
import africa.easymo.perf.run.RunOutcome;
import africa.easymo.perf.run.remote.EngineLink;
import africa.easymo.perf.run.remote.RunController;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.testelement.ThreadListener;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release gate and the run's evidence: k6-style thresholds checked at the end of the run, abort rules watched while
 * it runs, and the evidence every run leaves in a fresh run folder — the CSV JTL, JMeter's HTML dashboard and the
 * summary JSON (plus the metrics CSV when the plan has a metrics collector).
 *
 * <p>
 * At the end the scenarios reconcile first (their counters may change), then thresholds are judged, the dashboard and
 * summary written, the table printed, and only then is a failure reported to {@link RunOutcome}, which sets the non-GUI
 * exit code after JMeter has finished too.
 */
public class SloThresholdsListener extends RunListener implements ThreadListener {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(SloThresholdsListener.class);

    /** Environment variable / JMeter property naming the summary file (the old harness's contract). */
    static final String OUTPUT_FILE_SETTING = "PERF_OUTPUT_FILE";

    private String thresholds = "";
    private String abortRules = "";
    private String summaryFile = "";
    private boolean writeJtl = true;
    private boolean generateDashboard = true;

    private transient volatile Session session;

    /** What one run holds; replaced at every test start. */
    private static final class Session {
        final EngineRun engine;
        final EvidenceRun run;
        final RunJudge judge;
        final JtlWriter jtl;
        final Instant start;
        final List<String> problems;
        /** Set on a jmeter-server engine of a distributed run: the controller on the client judges. */
        EngineReporter reporter;
        LiveView live;

        Session(EngineRun engine, EvidenceRun run, RunJudge judge, JtlWriter jtl, Instant start,
                List<String> problems) {
            this.engine = engine;
            this.run = run;
            this.judge = judge;
            this.jtl = jtl;
            this.start = start;
            this.problems = problems;
        }
    }

    @Override
    public void testStarted() {
        testStarted("");
    }

    /**
     * Never skipped, even when an element before this one refused the run: a refused run still gets its folder's
     * summary saying {@code refused} and why, and the published summary then holds that verdict.
     */
    @Override
    public void testStarted(String host) {
        EngineRun engine = EngineRun.join();
        Instant start = Instant.now();
        EvidenceRun run;
        try {
            run = EvidenceRun.join();
        } catch (RuntimeException e) {
            engine.outcome().refuseStart(getName() + ": " + e.getMessage());
            return;
        }
        SloRules rules;
        String refusal = null;
        try {
            rules = SloRules.parse(thresholds, abortRules);
        } catch (ThresholdParseException e) {
            rules = SloRules.NONE;
            refusal = getName() + ": " + e.getMessage();
        }
        List<String> problems = new ArrayList<>();
        JtlWriter jtl = null;
        boolean engineOfDistributedRun = engine.link().isPresent();
        if (engineOfDistributedRun) {
            rules = SloRules.NONE; // judged on the merged run by the controller
        }
        if (writeJtl && refusal == null && !engine.outcome().refused() && !engineOfDistributedRun) {
            try {
                jtl = new JtlWriter(run.file(".jtl"), EngineBridge.redactor());
            } catch (IOException e) {
                problems.add("JTL not written: " + e);
                log.error("{}: cannot create the JTL {}: {}", getName(), run.file(".jtl"), e.toString());
            }
        }
        RunJudge judge = new RunJudge(rules, EngineBridge::counter, reason -> {
            log.error("{}: abort rule fired: {}", getName(), reason);
            engine.outcome().abort(reason);
        });
        if (refusal == null) {
            try {
                baselineFor(judge, run).ifPresent(judge::baseline);
            } catch (IllegalArgumentException e) {
                refusal = getName() + ": " + e.getMessage();
            }
        }
        Session session = new Session(engine, run, judge, jtl, start, problems);
        engine.link().ifPresent(link -> session.reporter = new EngineReporter(link, engine));
        this.session = session;
        if (refusal != null) {
            engine.outcome().refuseStart(refusal);
            return;
        }
        judge.start();
        log.info("{}: {} thresholds, {} abort rules; evidence in {}", getName(), rules.thresholds().size(),
                rules.abortRules().size(), run.folder());
        if (!engine.outcome().refused() && session.reporter == null) {
            startLive(session); // an engine of a distributed run has no page of its own: the run is the client's
        }
    }

    /**
     * The live view records every run (its page goes into the run folder); the server only when asked for. Nothing here
     * may stop the run: a failure is one line.
     */
    private void startLive(Session s) {
        s.live = LiveView.start(s.run.plan(), s.start.toEpochMilli(), liveSource(s), EngineBridge.redactor(),
                SloThresholdsListener::say);
    }

    private static LiveSource liveSource(Session s) {
        EvidenceRun run = s.run;
        return new JudgedLiveSource(s.judge, EngineBridge::counters, JMeterContextService::getNumberOfThreads,
                run::liveMetrics, List::of);
    }

    /** One line on the console and in jmeter.log. */
    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
        log.info(line);
    }

    /** Counts exactly the rows the JTL gets: the sample and its sub-results, each under its own label. */
    @Override
    public void sampleOccurred(SampleEvent e) {
        Session s = session;
        if (s == null) {
            return;
        }
        List<SampleResult> rows = JtlWriter.rows(e.getResult());
        if (s.reporter != null) {
            List<SampleObservation> figures = new ArrayList<>(rows.size());
            for (SampleResult r : rows) {
                figures.add(SampleObservation.of(r));
            }
            s.reporter.add(figures, writeJtl ? JtlWriter.format(e, rows, EngineBridge.redactor()) : null);
            return;
        }
        for (SampleResult r : rows) {
            s.judge.record(SampleObservation.of(r));
        }
        if (s.jtl != null) {
            s.jtl.write(e, rows);
        }
    }

    @Override
    public void testEnded() {
        testEnded("");
    }

    @Override
    public void testEnded(String host) {
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
            endLive(s);
        }
    }

    private void finish(Session s) {
        s.judge.stop();
        RunOutcome outcome = s.engine.outcome();
        if (s.reporter != null) {
            EngineEnd.report(s.reporter, s.engine, s.run);
            return;
        }
        boolean refused = outcome.refused();
        Map<String, Object> reconciliation = new LinkedHashMap<>();
        if (!refused) {
            try {
                reconciliation = EngineBridge.reconcile();
            } catch (RuntimeException e) {
                log.error("{}: reconciliation failed", getName(), e);
                outcome.fail("reconciliation failed: " + EngineBridge.redactor().apply(String.valueOf(e)));
            }
            s.judge.uncheckableRules().forEach(outcome::fail);
            noteEarlyStop(s, outcome);
        }
        MetricsSummary metrics = s.run.finishMetrics();
        Path jtl = null;
        if (s.jtl != null) {
            try {
                s.jtl.close();
                jtl = s.jtl.file();
            } catch (IOException e) {
                s.problems.add("JTL incomplete: " + e);
            }
        }
        new EvidenceWriter(s.run, s.judge).name(getName()).jtl(jtl, generateDashboard)
                .published(publishedSummary(s.run)).plan(planFile(), JMeterUtils.getPropDefault("perf.profile", "full"))
                .facts(EngineBridge.target(), EngineBridge.seedVersion(), EngineBridge.seedSummaryFile())
                .started(s.start)
                .outcome(outcome.verdict(), outcome.failures(), abortReason(s, outcome), outcome.stoppedEarly())
                .reconciliation(reconciliation, EngineBridge.counters()).metrics(metrics).problems(s.problems)
                .redactor(EngineBridge.redactor()).live(s.live == null ? null : s.live.recorder())
                .baseline(baselineOf(s.judge)).onFailure(outcome::fail).write();
    }

    /**
     * The start gate of a distributed run for thread groups that have none of their own: a thread waits here, before
     * its first sample, until every engine is ready; one whose run was called off stops at once.
     */
    @Override
    public void threadStarted() {
        EngineRun.find().ifPresent(r -> {
            if (!r.awaitStart()) {
                JMeterThread t = JMeterContextService.getContext().getThread();
                if (t != null) {
                    t.stop();
                }
            }
        });
    }

    @Override
    public void threadFinished() {
        // nothing per thread
    }

    /**
     * Java serialization happens only when a distributed client sends the plan to a jmeter-server: the copy each engine
     * gets carries the stub of the run's one controller, created here on the client for the first engine.
     */
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeObject(ClientController.forThisRun(new ClientController.Settings(getName(),
                getPropertyAsString("thresholds"), getPropertyAsString("abortRules"),
                getPropertyAsBoolean("writeJtl", true), getPropertyAsBoolean("generateDashboard", true),
                publishedSummaryFor(getPropertyAsString("summaryFile")), planFile(),
                JMeterUtils.getPropDefault("perf.profile", "full"))));
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Object controller = in.readObject();
        if (controller instanceof RunController c) {
            EngineLink.offer(c);
        }
    }

    private static void endLive(Session s) {
        if (s.live != null) {
            s.live.close();
        }
    }

    /**
     * The previous run of {@code -Jperf.baseline}, checked at start: thresholds written against a baseline need one,
     * and a missing, unreadable or other plan's summary refuses the run.
     */
    private static BaselineRun baselineOf(RunJudge judge) {
        return judge.baseline() instanceof BaselineRun b ? b : null;
    }

    private static Optional<BaselineRun> baselineFor(RunJudge judge, EvidenceRun run) {
        String given = africa.easymo.perf.run.RunSettings.get(BaselineRun.PROPERTY).orElse(null);
        if (given == null || given.isBlank()) {
            if (judge.needsBaseline()) {
                throw new IllegalArgumentException(
                        "a threshold is written against a baseline but " + BaselineRun.PROPERTY + " is not set: -J"
                                + BaselineRun.PROPERTY + "=<a previous run summary or run folder>");
            }
            return Optional.empty();
        }
        return Optional.of(BaselineRun.load(EvidenceLayout.planFolder().resolve(given.trim()).normalize(), run.plan()));
    }

    private static String abortReason(Session s, RunOutcome outcome) {
        String fired = s.judge.abortReason();
        return fired != null ? fired : outcome.abortReason();
    }

    /**
     * A stop that no abort rule, interrupt, failure or element of the plan asked for (StopTestNow, Shutdown, the GUI's
     * stop button) ended the run before its schedule: the summary says how far it got.
     */
    private static void noteEarlyStop(Session s, RunOutcome outcome) {
        // Every stop the plugin itself asks for is recorded as an abort, an interrupt or a planned end; a run that also
        // failed still says it was stopped early (its verdict stays failed).
        if (!EngineStop.stopRequested() || outcome.abortReason() != null || outcome.interruptedBy() != null
                || outcome.plannedEnd() != null) {
            return;
        }
        double ran = (System.currentTimeMillis() - s.engine.startMillis()) / 1000.0;
        String how = String.format(Locale.ROOT, "stopped by request after %.1f s", ran);
        OptionalDouble scheduled = s.engine.scheduledSeconds();
        if (scheduled.isPresent()) {
            how += String.format(Locale.ROOT, " of a %.0f s schedule (%.0f %%)", scheduled.getAsDouble(),
                    Math.min(100, 100 * ran / scheduled.getAsDouble()));
        }
        outcome.stoppedEarly(how);
    }

    private static String planFile() {
        String script = FileServer.getFileServer().getScriptName();
        return script == null ? null : EvidenceLayout.planFolder().resolve(script).toString();
    }

    /** {@value #OUTPUT_FILE_SETTING} (property over environment), else the element's field, else the default. */
    private Path publishedSummary(EvidenceRun run) {
        Path p = publishedSummaryFor(summaryFile);
        return p != null ? p : run.root().resolve(run.plan() + "-summary.json");
    }

    /** As {@link #publishedSummary(EvidenceRun)}, null for the default (next to the run folders). */
    private static Path publishedSummaryFor(String summaryFile) {
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
        return null;
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
