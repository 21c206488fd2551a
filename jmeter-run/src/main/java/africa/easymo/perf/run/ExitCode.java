package africa.easymo.perf.run;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.jmeter.JMeter;

/**
 * The process exit code of a non-GUI run. JMeter exits 0 whatever happened (even when a {@code testStarted()} throws),
 * so once a run fails a shutdown hook runs that run's flushes and then {@link Runtime#halt(int) halts} with
 * {@link #FAILED}. JMeter reaches {@code System.exit} only after its HTML dashboard is written, and {@code halt} skips
 * every other shutdown hook: writers that buffer register a flush with {@link RunOutcome#beforeHalt}.
 */
public final class ExitCode {
    /** A failed run in non-GUI mode: a threshold, an abort rule, a reconciliation, a refused start. */
    public static final int FAILED = 1;

    private static final AtomicReference<EngineRun> WATCHED = new AtomicReference<>();
    private static final AtomicBoolean hookInstalled = new AtomicBoolean();
    private static volatile boolean haltEnabled = true;

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
        Runtime.getRuntime().addShutdownHook(new Thread(ExitCode::haltIfFailed, "easymo-perf-exit-code"));
    }

    private static void haltIfFailed() {
        EngineRun run = WATCHED.get();
        if (run == null || !run.outcome().failed()) {
            return; // a later run in the same JVM passed; keep JMeter's own exit code
        }
        run.outcome().runFlushes();
        // Each failure already had its own line when it happened: repeating it here would make two lines of one cause.
        int n = run.outcome().failures().size();
        System.err.println("easymo-perf: exiting with code " + FAILED + " (" + n + (n == 1 ? " failure" : " failures")
                + ", printed above)");
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(FAILED);
    }
}
