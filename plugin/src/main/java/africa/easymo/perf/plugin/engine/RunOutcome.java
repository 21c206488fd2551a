package africa.easymo.perf.plugin.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.jmeter.JMeter;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this run passed, for everyone in the JVM. Non-GUI JMeter exits 0 whatever happened (even when a
 * {@code testStarted()} throws), so a failed run installs a shutdown hook that runs the registered flushes and then
 * {@link Runtime#halt(int) halts} with {@link #EXIT_FAILED}. JMeter only reaches {@code System.exit} after its HTML
 * dashboard is written, and {@code halt} skips every other shutdown hook: writers that buffer must register a
 * {@link #beforeHalt(String, Runnable) flush}.
 */
public final class RunOutcome {
    /** The process exit code of a failed run in non-GUI mode. */
    public static final int EXIT_FAILED = 1;

    private static final Logger log = LoggerFactory.getLogger(RunOutcome.class);
    private static final List<String> failures = new CopyOnWriteArrayList<>();
    private static final List<Flush> flushes = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean hookInstalled = new AtomicBoolean();
    private static volatile boolean haltEnabled = true;

    private RunOutcome() {
    }

    /** Marks the run failed: logged once as an error line (console and jmeter.log); the test keeps running. */
    public static void fail(String reason) {
        failures.add(reason);
        String line = "easymo-perf: run FAILED: " + reason;
        log.error(line);
        System.err.println(line);
        armExitCode();
    }

    /** Marks the run failed and asks every thread to stop after its current sample. */
    public static void abort(String reason) {
        fail("aborted: " + reason);
        StandardJMeterEngine.stopEngine();
    }

    /**
     * For a config element or sampler that finds the run cannot start: records the failure, prints the one clear line,
     * arms the exit code, and returns the exception to throw from {@code testStarted()} so that no sample is sent.
     */
    public static EngineStartException refuseStart(String reason) {
        failures.add(reason);
        String line = "easymo-perf: test not started: " + reason;
        log.error(line);
        System.err.println(line);
        armExitCode();
        return new EngineStartException(reason);
    }

    /** Everything that failed this run, in order. */
    public static List<String> failures() {
        return List.copyOf(failures);
    }

    public static boolean failed() {
        return !failures.isEmpty();
    }

    /**
     * Registers a flush that runs, in registration order, in the shutdown hook before the process halts (and before
     * nothing else in GUI mode). Registering the same name again replaces the earlier flush.
     */
    public static void beforeHalt(String name, Runnable flush) {
        flushes.removeIf(f -> f.name.equals(name));
        flushes.add(new Flush(name, flush));
    }

    /** Called when a new run starts in this JVM (GUI or tests run several): forgets the previous run's failures. */
    static void reset() {
        failures.clear();
    }

    /** Tests that run JMeter in-process must not have their JVM halted. */
    public static void disableHaltForTests() {
        haltEnabled = false;
    }

    private static void armExitCode() {
        if (!haltEnabled || !JMeter.isNonGUI() || !hookInstalled.compareAndSet(false, true)) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(RunOutcome::haltIfFailed, "easymo-perf-exit-code"));
    }

    private static void haltIfFailed() {
        if (failures.isEmpty()) {
            return; // a later GUI-less run in the same JVM passed; keep JMeter's own exit code
        }
        for (Flush f : new ArrayList<>(flushes)) {
            try {
                f.flush.run();
            } catch (RuntimeException | Error e) {
                System.err.println("easymo-perf: flush " + f.name + " failed before exit: " + e);
            }
        }
        // Each failure already had its own line when it happened: repeating it here would make two lines of one cause.
        int n = failures.size();
        System.err.println("easymo-perf: exiting with code " + EXIT_FAILED + " (" + n
                + (n == 1 ? " failure" : " failures") + ", printed above)");
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(EXIT_FAILED);
    }

    private record Flush(String name, Runnable flush) {
    }
}
