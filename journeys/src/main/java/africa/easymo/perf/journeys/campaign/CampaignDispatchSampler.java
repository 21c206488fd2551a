package africa.easymo.perf.journeys.campaign;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.summary.CampaignDispatch;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.journeys.campaign.BatchDecision.Acknowledged;
import africa.easymo.perf.journeys.campaign.BatchDecision.GiveUp;
import africa.easymo.perf.journeys.campaign.BatchDecision.Retry;
import africa.easymo.perf.journeys.campaign.BatchDecision.Unauthorized;
import africa.easymo.perf.journeys.JourneySampler;
import africa.easymo.perf.http.HttpRequestSpec;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaign Dispatch: sends the seed summary's bulk targets to the campaign dispatcher ({@code POST
 * PERF_CAMPAIGN_DISPATCH_URL}) in batches cut from one engine-wide cursor, so every target goes out in exactly one
 * batch; with several jmeter-server engines each takes its own slice ({@code perf.shard.index} /
 * {@code perf.shard.count}).
 *
 * <p>
 * Each iteration sends one batch and is one sample. A 429, a 5xx or a dropped connection leaves the batch in this
 * thread's retry slot: the next iteration waits for {@code Retry-After} (or backoff with jitter) and sends the same
 * batch under the same batchReference; it is never cut again. A thread with nothing left to send stops; the one that
 * sees the last batch acknowledged ends the test. A 401 (wrong bridge secret) stops the whole run with one line. At
 * test end the exactly-once check runs against the database ({@link CampaignReconciliation}).
 */
public class CampaignDispatchSampler extends JourneySampler<DispatchRun> {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(CampaignDispatchSampler.class);

    public static final String COUNTER_DISPATCHED = "campaign.targets_dispatched";
    public static final String COUNTER_TWICE = "campaign.targets_dispatched_twice";
    public static final String COUNTER_WABA_THROTTLED = "campaign.waba_throttled";
    public static final String COUNTER_POLICY_BLOCKED = "campaign.policy_blocked";
    public static final String EVIDENCE_SECTION = "reconciliation.campaign";
    private int batchSize = 100;
    private int maxPerMinute = 600;
    private int maxInflight = 8;
    private int maxAttempts = 10;
    private String source = "easymo-perf-jmeter";
    private boolean reconcile = true;
    private int wabaThrottledAbortPercent = 5;

    /** This thread's batch waiting for its retry (per-thread: every thread has its own clone). */
    private transient PendingRetry pending;

    // ---- test start: refuse early, before any sample ----

    public CampaignDispatchSampler() {
        super("Campaign Dispatch sampler");
    }

    @Override
    protected void prepare(EasymoRun ctx, String who, SeedSummary summary) {
        CampaignDispatch cd = summary.campaignDispatch();
        if (cd == null || cd.bulkTargetMsisdns() == null || cd.bulkTargetMsisdns().isEmpty()) {
            throw EasymoRun.join().outcome().refuseStart(who + ": the seed summary "
                    + ctx.summaryFile().map(String::valueOf).orElse("") + " has no campaignDispatch.bulkTargetMsisdns");
        }
        if (batchSize < 1 || maxPerMinute < 1 || maxInflight < 1 || maxAttempts < 1) {
            throw EasymoRun.join().outcome()
                    .refuseStart(who + ": batch size, throttle max per minute, max inflight and max attempts "
                            + "must be positive (got " + batchSize + ", " + maxPerMinute + ", " + maxInflight + ", "
                            + maxAttempts + ")");
        }
        ctx.requireEndpoint(Setting.PERF_CAMPAIGN_DISPATCH_URL, who);
        ctx.requireTarget(who).requireSecret(Setting.BRIDGE_SHARED_SECRET, who, ctx.outcome());
        ctx.shard();
        // Declared at zero: a threshold on a counter no scenario registered fails as a typo, and a clean run never
        // touches the twice counter.
        for (String counter : new String[] { COUNTER_DISPATCHED, COUNTER_TWICE, COUNTER_WABA_THROTTLED,
                COUNTER_POLICY_BLOCKED }) {
            ctx.counters().counter(counter);
        }
    }

    // ---- one iteration ----

    @Override
    protected SampleResult sample(EasymoRun ctx, DispatchRun run) {
        if (run.aborted()) {
            stopThisThread();
            return null;
        }
        PendingRetry retry = pending;
        pending = null;
        CampaignBatch batch;
        int attempt;
        if (retry != null) {
            if (!sleepUntil(retry.due)) {
                // Stopping: the batch stays unacknowledged, which the reconciliation reports.
                pending = retry;
                return null;
            }
            batch = retry.batch;
            attempt = retry.attempt;
        } else {
            batch = run.next();
            if (batch == null) {
                finishThread(run);
                return null;
            }
            attempt = 1;
        }
        if (run.aborted()) {
            run.abandon(batch);
            stopThisThread();
            return null;
        }
        return send(ctx, run, batch, attempt);
    }

