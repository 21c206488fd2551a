package africa.easymo.perf.run;

import java.lang.reflect.Field;

import org.apache.jmeter.engine.StandardJMeterEngine;

/**
 * Stopping this JVM's JMeter engine, and telling afterwards whether a stop was asked for. JMeter keeps its running
 * engine in a private static field that every stop path (StopTestNow, Shutdown, the GUI's buttons, a stop from code)
 * clears and a run that ends by itself leaves set; it offers no public way to read either fact.
 */
public final class EngineStop {
    private static final Field ENGINE = engineField();

    private EngineStop() {
    }

    /**
     * Stops the engine before any thread group starts. JMeter applies a stop on its own thread, so this waits (up to
     * two seconds) until the engine has taken it: the thread groups, which start right after the test listeners, then
     * see it and none starts.
     */
    public static void beforeThreadsStart() {
        StandardJMeterEngine.stopEngineNow();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!stopRequested() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Asks every thread to stop after its current sample. */
    public static void gracefully() {
        StandardJMeterEngine.stopEngine();
    }

    /**
     * True when a stop was asked for since the engine started (or no engine runs in this JVM). Read at test end: a run
     * that ended by itself says false.
     */
    public static boolean stopRequested() {
        if (ENGINE == null) {
            return false;
        }
        try {
            return ENGINE.get(null) == null;
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    private static Field engineField() {
        try {
            Field f = StandardJMeterEngine.class.getDeclaredField("engine");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
