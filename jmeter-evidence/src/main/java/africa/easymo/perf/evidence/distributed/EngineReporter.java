package africa.easymo.perf.evidence.distributed;

import africa.easymo.perf.evidence.stats.SampleObservation;
import africa.easymo.perf.run.EngineRun;
import africa.easymo.perf.run.EngineStop;
import africa.easymo.perf.run.remote.EngineLink;

import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A jmeter-server engine's side of a distributed run: every sample the engine finishes goes on lock-free queues (the
 * sampler threads never wait for the network), and once a second a daemon thread ships them, with the counter totals,
 * to the controller; the controller's answer can stop the engine. At the end the last samples go, then the engine's
 * outcome.
 */
public final class EngineReporter {
    private static final Logger log = LoggerFactory.getLogger(EngineReporter.class);
    private static final long PERIOD_MS = 1000;

    private final EngineLink link;
    private final EngineRun engine;
    private final ConcurrentLinkedQueue<SampleObservation> observations = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> rows = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopAsked = new AtomicBoolean();
    private final Thread sender;
    private volatile boolean closed;
    private int failedReports;

    public EngineReporter(EngineLink link, EngineRun engine) {
        this.link = link;
        this.engine = engine;
        this.sender = new Thread(this::loop, "easymo-perf-engine-reporter");
        sender.setDaemon(true);
        sender.start();
    }

    /** Sampler thread: one JTL row's figures, and the rows' text for the merged JTL. */
    public void add(List<SampleObservation> sampleRows, String jtlRows) {
        observations.addAll(sampleRows);
        if (jtlRows != null) {
            rows.add(jtlRows);
        }
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                send();
            }
        }
    }

    private synchronized void send() {
        List<SampleObservation> batch = new ArrayList<>();
        for (SampleObservation o; (o = observations.poll()) != null;) {
            batch.add(o);
        }
        StringBuilder text = new StringBuilder();
        for (String r; (r = rows.poll()) != null;) {
            text.append(r);
        }
        try {
            boolean stop = link
                    .report(new EngineBatch(batch, text.toString(), withThreads(engine.counters().snapshot())));
            failedReports = 0;
            if (stop && stopAsked.compareAndSet(false, true)) {
                log.warn("the distributed run's controller asked this engine to stop");
                engine.outcome().endAsPlanned("the distributed run's controller stopped this engine");
                EngineStop.gracefully();
            }
        } catch (RemoteException e) {
            // these samples are lost to the merged run; the controller counts this engine lost if it lasts
            if (failedReports++ % 10 == 0) {
                log.error("cannot report to the distributed run's controller: {}", e.toString());
            }
        }
    }

    /** Test end, after the reconciliations: the last samples, then the outcome. */
    public void finish(EngineFinal outcome) {
        closed = true;
        sender.interrupt();
        send();
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                link.finish(outcome);
                return;
            } catch (RemoteException e) {
                log.error("cannot send this engine's outcome to the controller (attempt {}): {}", attempt,
                        e.toString());
            }
        }
    }

    /** The counters plus this engine's running threads, for the controller's live view (never a run counter). */
    private static java.util.Map<String, Long> withThreads(java.util.Map<String, Long> counters) {
        java.util.Map<String, Long> m = new java.util.HashMap<>(counters);
        m.put(THREADS_KEY, (long) org.apache.jmeter.threads.JMeterContextService.getNumberOfThreads());
        return m;
    }

    /** The key of the engine's running threads in its reports; the controller takes it out of the counters. */
    static final String THREADS_KEY = "__engine.threads";
}
