package africa.easymo.perf.run;

/**
 * Thrown from {@code testStarted()} when the run cannot start; its message is the one clear line the user sees (it
 * names the file, field or variable at fault). Create it with {@link RunOutcome#refuseStart(String)} so the exit code
 * is armed first.
 */
public final class EngineStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EngineStartException(String message) {
        super(message, null, false, false);
    }
}
