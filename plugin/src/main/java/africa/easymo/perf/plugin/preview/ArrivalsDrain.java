package africa.easymo.perf.plugin.preview;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.jmeter.threads.AbstractThreadGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a jmeter-plugins arrivals thread group whose schedule is over but whose threads wait for arrivals that will
 * never come.
 *
 * <p>
 * When the concurrency limit drops arrivals (all 500 threads busy: exactly what a spike against a slow server does),
 * casutg 2.10 still counts them as scheduled, sets that count as the group's arrivals limit at the end of the schedule
 * and parks every idle thread in its pool until the limit is reached, which never happens: the run hangs after its
 * last sample. Once the group's starter has published its limit (the schedule is over), this lowers the limit to one
 * arrival, so threads finishing a sample stop instead of parking, and wakes the parked ones, which then stop too. No
 * arrival is lost: the schedule had already ended. Reflection keeps the plugin free of a casutg dependency; any other
 * thread group is left alone.
 */
final class ArrivalsDrain implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ArrivalsDrain.class);
    private static final String ARRIVALS_GROUP = "com.blazemeter.jmeter.threads.arrivals.ArrivalsThreadGroup";
    private static final long POLL_MILLIS = 250;

    private final Set<AbstractThreadGroup> groups = ConcurrentHashMap.newKeySet();
    private final Set<AbstractThreadGroup> drained = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private volatile Thread thread;

    /** Watches the group from now on, if it is an arrivals thread group. Cheap when already watched. */
    void watch(AbstractThreadGroup group) {
        if (group == null || groups.contains(group) || !isArrivalsGroup(group.getClass())) {
            return;
        }
        if (groups.add(group)) {
            start();
        }
    }

    private synchronized void start() {
        if (thread == null && !stopped) {
            Thread t = new Thread(this, "easymo-perf arrivals drain");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            for (AbstractThreadGroup g : groups) {
                if (!drained.contains(g) && drainIfStuck(g)) {
                    drained.add(g);
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** True when the group's schedule is over (and it was released if it needed to be). */
    static boolean drainIfStuck(AbstractThreadGroup g) {
        try {
            Class<?> c = g.getClass();
            String limit = (String) c.getMethod("getArrivalsLimit").invoke(g);
            long published = parse(limit);
            if (published <= 0) {
                return false; // the schedule is still running
            }
            if (Boolean.TRUE.equals(c.getMethod("isLimitReached").invoke(g))) {
                return true; // every scheduled arrival happened: the group ends by itself
            }
            log.info("easymo-perf: '{}' scheduled {} arrivals but its concurrency limit dropped some; the schedule is "
                    + "over, releasing its idle threads", g.getName(), published);
            c.getMethod("setArrivalsLimit", String.class).invoke(g, "1");
            Method release = c.getMethod("releaseAllPoolThreads");
            release.invoke(g);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("easymo-perf: cannot check thread group '{}' for parked threads: {}", g.getName(), e.toString());
            return true;
        }
    }

    static boolean isArrivalsGroup(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().equals(ARRIVALS_GROUP)) {
                return true;
            }
        }
        return false;
    }

    private static long parse(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
