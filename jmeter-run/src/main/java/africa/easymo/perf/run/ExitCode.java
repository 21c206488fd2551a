package africa.easymo.perf.run;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.jmeter.JMeter;

/**
 * The process exit code of a non-GUI run: its {@link RunVerdict}'s. JMeter exits 0 whatever happened, so once a run
 * records anything that is not a pass, a shutdown hook runs that run's flushes and then {@link Runtime#halt(int) halts}
 * with the verdict's code. JMeter reaches {@code System.exit} only after its HTML dashboard is written, and
 * {@code halt} skips every other shutdown hook: writers that buffer register a flush with
 * {@link RunOutcome#beforeHalt}. Code that ends the JVM itself uses {@link #exit(int)}, which runs the hooks normally.
 */
public final class ExitCode {
    /** A failed run in non-GUI mode: a threshold, an abort rule, a reconciliation. */
    public static final int FAILED = RunVerdict.FAILED.exitCode();

    private static final AtomicReference<EngineRun> WATCHED = new AtomicReference<>();
    private static final AtomicBoolean hookInstalled = new AtomicBoolean();
    private static volatile boolean haltEnabled = true;
    private static volatile boolean exiting;

    private ExitCode() {
    }

    /** Tests that run JMeter in-process must not have their JVM halted. */
    public static void disableHaltForTests() {
        haltEnabled = false;
    }

    /** The run whose outcome decides the exit code: the latest one started in this JVM. */
    static void watch(EngineRun run) {
        WATCHED.set(run);
    }

    static void arm() {
        if (!haltEnabled || !JMeter.isNonGUI() || !hookInstalled.compareAndSet(false, true)) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ExitCode::haltUnlessPassed, "easymo-perf-exit-code"));
    }

    /** Ends the JVM with that code, running every shutdown hook (the caller has decided the code). */
    public static void exit(int code) {
        exiting = true;
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    private static void haltUnlessPassed() {
        EngineRun run = WATCHED.get();
        if (exiting || run == null) {
            return;
        }
        RunVerdict verdict = run.outcome().verdict();
        if (verdict == RunVerdict.PASSED) {
            return; // a later run in the same JVM passed; keep JMeter's own exit code
        }
        run.outcome().runFlushes();
        System.err.println("easymo-perf: exiting with code " + verdict.exitCode() + " (" + reason(run, verdict) + ")");
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(verdict.exitCode());
    }

    static String reason(EngineRun run, RunVerdict verdict) {
        return switch (verdict) {
        case INTERRUPTED -> "interrupted by " + run.outcome().interruptedBy();
        case STOPPED -> "stopped before its schedule ended";
        case REFUSED -> "the run did not start, printed above";
        default -> {
            int n = run.outcome().failures().size();
            yield verdict.word() + ": " + n + (n == 1 ? " failure" : " failures") + ", printed above";
        }
        };
    }
}
