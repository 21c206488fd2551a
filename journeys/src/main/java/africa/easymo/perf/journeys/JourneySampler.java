package africa.easymo.perf.journeys;

import africa.easymo.perf.journeys.setup.EasymoRun;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testelement.TestStateListener;

/**
 * A journey's sampler: a TestBean that prepares its run once per engine in {@link #testStarted(String)} (refusing the
 * start with {@link RunOutcome#refuseStart} when it cannot run) and leaves its end-of-test work to the engine context's
 * end hooks, which run once, after every thread finished and before any evidence is written.
 */
public abstract class JourneySampler extends AbstractSampler implements TestBean, TestStateListener {
    private static final long serialVersionUID = 1L;

    @Override
    public final void testStarted() {
        testStarted("");
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
     *
     * @param element
     *            the element's kind, e.g. "Station Redeem sampler"
     */
    protected final SampleResult notStarted(String element) {
        SampleResult r = new SampleResult();
        r.setSampleLabel(getName());
        r.setSuccessful(false);
        r.setResponseCode("Not started");
        r.setResponseMessage("the " + element + " did not start: see jmeter.log");
        return r;
    }
}
