package africa.easymo.perf.run;

/**
 * The start-up of an element that may refuse the run. An exception out of {@code testStarted()} makes JMeter abandon
 * the run without ever calling {@code testEnded()} (no evidence, and a jmeter-server that answers "busy" to every later
 * run), so a refusal is recorded and the engine stopped ({@link RunOutcome#refuseStart}), and the exception ends only
 * the element's own start-up.
 */
public final class RunStart {
    private RunStart() {
    }

    /**
     * Runs the element's start-up; a refused start ends it quietly (its line was printed when it was refused). Once one
     * element refused the run, the others skip theirs: the run will not start, and one line says why.
     */
    public static void guard(Runnable startUp) {
        if (EngineRun.find().map(r -> r.outcome().refused()).orElse(false)) {
            return;
        }
        try {
            startUp.run();
        } catch (EngineStartException refused) {
            // recorded by RunOutcome.refuseStart, and the engine is stopping: nothing more to do here
        }
    }
}
