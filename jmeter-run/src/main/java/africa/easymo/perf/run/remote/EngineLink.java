package africa.easymo.perf.run.remote;

import java.io.Serializable;
import java.rmi.RemoteException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.jmeter.util.JMeterUtils;

import africa.easymo.perf.run.EngineShard;

/**
 * This jmeter-server engine's line to the run's controller on the client. The controller arrives inside the test plan
 * JMeter sends the server (before the run starts) and is taken by the run that starts next; a run without one (a plain
 * non-GUI or GUI run) has no link and judges itself.
 */
public final class EngineLink {
    private static final AtomicReference<RunController> PENDING = new AtomicReference<>();

    private final RunController controller;
    private final String engine;
    private final Object startLock = new Object();
    private volatile String startAnswer;
    private volatile boolean started;

    private EngineLink(RunController controller, String engine) {
        this.controller = controller;
        this.engine = engine;
    }

    /** Called while the server reads the test plan the client sent. */
    public static void offer(RunController controller) {
        PENDING.set(controller);
    }

    /** The controller sent with the plan of the run now starting, taken once; empty for a run that has none. */
    public static Optional<EngineLink> take() {
        RunController c = PENDING.getAndSet(null);
        return c == null ? Optional.empty() : Optional.of(new EngineLink(c, engineName()));
    }

    /**
     * How the controller names this engine: the address the client reached it at, as in its {@code -R} list
     * ({@code java.rmi.server.hostname} and {@code server_port}).
     */
    static String engineName() {
        String host = System.getProperty("java.rmi.server.hostname");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        String port = System.getProperty("server_port", JMeterUtils.getPropDefault("server_port", "1099"));
        return host + ":" + port.trim();
    }

    public String engine() {
        return engine;
    }

    /**
     * Joins the run: the shard the controller assigns, or the {@code perf.shard.index} override this server was started
     * with, which the controller checks against the others'.
     */
    public EngineTicket join() throws RemoteException {
        int requested = intProperty(EngineShard.INDEX_PROPERTY, -1);
        int count = intProperty(EngineShard.COUNT_PROPERTY, -1);
        return controller.join(engine, requested, count);
    }

    private static int intProperty(String name, int absent) {
        String v = JMeterUtils.getProperty(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    /**
     * The start gate, once per run whoever calls first (thread groups, threads): null to go, else why not. A controller
     * that cannot be reached is a reason too.
     */
    public String awaitStart() {
        synchronized (startLock) {
            if (!started) {
                try {
                    startAnswer = controller.awaitStart(engine);
                } catch (RemoteException e) {
                    startAnswer = "the run's controller on the client did not answer: " + e.getMessage();
                }
                started = true;
            }
            return startAnswer;
        }
    }

    public void refused(String reason) {
        try {
            controller.refused(engine, reason);
        } catch (RemoteException e) {
            // the engine stops anyway; the controller notices the engine never became ready
        }
    }

    public boolean report(Serializable batch) throws RemoteException {
        return controller.report(engine, batch);
    }

    public void finish(Serializable outcome) throws RemoteException {
        controller.finish(engine, outcome);
    }
}
