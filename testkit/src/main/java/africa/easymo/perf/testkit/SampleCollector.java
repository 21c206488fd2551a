package africa.easymo.perf.testkit;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.AbstractTestElement;

/** Keeps every sample result of a run (one shared instance for all threads). */
public class SampleCollector extends AbstractTestElement implements SampleListener, NoThreadClone {
    private static final long serialVersionUID = 1L;
    private final transient ConcurrentLinkedQueue<SampleResult> samples = new ConcurrentLinkedQueue<>();

    public SampleCollector() {
        setName("collector");
    }

    @Override
    public void sampleOccurred(SampleEvent e) {
        samples.add(e.getResult());
    }

    @Override
    public void sampleStarted(SampleEvent e) {
    }

    @Override
    public void sampleStopped(SampleEvent e) {
    }

    public List<SampleResult> samples() {
        return List.copyOf(samples);
    }
}
