package africa.easymo.perf.plugin.evidence;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;

/**
 * A sampler whose results are made up, deterministically: the n-th sample of the run takes {@code (n·37) mod span}
 * ms (stamped, not slept), and every {@code failEvery}-th answers 503. It pauses {@code pauseMs} of real time per
 * sample so abort windows see time pass.
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

    @Override
    public SampleResult sample(Entry e) {
        int n = SEQUENCE.incrementAndGet();
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
        return r;
    }
}
