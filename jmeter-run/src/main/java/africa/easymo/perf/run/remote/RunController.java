package africa.easymo.perf.run.remote;

import java.io.Serializable;
import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * The distributed run's one judge, exported by the client over RMI and handed to every jmeter-server engine inside its
 * copy of the test plan. Engines join (and get their shard), wait at the start gate until every engine is ready, report
 * what they measured every second, and finish with their outcome; the controller merges it all into the run's one
 * verdict and evidence on the client.
 */
public interface RunController extends Remote {

    /** An engine of this run introduces itself; the answer is its shard, or a refusal naming the conflict. */
    EngineTicket join(String engine, int requestedIndex, int requestedCount) throws RemoteException;

    /**
     * The engine has started every element and is about to send load: blocks until every engine of the run is ready
     * (then null: go) or one refused, was lost or never came (then the reason: send nothing).
     */
    String awaitStart(String engine) throws RemoteException;

    /** The engine refused to start (its reason was printed there too). */
    void refused(String engine, String reason) throws RemoteException;

    /** Every second: what the engine measured since its last report. True asks the engine to stop gracefully. */
    boolean report(String engine, Serializable batch) throws RemoteException;

    /** At the engine's test end, after its reconciliations: its outcome, evidence and files. */
    void finish(String engine, Serializable outcome) throws RemoteException;
}
