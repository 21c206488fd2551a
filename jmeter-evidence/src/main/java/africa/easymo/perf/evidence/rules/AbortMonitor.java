package africa.easymo.perf.evidence.rules;

import africa.easymo.perf.evidence.stats.SampleObservation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the abort rules while the run lasts: samples go into each rule's window on the sampler threads, and a daemon
 * thread checks every rule once a second. The first rule that fires is reported once; the rest of the run is the
 * caller's business (a graceful stop).
 */
public final class AbortMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AbortMonitor.class);

    private final List<AbortWindow> windows = new ArrayList<>();
    private final List<AbortRule> counterRules = new ArrayList<>();
    private final Function<String, OptionalLong> counters;
    private final Consumer<String> onAbort;
    private final AtomicReference<String> fired = new AtomicReference<>();
    private ScheduledExecutorService ticker;

    /**
     * @param counters
     *            scenario counter lookup, for {@code counter(...)} rules
     * @param onAbort
     *            called once, with the rule and the figure that fired it
     */
    public AbortMonitor(List<AbortRule> rules, Function<String, OptionalLong> counters, Consumer<String> onAbort) {
        for (AbortRule r : rules) {
            if (r.mode() == AbortRule.Mode.NOW) {
                counterRules.add(r);
            } else {
                windows.add(new AbortWindow(r));
            }
        }
        this.counters = counters;
        this.onAbort = onAbort;
    }

    public boolean isEmpty() {
        return windows.isEmpty() && counterRules.isEmpty();
    }

    /** Sampler thread. */
    public void record(SampleObservation s) {
        for (AbortWindow w : windows) {
            w.record(s);
        }
    }

    /** Starts the once-a-second check on a daemon thread. */
    public synchronized void start() {
        if (isEmpty() || ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perf-abort-rules");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            try {
                check(System.currentTimeMillis());
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again: keep watching.
                log.warn("Abort rule check failed: {}", e.toString(), e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Checks every rule at {@code nowMs}; the monitor thread calls it, tests call it with their own clock.
     *
     * @return the reason of the rule that fired (now or earlier), or null
     */
    public String check(long nowMs) {
        if (fired.get() != null) {
            return fired.get();
        }
        String reason = null;
        for (AbortWindow w : windows) {
            reason = w.check(nowMs);
            if (reason != null) {
                break;
            }
        }
        if (reason == null) {
            for (AbortRule r : counterRules) {
                OptionalLong v = counters.apply(r.metric().counterName());
                if (v.isPresent() && r.op().test(v.getAsLong(), r.limit())) {
                    reason = r.describe() + ": " + r.metric() + " was " + v.getAsLong();
                    break;
                }
            }
        }
        if (reason != null && fired.compareAndSet(null, reason)) {
            onAbort.accept(reason);
        }
        return fired.get();
    }

    /**
     * Every rule's figure at {@code nowMs}, as the next check reads it: read-only, for a live view (any thread).
     */
    public List<AbortRuleStatus> status(long nowMs) {
        List<AbortRuleStatus> out = new ArrayList<>();
        String firedReason = fired.get();
        long nowSecond = Math.floorDiv(nowMs, 1000);
        for (AbortWindow w : windows) {
            AbortRule r = w.rule();
            AbortWindow.Figure f = w.figure(nowSecond, r.probeSeconds());
            boolean breaching = f.samples() >= r.minSamples() && !Double.isNaN(f.value())
                    && r.op().test(f.value(), r.limit());
            out.add(new AbortRuleStatus(r.describe(), r.metric().toString(), r.metric().unit(), r.limit(), f.value(),
                    f.samples(), r.minSamples(), r.probeSeconds(), breaching,
                    firedReason != null && firedReason.startsWith(r.describe())));
        }
        for (AbortRule r : counterRules) {
            OptionalLong v = counters.apply(r.metric().counterName());
            double value = v.isPresent() ? v.getAsLong() : Double.NaN;
            boolean breaching = v.isPresent() && r.op().test(value, r.limit());
            out.add(new AbortRuleStatus(r.describe(), r.metric().toString(), r.metric().unit(), r.limit(), value, -1, 0,
                    0, breaching, firedReason != null && firedReason.startsWith(r.describe())));
        }
        return out;
    }

    /** The reason of the rule that fired, or null. */
    public String firedReason() {
        return fired.get();
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
