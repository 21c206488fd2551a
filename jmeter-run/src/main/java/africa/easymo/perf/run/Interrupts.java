package africa.easymo.perf.run;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.jmeter.JMeter;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM in a non-GUI run. JMeter has no handler of its own: the JVM would exit at once, cutting the JTL
 * mid-row and leaving no summary. Here the first signal stops the test gracefully (every thread finishes its current
 * sample, then the evidence is written as for any run, with the verdict {@link RunVerdict#INTERRUPTED}); a second
 * signal, or {@value #GRACE_PROPERTY} seconds without the run ending, exits at once with
 * {@link RunVerdict#INTERRUPTED}'s code after the registered flushes.
 */
public final class Interrupts {
    private static final Logger log = LoggerFactory.getLogger(Interrupts.class);
    /** Seconds a graceful stop may take before the JVM exits anyway. */
    public static final String GRACE_PROPERTY = "perf.interrupt.grace.seconds";
    static final int DEFAULT_GRACE_SECONDS = 120;

    private static final AtomicBoolean installed = new AtomicBoolean();
    private static final AtomicInteger received = new AtomicInteger();
    /** What a signal stops: this JVM's engine, unless a distributed controller takes over. */
    private static final AtomicReference<Runnable> stopper = new AtomicReference<>(EngineStop::gracefully);

    private Interrupts() {
    }

    /** Installs the handlers once per non-GUI JVM; a signal the shell already ignores stays ignored. */
    static void install() {
        if (!JMeter.isNonGUI() || !installed.compareAndSet(false, true)) {
            return;
        }
        for (String name : new String[] { "INT", "TERM" }) {
            try {
                Signal.handle(new Signal(name), s -> onSignal("SIG" + s.getName()));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                log.debug("cannot handle SIG{}: {}", name, e.toString());
            }
        }
    }

    /** Replaces what the first signal stops (a distributed client has no engine of its own to stop). */
    public static void stopWith(Runnable stop) {
        stopper.set(stop);
    }

    static void onSignal(String signal) {
        EngineRun run = EngineRun.latest().orElse(null);
        int n = received.incrementAndGet();
        if (run == null) {
            System.err.println("easymo-perf: " + signal + " before any run started: exiting");
            ExitCode.exit(RunVerdict.INTERRUPTED.exitCode());
            return;
        }
        if (n > 1) {
            System.err.println("easymo-perf: " + signal + " again: exiting now; the evidence may be incomplete");
            haltNow(run);
            return;
        }
        int grace = grace();
        run.outcome().interrupt(signal);
        System.err.println("easymo-perf: " + signal + ": stopping gracefully; the evidence is written as usual (press "
                + "Ctrl-C again, or wait " + grace + " s, to exit at once)");
        log.warn("{} received: stopping the test gracefully", signal);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(grace * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("easymo-perf: the run did not end within " + grace + " s of " + signal
                    + ": exiting now; the evidence may be incomplete");
            haltNow(run);
        }, "easymo-perf-interrupt-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
        stopper.get().run();
    }

    private static void haltNow(EngineRun run) {
        run.outcome().runFlushes();
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(RunVerdict.INTERRUPTED.exitCode());
    }

    static int grace() {
        try {
            int s = Integer
                    .parseInt(JMeterUtils.getPropDefault(GRACE_PROPERTY, String.valueOf(DEFAULT_GRACE_SECONDS)).trim());
            return s > 0 ? s : DEFAULT_GRACE_SECONDS;
        } catch (NumberFormatException e) {
            return DEFAULT_GRACE_SECONDS;
        }
    }
}
