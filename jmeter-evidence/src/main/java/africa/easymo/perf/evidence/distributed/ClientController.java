package africa.easymo.perf.evidence.distributed;

import africa.easymo.perf.evidence.EngineBreakdown;
import africa.easymo.perf.evidence.EvidenceRun;
import africa.easymo.perf.evidence.EvidenceWriter;
import africa.easymo.perf.evidence.JtlWriter;
import africa.easymo.perf.evidence.RunJudge;
import africa.easymo.perf.evidence.JudgedLiveSource;
import africa.easymo.perf.evidence.RunReport;
import africa.easymo.perf.evidence.live.LiveEngine;
import africa.easymo.perf.evidence.live.LiveSource;
import africa.easymo.perf.evidence.live.LiveView;
import africa.easymo.perf.evidence.rules.SloRules;
import africa.easymo.perf.evidence.stats.LabelSnapshot;
import africa.easymo.perf.evidence.stats.RunStats;
import africa.easymo.perf.evidence.stats.SampleObservation;
import africa.easymo.perf.run.EngineRun;
import africa.easymo.perf.run.ExitCode;
import africa.easymo.perf.run.RunVerdict;
import africa.easymo.perf.run.remote.EngineTicket;
import africa.easymo.perf.run.remote.RunController;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one judge of a distributed run, in the client JVM: every engine's samples feed one {@link RunJudge} (so
 * percentiles are exact over all samples, and an abort rule fires on the merged window and stops every engine), its JTL
 * is the merged JTL, and when every engine has finished (or one was lost) it writes the run's one evidence folder,
 * prints the one table and leaves the client's exit code.
 *
 * <p>
 * Created when the client serializes the test plan for its first engine and exported over RMI on
 * {@code client.rmi.localport} (any free port by default); each engine finds the stub in its copy of the plan.
 */
