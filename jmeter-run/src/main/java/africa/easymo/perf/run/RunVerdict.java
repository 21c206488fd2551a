package africa.easymo.perf.run;

import java.util.Locale;

/**
 * How a run ended, and the exit code a non-GUI run leaves for CI. Only {@link #PASSED} is a passing gate; each other
 * way of ending has its own code so a pipeline can tell a failed release from a run that never started or was
 * interrupted.
 */
public enum RunVerdict {
    /** Every threshold, abort rule and reconciliation held, and the run ran its whole schedule. */
    PASSED(0),
    /** A threshold, a reconciliation, a journey's fatal answer or a lost engine failed the run. */
    FAILED(1),
    /** An abort rule (or a journey's abort) stopped the run early; a failed gate too. */
    ABORTED(1),
    /** The run did not start: bad configuration, a missing variable or file, an unreachable target. */
    REFUSED(2),
    /** Stopped by a request (StopTestNow, Shutdown, the GUI's stop) before its schedule ended. */
    STOPPED(3),
    /** Interrupted by SIGINT or SIGTERM; stopped gracefully, its evidence complete. */
    INTERRUPTED(130);

    private final int exitCode;

    RunVerdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** As the run summary writes it: {@code passed}, {@code failed}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
