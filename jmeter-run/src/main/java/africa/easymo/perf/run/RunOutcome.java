package africa.easymo.perf.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.jmeter.engine.StandardJMeterEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one run passed, and every reason it did not, in the order they happened. Each reason gets its one line on the
 * console and in jmeter.log when it is recorded; the non-GUI exit code follows from it ({@link ExitCode}).
 */
public final class RunOutcome {
    private static final Logger log = LoggerFactory.getLogger(RunOutcome.class);
    /** How an abort is recorded among the failures. */
    public static final String ABORTED_PREFIX = "aborted: ";

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Flush> flushes = new CopyOnWriteArrayList<>();
    private volatile boolean refused;

    RunOutcome() {
    }

    /** Marks the run failed: logged once as an error line (console and jmeter.log); the test keeps running. */
    public void fail(String reason) {
        failures.add(reason);
        String line = "easymo-perf: run FAILED: " + reason;
        log.error(line);
        System.err.println(line);
        ExitCode.arm();
    }

    /** Marks the run failed and asks every thread to stop after its current sample. */
    public void abort(String reason) {
        fail(ABORTED_PREFIX + reason);
        StandardJMeterEngine.stopEngine();
    }

    /**
     * For an element that finds the run cannot start: records the failure, prints the one clear line, arms the exit
     * code, and returns the exception to throw from {@code testStarted()} so that no sample is sent.
     */
    public EngineStartException refuseStart(String reason) {
        failures.add(reason);
        refused = true;
        String line = "easymo-perf: test not started: " + reason;
        log.error(line);
        System.err.println(line);
        ExitCode.arm();
        return new EngineStartException(reason);
    }

    /** Everything that failed this run, in order. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    public boolean failed() {
        return !failures.isEmpty();
    }

    /** True when an element refused to start the run. */
    public boolean refused() {
        return refused;
    }

    /**
     * Registers a flush that runs, in registration order, before a failed non-GUI run halts the JVM (which skips every
     * other shutdown hook). Registering the same name again replaces the earlier flush.
     */
    public void beforeHalt(String name, Runnable flush) {
        flushes.removeIf(f -> f.name.equals(name));
        flushes.add(new Flush(name, flush));
    }

    void runFlushes() {
        for (Flush f : new ArrayList<>(flushes)) {
            try {
                f.flush.run();
            } catch (RuntimeException | Error e) {
                System.err.println("easymo-perf: flush " + f.name + " failed before exit: " + e);
            }
        }
    }

    private record Flush(String name, Runnable flush) {
    }
}
