package africa.easymo.perf.sandbox;

import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic the sandbox has seen: requests (admin routes under {@code /__sandbox/} excluded) and new TCP connections
 * accepted. Lets tests prove that a client really reuses keep-alive connections.
 */
public final class SandboxStats {
    private final LongAdder requests = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final LongAdder faultsInjected = new LongAdder();

    /** Requests received since start or the last {@link #reset()}. */
    public long requests() {
        return requests.sum();
    }

    /** TCP connections accepted since start or the last {@link #reset()}. */
    public long connections() {
        return connections.sum();
    }

    /** Requests answered by a fault rule (failed or dropped) instead of their route. */
    public long faultsInjected() {
        return faultsInjected.sum();
    }

    public void reset() {
        requests.reset();
        connections.reset();
        faultsInjected.reset();
    }

    /** Called once per request by the sandbox's front handler. */
    public void recordRequest() {
        requests.increment();
    }

    /** Called once per accepted connection. */
    public void recordConnection() {
        connections.increment();
    }

    public void recordFault() {
        faultsInjected.increment();
    }

    @Override
    public String toString() {
        return "SandboxStats[requests=" + requests() + ", connections=" + connections() + ", faultsInjected="
                + faultsInjected() + "]";
    }
}
