package africa.easymo.perf.run;

import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testelement.AbstractTestElement;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.visualizers.Visualizer;

/**
 * A listener that sees every finished sample of the whole run through one shared instance (no per-thread clone), so its
 * state is engine-wide and must be thread-safe. It is a {@link Visualizer} only so that TestBeanGUI files it under
 * Listeners; results arrive through {@link #sampleOccurred}, never through {@link #add}.
 */
public abstract class RunListener extends AbstractTestElement
        implements TestBean, SampleListener, TestStateListener, NoThreadClone, Visualizer {
    private static final long serialVersionUID = 1L;

    @Override
    public final void sampleStarted(SampleEvent e) {
        // Only finished samples count.
    }

    @Override
    public final void sampleStopped(SampleEvent e) {
        // Only finished samples count.
    }

    @Override
    public final void add(SampleResult sample) {
        // Nothing to show: see the class comment.
    }

    @Override
    public final boolean isStats() {
        return false;
    }
}