public final class ClientController implements RunController {
    private static final Logger log = LoggerFactory.getLogger(ClientController.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Seconds without a report after which an engine counts as lost. */
    public static final String LOST_PROPERTY = "perf.distributed.lost.seconds";
    /** Seconds every engine has to join and become ready before the run is called off. */
    public static final String START_PROPERTY = "perf.distributed.start.seconds";

    private static final long END_GRACE_MILLIS = 30_000;

    private static ClientController current;

    /** What the controller needs of the client's listener element. */
    public record Settings(String name, String thresholds, String abortRules, boolean writeJtl, boolean dashboard,
            Path publishedSummary, String planFile, String profile) {
    }

    private final Settings settings;
    private final List<String> hosts;
    private final int count;
    private final RunController stub;
    private final EvidenceRun run;
    private final RunJudge judge;
    /** The merged run's live view: the page in the client's run folder, and the server when asked for. */
    private final LiveView live;
    private final JtlWriter jtl;
    private final Map<String, Engine> engines = new ConcurrentHashMap<>();
    private final List<String> controllerFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Instant start = Instant.now();
    private final long lostNanos;
    private final long startDeadline;
    private volatile boolean stopAll;
    private volatile String calledOff;
    private volatile boolean completed;

    /** One engine as the controller sees it. */
    private static final class Engine {
        final String name;
        final int shard;
        final RunStats stats = new RunStats(List.of(), n -> OptionalLong.empty());
        volatile long lastSeen = System.nanoTime();
        volatile boolean ready;
        volatile String refused;
        volatile boolean lost;
        volatile EngineFinal fin;
        volatile Map<String, Long> counters = Map.of();
        volatile int threads;

        Engine(String name, int shard) {
            this.name = name;
            this.shard = shard;
        }

        boolean done() {
            return lost || fin != null;
        }
    }

    private ClientController(Settings settings, List<String> hosts) throws IOException {
        this.settings = settings;
        this.hosts = hosts;
        this.count = Math.max(1, hosts.size());
        this.lostNanos = seconds(LOST_PROPERTY, 10) * 1_000_000_000L;
        this.startDeadline = System.nanoTime() + seconds(START_PROPERTY, 120) * 1_000_000_000L;
        this.run = EvidenceRun.join();
        SloRules rules = SloRules.parse(evaluate(settings.thresholds()), evaluate(settings.abortRules()));
        this.judge = new RunJudge(rules, this::counter, this::abortAll);
        // the rows arrive redacted by the engines that wrote them
        this.jtl = settings.writeJtl() ? new JtlWriter(run.file(".jtl"), s -> s) : null;
        int port = (int) seconds("client.rmi.localport", 0);
        this.stub = (RunController) UnicastRemoteObject.exportObject(this, port);
        judge.start();
        this.live = LiveView.start(run.plan(), start.toEpochMilli(), liveSource(), this::redact, ClientController::say);
        Thread watchdog = new Thread(this::watch, "easymo-perf-controller-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        String line = "easymo-perf: distributed run of " + run.plan() + " on " + count + " engines (" + hosts
                + "): one verdict here; evidence in " + run.folder();
        System.out.println(line);
        log.info(line);
    }

    /**
     * The controller of the client run being serialized, created on the first call; a finished run's controller is
     * replaced (the GUI can start another run).
     */
    public static synchronized RunController forThisRun(Settings settings) {
        if (current == null || current.completed) {
            RemoteHosts.applyGlobalProperties();
            try {
                current = new ClientController(settings, RemoteHosts.ofThisClient());
            } catch (IOException | RuntimeException e) {
                // The run cannot be judged: it must not start, and the client must not exit 0.
                String line = "easymo-perf: test not started: " + settings.name() + ": " + e.getMessage();
                System.err.println(line);
                log.error(line);
                ExitCode.exit(RunVerdict.REFUSED.exitCode());
            }
        }
        return current.stub;
    }

    /**
     * The element's text with its functions ({@code ${__P(name,default)}}) evaluated as the engines will: on the client
     * no engine prepares the element, so this does.
     */
    private static String evaluate(String raw) {
        if (raw == null || !raw.contains("${")) {
            return raw == null ? "" : raw;
        }
        try {
            org.apache.jmeter.engine.util.CompoundVariable v = new org.apache.jmeter.engine.util.CompoundVariable();
            v.setParameters(raw);
            return v.execute();
        } catch (org.apache.jmeter.functions.InvalidVariableException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    // ---- what engines call ----

    @Override
    public synchronized EngineTicket join(String name, int requestedIndex, int requestedCount) {
        Engine known = engines.get(name);
        if (known != null) {
            return known.refused != null || known.shard < 0 ? new EngineTicket(-1, count, known.refused)
                    : new EngineTicket(known.shard, count, null);
        }
        if (requestedCount > 0 && requestedCount != count) {
            return refuse(name, "perf.shard.count=" + requestedCount + " but the client started " + count + " engines ("
                    + String.join(",", hosts) + "): drop -Gperf.shard.count or make it " + count);
        }
        int index;
        if (requestedIndex == Integer.MIN_VALUE) {
            return refuse(name, "engine " + name + ": perf.shard.index is not a number");
        } else if (requestedIndex >= 0) {
            if (requestedIndex >= count) {
                return refuse(name, "engine " + name + ": perf.shard.index=" + requestedIndex + " but the run has "
                        + count + " engines (0.." + (count - 1) + ")");
            }
            for (Engine e : engines.values()) {
                if (e.shard == requestedIndex) {
                    return refuse(name,
                            "engine " + name + ": perf.shard.index=" + requestedIndex + " is engine " + e.name
                                    + "'s too: each engine needs its own index (or none, and the client assigns them)");
                }
            }
            index = requestedIndex;
        } else {
            index = freeIndex(hosts.indexOf(name));
        }
        engines.put(name, new Engine(name, index));
        log.info("engine {} joined as shard {} of {}", name, index, count);
        notifyAll();
        return new EngineTicket(index, count, null);
    }

    private int freeIndex(int preferred) {
        List<Integer> taken = engines.values().stream().map(e -> e.shard).toList();
        if (preferred >= 0 && preferred < count && !taken.contains(preferred)) {
            return preferred;
        }
        for (int i = 0; i < count; i++) {
            if (!taken.contains(i)) {
                return i;
            }
        }
        return -1;
    }

    private EngineTicket refuse(String name, String reason) {
        Engine e = new Engine(name, -1);
        e.refused = reason;
        engines.putIfAbsent(name, e);
        callOff("engine " + name + " cannot take part: " + reason);
        return new EngineTicket(-1, count, reason);
    }

    @Override
    public synchronized String awaitStart(String name) {
        Engine e = engines.get(name);
        if (e == null) {
            return "engine " + name + " never joined the run";
        }
        e.ready = true;
        e.lastSeen = System.nanoTime();
        notifyAll();
        while (calledOff == null && !allReady()) {
            long left = startDeadline - System.nanoTime();
            if (left <= 0) {
                List<String> missing = new ArrayList<>(hosts);
                engines.values().stream().filter(x -> x.ready).forEach(x -> missing.remove(x.name));
                callOff("not every engine was ready within " + seconds(START_PROPERTY, 120) + " s (missing: "
                        + String.join(", ", missing) + ")");
                break;
            }
            try {
                wait(Math.min(500, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return "the controller was interrupted";
            }
        }
        return calledOff;
    }

    private boolean allReady() {
        return engines.size() >= count && engines.values().stream().allMatch(x -> x.ready && x.refused == null);
    }

    @Override
    public synchronized void refused(String name, String reason) {
        Engine e = engines.computeIfAbsent(name, n -> new Engine(n, -1));
        e.refused = reason;
        callOff("engine " + name + " refused to start: " + reason);
    }

    private synchronized void callOff(String why) {
        if (calledOff == null) {
            calledOff = why;
            String line = "easymo-perf: distributed run not started: " + why + "; no engine sends load";
            System.err.println(line);
            log.error(line);
        }
        stopAll = true;
        notifyAll();
    }

    @Override
    public boolean report(String name, Serializable payload) {
        Engine e = engines.get(name);
        if (e == null || !(payload instanceof EngineBatch b)) {
            return true;
        }
        e.lastSeen = System.nanoTime();
        for (SampleObservation o : b.observations()) {
            judge.record(o);
            e.stats.record(o);
        }
        if (b.counters() != null) {
            Map<String, Long> c = new LinkedHashMap<>(b.counters());
            Long threads = c.remove(EngineReporter.THREADS_KEY);
            e.threads = threads == null ? 0 : threads.intValue();
            e.counters = c;
        }
        if (jtl != null && b.jtlRows() != null && !b.jtlRows().isEmpty()) {
            jtl.append(b.jtlRows());
        }
        return stopAll;
    }

    @Override
    public void finish(String name, Serializable payload) {
        Engine e = engines.get(name);
        if (e == null || !(payload instanceof EngineFinal f)) {
            return;
        }
        e.lastSeen = System.nanoTime();
        if (f.counters() != null) {
            e.counters = f.counters();
        }
        e.fin = f;
        log.info("engine {} finished: {}", name, f.verdict());
        completeIfDone();
    }

    // ---- the run's one verdict ----

    /** What the live view reads once a second: the merged figures and each engine. */
    private LiveSource liveSource() {
        return new JudgedLiveSource(judge, this::mergedCounters,
                () -> engines.values().stream().filter(e -> !e.done()).mapToInt(e -> e.threads).sum(), Optional::empty,
                this::liveEngines);
    }

    private List<LiveEngine> liveEngines() {
        List<LiveEngine> out = new ArrayList<>();
        for (Engine e : engines.values()) {
            LabelSnapshot t = e.stats.total();
            String state = e.lost ? "lost"
                    : e.refused != null ? "refused" : e.fin != null ? e.fin.verdict() : e.ready ? "running" : "joining";
            out.add(new LiveEngine(e.name, e.shard, state, t.count(), t.errors(),
                    t.count() == 0 ? -1 : t.latency().percentile(95), e.done() ? 0 : e.threads));
        }
        out.sort(java.util.Comparator.comparingInt(LiveEngine::shard).thenComparing(LiveEngine::name));
        return out;
    }

    private String redact(String s) {
        return EngineRun.find().map(r -> r.redactor().redact(s)).orElse(s);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
        log.info(line);
    }

    private OptionalLong counter(String name) {
        long sum = 0;
        boolean any = false;
        for (Engine e : engines.values()) {
            Long v = e.counters.get(name);
            if (v != null) {
                sum += v;
                any = true;
            }
        }
        return any ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    private Map<String, Long> mergedCounters() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Engine e : engines.values()) {
            e.counters.forEach((k, v) -> out.merge(k, v, Long::sum));
        }
        return out;
    }

    private void abortAll(String reason) {
        String line = "easymo-perf: abort rule fired on the merged run: " + reason + "; stopping every engine";
        System.err.println(line);
        log.error(line);
        stopAll = true;
    }

    private void watch() {
        while (!completed) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Engine e : engines.values()) {
                if (!e.done() && e.refused == null && now - e.lastSeen > lostNanos) {
                    e.lost = true;
                    String line = "easymo-perf: engine " + e.name + " lost: no report for " + lostNanos / 1_000_000_000L
                            + " s (its process died or the network to it is cut); stopping the other engines";
                    System.err.println(line);
                    log.error(line);
                    controllerFailures.add(
                            "engine " + e.name + " lost mid-run: no report for " + lostNanos / 1_000_000_000L + " s");
                    stopAll = true;
                    if (calledOff == null && !allReady()) {
                        callOff("engine " + e.name + " was lost before the start");
                    }
                }
            }
            if (calledOff != null && engines.size() < count && now > startDeadline) {
                // an engine that never joined never finishes either
                completeIfDone();
            }
            completeIfDone();
        }
    }

    private void completeIfDone() {
        synchronized (this) {
            if (completed) {
                return;
            }
            boolean waitingForMissing = engines.size() < count && System.nanoTime() < startDeadline;
            boolean allDone = engines.values().stream().allMatch(Engine::done);
            if (!allDone || (waitingForMissing && calledOff == null)) {
                return;
            }
            completed = true;
        }
        Thread t = new Thread(this::complete, "easymo-perf-controller-evidence");
        t.setDaemon(false);
        t.start();
    }

    private void complete() {
        int code;
        boolean anyLost = engines.values().stream().anyMatch(e -> e.lost);
        try {
            code = writeEvidence().verdict().exitCode();
        } catch (RuntimeException | Error e) {
            log.error("the distributed run's evidence was not completed", e);
            System.err.println("easymo-perf: the distributed run's evidence was not completed: " + e);
            code = RunVerdict.FAILED.exitCode();
        } finally {
            if (live != null) {
                live.close();
            }
            try {
                UnicastRemoteObject.unexportObject(this, true);
            } catch (NoSuchObjectException e) {
                // already gone
            }
        }
        if (anyLost || calledOff != null) {
            // JMeter's client waits for every engine's end, and a lost or never-started engine never sends it
            System.err.println("easymo-perf: exiting with code " + code);
            ExitCode.exit(code);
        } else {
            int c = code;
            if (c != 0) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    System.err.println("easymo-perf: exiting with code " + c);
                    System.err.flush();
                    Runtime.getRuntime().halt(c);
                }, "easymo-perf-distributed-exit-code"));
            }
            // JMeter's client ends once every engine told it the test ended; one that never does (it died right
            // after its last report) would keep it waiting for ever.
            Thread grace = new Thread(() -> {
                try {
                    Thread.sleep(END_GRACE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                System.err.println("easymo-perf: JMeter's client did not end within " + END_GRACE_MILLIS / 1000
                        + " s of the run's verdict (an engine never reported its end to it): exiting with code " + c);
                ExitCode.exit(c);
            }, "easymo-perf-distributed-end-grace");
            grace.setDaemon(true);
            grace.start();
        }
    }

    private RunReport writeEvidence() {
        judge.stop();
        boolean refused = calledOff != null && engines.values().stream().noneMatch(e -> e.lost && e.ready);
        List<String> failures = new ArrayList<>();
        if (calledOff != null) {
            failures.add(calledOff);
        }
        failures.addAll(controllerFailures);
        String abortReason = judge.abortReason();
        String stoppedEarly = null;
        Map<String, Object> sections = new LinkedHashMap<>();
        Map<String, String> facts = new LinkedHashMap<>();
        List<EngineBreakdown> breakdown = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Engine> ordered = new ArrayList<>(engines.values());
        ordered.sort(java.util.Comparator.comparingInt((Engine e) -> e.shard).thenComparing(e -> e.name));
        boolean anyEngineAborted = false;
        for (Engine e : ordered) {
            EngineFinal f = e.fin;
            List<String> own = new ArrayList<>();
            String state = e.lost ? "lost" : e.refused != null ? "refused" : f == null ? "unknown" : f.verdict();
            if (f != null) {
                for (String why : f.failures()) {
                    if (calledOff != null && why.startsWith("the distributed run did not start")) {
                        continue; // the controller's own call, said once above
                    }
                    own.add(why);
                    failures.add("engine " + e.name + ": " + why);
                }
                if (f.abortReason() != null) {
                    anyEngineAborted = true;
                    if (abortReason == null) {
                        abortReason = "engine " + e.name + ": " + f.abortReason();
                    }
                }
                if (f.stoppedEarly() != null && stoppedEarly == null) {
                    stoppedEarly = f.stoppedEarly();
                }
                sections.putAll(engineSections(e, f, problems));
                if (facts.isEmpty() && f.facts() != null) {
                    facts.putAll(f.facts());
                }
                keepFiles(e, f, problems);
            }
            LabelSnapshot total = e.stats.total();
            breakdown.add(new EngineBreakdown(e.name, e.shard, state, total.count(), total.errors(),
                    total.count() == 0 ? -1 : total.latency().percentile(95),
                    e.counters.getOrDefault("arrivals.dropped", 0L), own));
        }
        RunVerdict verdict;
        if (refused) {
            verdict = RunVerdict.REFUSED;
        } else if (abortReason != null || anyEngineAborted) {
            verdict = RunVerdict.ABORTED;
        } else if (!failures.isEmpty()) {
            verdict = RunVerdict.FAILED;
        } else if (stoppedEarly != null) {
            verdict = RunVerdict.STOPPED;
        } else {
            verdict = RunVerdict.PASSED;
        }
        Path jtlPath = null;
        if (jtl != null) {
            try {
                jtl.close();
                jtlPath = jtl.file();
            } catch (IOException e) {
                problems.add("JTL incomplete: " + e);
            }
        }
        List<String> late = new ArrayList<>();
        Consumer<String> onFailure = late::add;
        RunReport report = new EvidenceWriter(run, judge).name(settings.name()).jtl(jtlPath, settings.dashboard())
                .published(settings.publishedSummary())
                .plan(settings.planFile(), JMeterUtils.getPropDefault("perf.profile", settings.profile()))
                .facts(targetOf(facts), facts.get("seedVersion"), facts.get("seedSummaryFile")).started(start)
                .outcome(verdict, failures, abortReason, stoppedEarly).reconciliation(sections, mergedCounters())
                .problems(problems).engines(breakdown).live(live == null ? null : live.recorder()).onFailure(onFailure)
                .write();
        EvidenceRun.leave(run);
        return report;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> targetOf(Map<String, String> facts) {
        String json = facts.get("target");
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, Map.class);
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** Each engine's evidence sections, under the engine's name so the per-engine reconciliations stay apart. */
    private static Map<String, Object> engineSections(Engine e, EngineFinal f, List<String> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (f.sectionsJson() == null) {
            return out;
        }
        try {
            Map<String, Object> s = JSON.readValue(f.sectionsJson(),
                    new TypeReference<LinkedHashMap<String, Object>>() {
                    });
            s.forEach((k, v) -> out.put(k + " @ " + e.name, v));
        } catch (IOException ex) {
            problems.add("engine " + e.name + ": evidence sections unreadable: " + ex.getMessage());
        }
        return out;
    }

    /** The files the engine wrote (audit log, metrics CSV), kept under engines/<engine>/ in the client's folder. */
    private void keepFiles(Engine e, EngineFinal f, List<String> problems) {
        if (f.files() == null || f.files().isEmpty()) {
            return;
        }
        Path dir = run.folder().resolve("engines").resolve(e.name.replaceAll("[^A-Za-z0-9._-]+", "_"));
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> file : f.files().entrySet()) {
                Path target = dir.resolve(Path.of(file.getKey()).getFileName().toString());
                Files.write(target, file.getValue());
            }
        } catch (IOException ex) {
            problems.add("engine " + e.name + ": its files were not kept: " + ex.getMessage());
        }
    }

    private static long seconds(String property, long def) {
        try {
            long v = Long.parseLong(JMeterUtils.getPropDefault(property, String.valueOf(def)).trim());
            return v >= 0 ? v : def;
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
