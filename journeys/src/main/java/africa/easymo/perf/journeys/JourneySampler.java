package africa.easymo.perf.journeys;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.run.RunStart;

import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;

/**
 * A journey's sampler: a thin TestBean shell over its journey's plain-Java pieces (run state and cursor, requests,
 * verdicts, reconciliation). It prepares its run once per engine in {@link #prepare(EasymoRun, String, SeedSummary)}
 * (refusing the start with {@code RunOutcome.refuseStart} when it cannot run) and leaves its end-of-test work to the
 * engine context's end hooks, which run once, after every thread finished and before any evidence is written. Each
 * iteration finds the journey's engine-wide run and samples against it; a sampler whose run was never prepared gives a
 * failed "Not started" sample.
 *
 * @param <R>
 *            the journey's engine-wide run state
 */
public abstract class JourneySampler<R> extends AbstractSampler implements TestBean, TestStateListener {
    private static final long serialVersionUID = 1L;

    /** The element's kind as console and log lines name it, e.g. "Station Redeem sampler". */
    private final String element;

    protected JourneySampler(String element) {
        this.element = element;
    }

    /**
     * Prepares this engine's share of the run; a refusal stops the engine before any thread starts.
     *
     * @param who
     *            this element as refusals name it, e.g. {@code Station Redeem sampler 'redeem'}
     * @param summary
     *            the run's seed summary, which every journey needs
     */
    protected abstract void prepare(EasymoRun ctx, String who, SeedSummary summary);

    /** This journey's run on this engine, or null when its start never prepared it. */
    protected abstract R run(EasymoRun ctx);

    /** One iteration of the journey against its run: the sample, or null when this thread has nothing to send. */
    protected abstract SampleResult sample(EasymoRun ctx, R run);

    @Override
    public final SampleResult sample(Entry e) {
        EasymoRun ctx = EasymoRun.current();
        R run = run(ctx);
        return run == null ? notStarted() : sample(ctx, run);
    }

    @Override
    public final void testStarted() {
        testStarted("");
    }

    @Override
    public final void testStarted(String host) {
        RunStart.guard(() -> {
            TestBeanHelper.prepare(this);
            EasymoRun ctx = EasymoRun.join();
            String who = element + " '" + getName() + "'";
            prepare(ctx, who, ctx.requireSummary(who));
        });
    }

    @Override
    public final void testEnded() {
        testEnded("");
    }

    @Override
    public void testEnded(String host) {
        // Reconciliations are end hooks of the engine context (EasymoRun.onTestEnd), not per-element work.
    }

    /**
     * The result of a sample whose run was never prepared (its start was refused or failed): a failed sample that
     * points at jmeter.log, where the reason was written once.
     */
    protected final SampleResult notStarted() {
        SampleResult r = new SampleResult();
        r.setSampleLabel(getName());
        r.setSuccessful(false);
        r.setResponseCode("Not started");
        r.setResponseMessage("the " + element + " did not start: see jmeter.log");
        return r;
    }

    /** The seed summary's file name for refusals, or "seed summary" when it came from elsewhere. */
    protected static String summaryFileName(EasymoRun ctx) {
        return ctx.summaryFile().map(p -> p.getFileName().toString()).orElse("seed summary");
    }

    /** Stops the calling JMeter thread after this sample: its journey has nothing left for it. */
    protected static void stopThisThread() {
        JMeterContext jc = JMeterContextService.getContext();
        JMeterThread t = jc == null ? null : jc.getThread();
        if (t != null) {
            t.stop();
        }
    }
}