    private HTTPSampleResult send(EasymoRun ctx, DispatchRun run, CampaignBatch batch, int attempt) {
        HttpRequestSpec spec = CampaignRequests.batch(ctx.target(), ctx.summary(), batch,
                new CampaignRequests.Throttle(maxPerMinute, maxInflight, source));
        run.attempted(attempt > 1);
        DispatchedBatchResult r = ctx.http().execute(spec, new DispatchedBatchResult(batch, attempt));
        r.setSampleLabel(getName());
        BatchDecision d = CampaignVerdicts.judge(batch, attempt, r,
                ctx.summary().campaignDispatch().bulkTargetMsisdns(), maxAttempts, ctx.redactor());
        r.setSuccessful(d instanceof Acknowledged);
        if (d instanceof Acknowledged a) {
            CampaignVerdicts.count(ctx.counters(), run, batch, a);
            CampaignVerdicts.wabaThrottlingAbort(ctx.counters(), run, wabaThrottledAbortPercent)
                    .ifPresent(ctx.outcome()::abort);
            if (run.finished()) {
                endTest(run);
            }
            r.setResponseMessage(r.getResponseMessage() + (a.status() == 200 ? " (replay)" : ""));
        } else if (d instanceof Retry retry) {
            pending = new PendingRetry(batch, retry.nextAttempt(), System.nanoTime() + retry.delay().toNanos());
            log.debug("campaign: {}; retrying in {} ms", retry.why(), retry.delay().toMillis());
        } else if (d instanceof GiveUp g) {
            if (!g.attemptsRanOut()) {
                r.setResponseMessage(r.getResponseMessage() + " (batch given up: not retryable)");
            }
            run.abandon(batch);
            ctx.outcome().fail(g.failure());
        } else if (d instanceof Unauthorized u) {
            r.setResponseMessage("unauthorized");
            run.abandon(batch);
            if (run.abort()) {
                ctx.outcome()
                        .abort("campaign dispatcher "
                                + ctx.target().endpoint(Setting.PERF_CAMPAIGN_DISPATCH_URL).map(String::valueOf)
                                        .orElse("")
                                + " answered 401 unauthorized to " + u.what()
                                + ": BRIDGE_SHARED_SECRET (sent as x-bridge-secret) is wrong or missing");
            }
            stopThisThread();
        }
        return r;
    }

    // ---- engine-wide state ----

    // Created on the first sample, not in prepare(): the run and its reconciliation hook exist only for a dispatcher
    // whose thread group actually sampled, so a plan whose campaign group never runs (0 threads, or the start was
    // refused by another element) does not reconcile, and fail, a dispatch that never happened. One run per sampler
    // name, as several dispatchers of one plan each cut their own batches.

    @Override
    protected DispatchRun run(EasymoRun ctx) {
        return ctx.journey(CampaignRuns.class, e -> new CampaignRuns()).of(getName(), () -> {
            SeedSummary s = ctx.summary();
            CampaignDispatch cd = s.campaignDispatch();
            String prefix = ctx.target().idempotencyKey(cd.batchReference());
            DispatchRun r = new DispatchRun(
                    new BatchPlan(cd.bulkTargetMsisdns().size(), ctx.shard(), batchSize, prefix));
            log.info("easymo-perf: campaign dispatch '{}': shard {}/{} holds targets [{}, {}) in {} batches of {}",
                    getName(), ctx.shard().index(), ctx.shard().count(), r.plan().from(), r.plan().to(),
                    r.plan().batches(), batchSize);
            if (reconcile) {
                ctx.onTestEnd(EVIDENCE_SECTION + ":" + getName(), () -> new CampaignReconciliation(ctx, r).run());
            }
            return r;
        });
    }

    private void finishThread(DispatchRun run) {
        if (run.finished()) {
            endTest(run);
        }
        stopThisThread();
    }

    private static void endTest(DispatchRun run) {
        if (run.claimEnd()) {
            log.info("easymo-perf: campaign dispatch finished: {} batches acknowledged, {} given up; ending the test",
                    run.batchesAcknowledged(), run.batchesAbandoned());
            // the plan's own end, not a stop before its schedule ended
            EasymoRun.find().ifPresent(r -> r.outcome().endAsPlanned("every batch of the campaign was sent"));
            JMeterContext c = JMeterContextService.getContext();
            if (c.getEngine() != null) {
                c.getEngine().askThreadsToStop();
            }
        }
    }

    /** Sleeps until {@code dueNanos}; false when interrupted (the test is stopping). */
    private static boolean sleepUntil(long dueNanos) {
        long left;
        while ((left = dueNanos - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, Math.min(left / 1_000_000L, 1000)));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private record PendingRetry(CampaignBatch batch, int attempt, long due) {
    }

    // ---- bean properties ----

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getMaxPerMinute() {
        return maxPerMinute;
    }

    public void setMaxPerMinute(int maxPerMinute) {
        this.maxPerMinute = maxPerMinute;
    }

    public int getMaxInflight() {
        return maxInflight;
    }

    public void setMaxInflight(int maxInflight) {
        this.maxInflight = maxInflight;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public int getWabaThrottledAbortPercent() {
        return wabaThrottledAbortPercent;
    }

    public void setWabaThrottledAbortPercent(int percent) {
        this.wabaThrottledAbortPercent = percent;
    }

    public boolean isReconcile() {
        return reconcile;
    }

    public void setReconcile(boolean reconcile) {
        this.reconcile = reconcile;
    }
}
