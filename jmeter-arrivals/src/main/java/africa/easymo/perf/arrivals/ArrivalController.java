package africa.easymo.perf.arrivals;

import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.samplers.Sampler;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.JMeterContextService;

/**
 * The main controller of an {@link ArrivalRateThreadGroup} thread: one pass over the group's children per arrival, and
 * between passes the thread waits in the group's pool for the next arrival instead of ending, so threads, their cloned
 * test trees and their keep-alive connections live for the whole run.
 *
 * <p>
 * A LoopController so the thread group's "start next thread loop" and "end of loop" actions (which JMeter casts to
 * LoopController) keep working; either simply ends the pass early.
 */
public class ArrivalController extends LoopController {
    private static final long serialVersionUID = 1L;

    private transient ArrivalRateThreadGroup group;
    private transient ArrivalRateThreadGroup.Worker worker;
    private transient boolean awaitBeforeNext;
    private transient boolean started;

    public ArrivalController() {
        setLoops(LoopController.INFINITE_LOOP_COUNT);
        setContinueForever(true);
    }

    @Override
    public Sampler next() {
        if (!started) {
            started = true;
            awaitBeforeNext = prestarted();
        }
        if (awaitBeforeNext) {
            awaitBeforeNext = false;
            if (!awaitArrival()) {
                setDone(true);
                return null;
            }
        }
        return super.next();
    }

    @Override
    protected Sampler nextIsNull() {
        reInitialize();
        awaitBeforeNext = true;
        return next();
    }

    @Override
    public void startNextLoop() {
        super.startNextLoop();
        awaitBeforeNext = true;
    }

    @Override
    public void triggerEndOfLoop() {
        super.triggerEndOfLoop();
        awaitBeforeNext = true;
    }

    private boolean prestarted() {
        ArrivalRateThreadGroup.Worker w = worker();
        return w != null && w.prestarted;
    }

    private boolean awaitArrival() {
        ArrivalRateThreadGroup.Worker w = worker();
        // only meaningful under its own thread group: elsewhere one pass and done
        return w != null && group.awaitArrival(w);
    }

    /** This thread's place in its group's pool, or null when the controller runs under another thread group. */
    private ArrivalRateThreadGroup.Worker worker() {
        if (worker == null) {
            AbstractThreadGroup g = JMeterContextService.getContext().getThreadGroup();
            if (!(g instanceof ArrivalRateThreadGroup arrivals)) {
                return null;
            }
            group = arrivals;
            worker = arrivals.workerOf(JMeterContextService.getContext().getThread());
        }
        return worker;
    }

    @Override
    public Object clone() {
        ArrivalController c = (ArrivalController) super.clone();
        c.group = null;
        c.worker = null;
        c.awaitBeforeNext = false;
        c.started = false;
        return c;
    }
}
