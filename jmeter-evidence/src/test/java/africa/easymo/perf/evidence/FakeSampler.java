package africa.easymo.perf.evidence;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;

import africa.easymo.perf.run.EngineRun;

/**
 * A sampler whose results are made up, deterministically: the n-th sample of the run takes {@code (n·37) mod span} ms
 * (stamped, not slept), and every {@code failEvery}-th answers 503. It pauses {@code pauseMs} of real time per sample
 * so abort windows see time pass.
 */
public class FakeSampler extends AbstractSampler {

    private static final long serialVersionUID = 1L;
    static final AtomicInteger SEQUENCE = new AtomicInteger();

    public static FakeSampler of(String label, int span, int failEvery, int pauseMs) {
        FakeSampler s = new FakeSampler();
        s.setName(label);
        s.setProperty("span", span);
        s.setProperty("failEvery", failEvery);
        s.setProperty("pauseMs", pauseMs);
        return s;
    }

    /** Each sample carries sub-results with these labels (like the preview's image and PDF fetches). */
    public FakeSampler withSubResults(String... labels) {
        setProperty("subLabels", String.join("|", labels));
        return this;
    }

    /** The first sample fails the run the way a scenario does (a fatal answer, a failed reconciliation). */
    public FakeSampler failingTheRun(String reason) {
        setProperty("runFailure", reason);
        return this;
    }

    /** The first sample aborts the run the way a scenario does (not through an abort rule). */
    public FakeSampler abortingTheRun(String reason) {
        setProperty("runAbort", reason);
        return this;
    }

    /** Registers a scenario counter at zero, as the journeys' samplers do. */
    public FakeSampler registeringCounter(String name) {
        setProperty("counter", name);
        return this;
    }

    @Override
    public SampleResult sample(Entry e) {
        int n = SEQUENCE.incrementAndGet();
        if (!getPropertyAsString("counter").isEmpty()) {
            EngineRun.current().counters().counter(getPropertyAsString("counter"));
        }
        if (n == 1 && !getPropertyAsString("runFailure").isEmpty()) {
            EngineRun.current().outcome().fail(getPropertyAsString("runFailure"));
        }
        if (n == 1 && !getPropertyAsString("runAbort").isEmpty()) {
            EngineRun.current().outcome().abort(getPropertyAsString("runAbort"));
        }
        int pause = getPropertyAsInt("pauseMs");
        if (pause > 0) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        SampleResult r = new SampleResult();
        r.setSampleLabel(getName());
        long elapsed = (n * 37L) % getPropertyAsInt("span");
        r.setStampAndTime(System.currentTimeMillis() - elapsed, elapsed);
        int failEvery = getPropertyAsInt("failEvery");
        boolean fail = failEvery > 0 && n % failEvery == 0;
        r.setResponseCode(fail ? "503" : "200");
        r.setResponseMessage(fail ? "Service Unavailable" : "OK");
        r.setSuccessful(!fail);
        r.setDataType(SampleResult.TEXT);
        String subLabels = getPropertyAsString("subLabels");
        if (!subLabels.isEmpty()) {
            String[] labels = subLabels.split("\\|");
            for (int i = 0; i < labels.length; i++) {
                SampleResult sub = new SampleResult();
                sub.setSampleLabel(labels[i]);
                long subElapsed = (n * 53L + i * 29L) % getPropertyAsInt("span");
                sub.setStampAndTime(r.getStartTime(), subElapsed);
                sub.setResponseCode("200");
                sub.setResponseMessage("OK");
                sub.setSuccessful(true);
                sub.setDataType(SampleResult.BINARY);
                r.storeSubResult(sub, false); // keeps its label, as the preview sampler does
            }
        }
        return r;
    }
}
