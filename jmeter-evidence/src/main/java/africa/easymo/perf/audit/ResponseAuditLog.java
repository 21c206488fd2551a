package africa.easymo.perf.audit;

import africa.easymo.perf.run.RunStart;
import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.evidence.EvidenceLayout;
import africa.easymo.perf.run.EngineRun;
import africa.easymo.perf.run.EngineShard;
import africa.easymo.perf.run.RunListener;
import africa.easymo.perf.run.RunSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Response Audit Log: one JSON line per HTTP exchange in its scope — {@code {ts, label, status_code, response_time_ms,
 * response_length, batch_reference, attempt, exception, body}} — written to {@code PERF_LOCUST_LOG} (default
 * {@code campaign-responses.log} in the evidence folder, {@code .perf/}) through a bounded background writer, with
 * every secret the engine knows redacted. At test end (also a stopped one) everything queued is written, and the HTTP
 * status distribution per label goes into the run evidence as {@value #EVIDENCE_SECTION}. Works in any plan; when no
 * element of the plan registers secrets with the run, nothing needs redacting.
 */
public class ResponseAuditLog extends RunListener {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ResponseAuditLog.class);

    public static final String DEFAULT_FILE_NAME = "campaign-responses.log";
    public static final String EVIDENCE_SECTION = "audit.status_codes";
    /** The environment variable (or JMeter property) that names the log file when the element's file is blank. */
    public static final String FILE_VARIABLE = "PERF_LOCUST_LOG";

    /** Longest a sampler waits for room in the queue before writing its line itself. */
    static final long OFFER_WAIT_MILLIS = 50;

    private String filename = "";
    private boolean httpOnly = true;
    private int queueCapacity = 10_000;

    private transient volatile AuditLogWriter writer;
    private transient volatile StatusDistribution statuses;
    private transient volatile Path file;

    @Override
    public void testStarted() {
        testStarted("");
    }

    @Override
    public void testStarted(String host) {
        RunStart.guard(() -> prepare(host));
    }

    /** Prepares this engine's share of the run; a refusal stops the engine before any thread starts. */
    private void prepare(String host) {
        setRunningVersion(true);
        TestBeanHelper.prepare(this);
        EngineRun run = EngineRun.join();
        Path target = resolveFile(run);
        try {
            AuditLogWriter w = AuditLogWriter.open(target, Math.max(16, queueCapacity), OFFER_WAIT_MILLIS);
            this.file = target;
            this.statuses = new StatusDistribution();
            this.writer = w;
            // A failed run halts the JVM from a shutdown hook, which skips our testEnded if it has not run yet.
            run.outcome().beforeHalt("response audit log " + target, w::flush);
            run.evidenceFile(target);
        } catch (IOException e) {
            throw run.outcome().refuseStart("Response Audit Log: cannot create " + target + ": " + e.getMessage()
                    + " (set PERF_LOCUST_LOG or the element's file)");
        }
        // Closed by the end hooks, which run once every thread is done and before the evidence is written: in a
        // distributed run the engine then sends the finished file to the controller.
        run.onTestEnd(EVIDENCE_SECTION, this::close);
        log.info("easymo-perf: response audit log -> {}", target);
    }

    @Override
    public void sampleOccurred(SampleEvent event) {
        AuditLogWriter w = writer;
        if (w == null) {
            return;
        }
        record(w, event.getResult());
    }

    private void record(AuditLogWriter w, SampleResult r) {
        SampleResult[] subs = r.getSubResults();
        if (subs != null && subs.length > 0) {
            // A parent (transaction, page with resources) is not an exchange; its leaves are.
            for (SampleResult s : subs) {
                record(w, s);
            }
            return;
        }
        if (httpOnly && !(r instanceof HTTPSampleResult)) {
            return;
        }
        String line = AuditRecord.line(r, redactor());
        w.write(line);
        String code = r.getResponseCode();
        Integer status = code != null && code.length() == 3 && code.chars().allMatch(Character::isDigit)
                ? Integer.valueOf(code) : null;
        statuses.record(r.getSampleLabel(), status);
    }

    private static Redactor redactor() {
        return EngineRun.find().map(EngineRun::redactor).orElse(Redactor.none());
    }

    @Override
    public void testEnded() {
        testEnded("");
    }

    @Override
    public void testEnded(String host) {
        close();
    }

    private synchronized void close() {
        AuditLogWriter w = writer;
        if (w == null) {
            return;
        }
        writer = null;
        w.close();
        Map<String, Object> ev = evidence(w);
        EngineRun.find().ifPresent(run -> run.evidence().put(EVIDENCE_SECTION, ev));
        log.info("easymo-perf: response audit log {}: {} lines, status codes per label {}", file, w.written(),
                statuses.snapshot());
        if (w.failed() > 0 || w.firstError() != null) {
            EngineRun.find().ifPresent(run -> run.outcome().fail("response audit log " + file + ": " + w.failed()
                    + " lines could not be written: " + w.firstError()));
        }
    }

    private Map<String, Object> evidence(AuditLogWriter w) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("file", String.valueOf(file));
        ev.put("lines", w.written());
        ev.put("failedLines", w.failed());
        ev.put("byLabel", statuses.snapshot());
        return ev;
    }

    /**
     * The element's file, else {@code PERF_LOCUST_LOG} (property over environment), else {@value #DEFAULT_FILE_NAME} in
     * the evidence root; relative paths resolve against the plan's folder. With several engines
     * ({@code perf.shard.count} > 1) each writes its own {@code …-shard<N>} file, since they may share a disk.
     */
    Path resolveFile(EngineRun run) {
        String name = filename == null ? "" : filename.trim();
        if (name.isEmpty()) {
            name = RunSettings.get(FILE_VARIABLE).orElse("");
        }
        Path p = name.isEmpty() ? EvidenceLayout.root().resolve(DEFAULT_FILE_NAME)
                : FileServer.getFileServer().getResolvedFile(name).toPath();
        p = p.toAbsolutePath().normalize();
        EngineShard shard = run.shard();
        if (shard.count() > 1) {
            String f = p.getFileName().toString();
            int dot = f.lastIndexOf('.');
            String sharded = dot > 0 ? f.substring(0, dot) + "-shard" + shard.index() + f.substring(dot)
                    : f + "-shard" + shard.index();
            p = p.resolveSibling(sharded);
        }
        return p;
    }

    /** Lines written so far (for tests). */
    long linesWritten() {
        AuditLogWriter w = writer;
        return w == null ? 0 : w.written();
    }

    public String getFilename() {
        return filename;
    }

    public void setFilename(String filename) {
        this.filename = filename;
    }

    public boolean isHttpOnly() {
        return httpOnly;
    }

    public void setHttpOnly(boolean httpOnly) {
        this.httpOnly = httpOnly;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

}
