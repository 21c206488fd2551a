package africa.easymo.perf.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one run ended and every reason it did not pass, in the order they happened. Each reason gets its one line on the
 * console and in jmeter.log when it is recorded; the {@link #verdict()} and the non-GUI exit code ({@link ExitCode})
 * follow from them.
 */
public final class RunOutcome {
    private static final Logger log = LoggerFactory.getLogger(RunOutcome.class);
    /** How an abort is recorded among the failures. */
    public static final String ABORTED_PREFIX = "aborted: ";
    /** JMeter property: {@code true} lets a run stopped before its schedule ended pass when nothing else failed. */
    public static final String EARLY_STOP_PASSES_PROPERTY = "perf.early.stop.passes";

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Flush> flushes = new CopyOnWriteArrayList<>();
    private volatile boolean refused;
    private volatile String abortReason;
    private volatile String interruptedBy;
    private volatile String stoppedEarly;
    private volatile String plannedEnd;

    private volatile java.util.function.Consumer<String> refusalListener = r -> {
    };

    RunOutcome() {
    }

    private volatile boolean stoppedAtStartGate;

    /**
     * Told of every refusal as it happens: a distributed engine tells its controller, which calls the start off for
     * every engine at the start gate. Such an engine is not stopped here: a jmeter-server stopped during its test start
     * never ends the test (no testEnded, and the client waits for it); it stops at the gate, before any sample.
     */
    void onRefusal(java.util.function.Consumer<String> listener) {
        refusalListener = listener;
        stoppedAtStartGate = true;
    }

    /** Marks the run failed: logged once as an error line (console and jmeter.log); the test keeps running. */
    public void fail(String reason) {
        failures.add(reason);
        String line = "easymo-perf: run FAILED: " + reason;
        log.error(line);
        System.err.println(line);
        ExitCode.arm();
    }

    /** Marks the run failed and aborted, and asks every thread to stop after its current sample. */
    public void abort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
        fail(ABORTED_PREFIX + reason);
        EngineStop.gracefully();
    }

    /**
     * For an element that finds the run cannot start: records the reason, prints the one clear line, arms the exit code
     * and stops the engine before any thread group starts. Returns the exception for the element to throw out of its
     * own start-up code; {@link RunStart#guard} catches it there, so JMeter still ends the run normally and the
     * evidence says why it did not start.
     */
    public EngineStartException refuseStart(String reason) {
        failures.add(reason);
        refused = true;
        String line = "easymo-perf: test not started: " + reason;
        log.error(line);
        System.err.println(line);
        ExitCode.arm();
        refusalListener.accept(reason);
        if (!stoppedAtStartGate) {
            EngineStop.beforeThreadsStart();
        }
        return new EngineStartException(reason);
    }

    /** SIGINT or SIGTERM: the run is stopping gracefully and will not pass. */
    public void interrupt(String signal) {
        if (interruptedBy == null) {
            interruptedBy = signal;
        }
        ExitCode.arm();
    }

    /**
     * The run was stopped before its schedule ended (a stop request, not an abort rule or an interrupt); {@code how}
     * says how far it got.
     */
    public void stoppedEarly(String how) {
        if (stoppedEarly == null) {
            stoppedEarly = how;
        }
        ExitCode.arm();
    }

    /**
     * An element ended the run on purpose before the thread groups' schedule did (all its work done), so the stop that
     * follows is the plan's own, not an early stop.
     */
    public void endAsPlanned(String why) {
        if (plannedEnd == null) {
            plannedEnd = why;
        }
    }

    /** How the run ends, from what was recorded so far. */
    public RunVerdict verdict() {
        if (refused) {
            return RunVerdict.REFUSED;
        }
        if (interruptedBy != null) {
            return RunVerdict.INTERRUPTED;
        }
        if (abortReason != null) {
            return RunVerdict.ABORTED;
        }
        if (!failures.isEmpty()) {
            return RunVerdict.FAILED;
        }
        if (stoppedEarly != null && !earlyStopsPass()) {
            return RunVerdict.STOPPED;
        }
        return RunVerdict.PASSED;
    }

    /** The process exit code of this run's verdict. */
    public int exitCode() {
        return verdict().exitCode();
    }

    static boolean earlyStopsPass() {
        return Boolean.parseBoolean(JMeterUtils.getPropDefault(EARLY_STOP_PASSES_PROPERTY, "false").trim());
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

    /** The first abort's reason, or null. */
    public String abortReason() {
        return abortReason;
    }

    /** The signal that interrupted the run ({@code SIGINT}, {@code SIGTERM}), or null. */
    public String interruptedBy() {
        return interruptedBy;
    }

    /** How far a run stopped early got, or null when it was not stopped early. */
    public String stoppedEarly() {
        return stoppedEarly;
    }

    /** Why an element ended the run before the schedule did, or null. */
    public String plannedEnd() {
        return plannedEnd;
    }

    /**
     * Registers a flush that runs, in registration order, before a non-GUI run that did not pass halts the JVM (which
     * skips every other shutdown hook). Registering the same name again replaces the earlier flush.
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
