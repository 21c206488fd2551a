package africa.easymo.perf.run;

import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.run.remote.EngineLink;
import africa.easymo.perf.run.remote.EngineTicket;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.apache.jmeter.threads.JMeterContextService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one JMeter engine (the GUI, a non-GUI run, or one jmeter-server): everything the run's elements share, in
 * one place, with one lifetime. The first element to {@link #join()} in {@code testStarted()} creates it; it stays
 * readable after the test ended (evidence is written in {@code testEnded()}, in no fixed order) and is replaced when
 * the next run starts, which closes what the previous one opened.
 *
 * <p>
 * What it holds: the {@link RunOutcome}, named {@link RunCounters}, {@link RunEvidence} sections, {@link #facts()} the
 * evidence shows (target URLs, the data set's version), the secrets to redact, this engine's {@link EngineShard}, the
 * end-of-test hooks (reconciliations) and typed {@link #part parts}: one object per type, e.g. a journey's engine-wide
 * state, so elements share state through a typed handle rather than string keys or statics.
 *
 * <p>
 * A run is recognised by JMeter's test start time, so a run left behind by one that never ended is never reused.
 */
public final class EngineRun {
    private static final Logger log = LoggerFactory.getLogger(EngineRun.class);
    private static final AtomicReference<EngineRun> CURRENT = new AtomicReference<>();

    private final long startMillis;
    private final RunOutcome outcome = new RunOutcome();
    private final RunCounters counters = new RunCounters();
    private final RunEvidence evidence = new RunEvidence();
    private final Map<String, Object> facts = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> parts = new ConcurrentHashMap<>();
    private final Set<String> secrets = new LinkedHashSet<>();
    private final Map<String, EndHook> endHooks = new LinkedHashMap<>();
    private final AtomicBoolean endHooksRan = new AtomicBoolean();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private volatile Redactor redactor = Redactor.none();
    private volatile EngineShard shard;
    private final java.util.concurrent.atomic.AtomicLong scheduledMillis = new java.util.concurrent.atomic.AtomicLong();

    private final EngineLink link;

    private EngineRun(long startMillis, EngineLink link) {
        this.startMillis = startMillis;
        this.link = link;
        if (link != null) {
            outcome.onRefusal(link::refused);
        }
    }

    /**
     * The run that is starting or running in this JVM, created on the first call of a run (closing the previous run).
     * Call from {@code testStarted()}.
     */
    public static EngineRun join() {
        long start = JMeterContextService.getTestStartTime();
        while (true) {
            EngineRun c = CURRENT.get();
            if (c != null && c.startMillis == start) {
                return c;
            }
            EngineRun fresh = new EngineRun(start, EngineLink.take().orElse(null));
            if (CURRENT.compareAndSet(c, fresh)) {
                if (c != null) {
                    c.close();
                }
                ExitCode.watch(fresh);
                Interrupts.install();
                return fresh;
            }
        }
    }

    /** This run, if one has started: never one a previous run in this JVM left behind. */
    public static Optional<EngineRun> find() {
        EngineRun c = CURRENT.get();
        return c != null && c.startMillis == JMeterContextService.getTestStartTime() ? Optional.of(c)
                : Optional.empty();
    }

    /** The latest run in this JVM, running or ended; for code that runs after JMeter cleared its test start time. */
    public static Optional<EngineRun> latest() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** This run; throws when no element of the plan has joined one (a sampler outside any run). */
    public static EngineRun current() {
        return find().orElseThrow(() -> new IllegalStateException("no run has started in this JVM"));
    }

    /** Epoch millis at which JMeter started this run. */
    public long startMillis() {
        return startMillis;
    }

    private final List<java.nio.file.Path> evidenceFiles = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A file of this run's evidence written outside the run folder (an audit log): a distributed engine ships it. */
    public void evidenceFile(java.nio.file.Path file) {
        evidenceFiles.add(file);
    }

    public List<java.nio.file.Path> evidenceFiles() {
        return List.copyOf(evidenceFiles);
    }

    /** A thread group's schedule: the run is planned to last at least this long. */
    public void scheduled(double seconds) {
        scheduledMillis.accumulateAndGet(Math.round(seconds * 1000), Math::max);
    }

    /** The longest schedule a thread group announced, or empty when none did. */
    public java.util.OptionalDouble scheduledSeconds() {
        long ms = scheduledMillis.get();
        return ms > 0 ? java.util.OptionalDouble.of(ms / 1000.0) : java.util.OptionalDouble.empty();
    }

    public RunOutcome outcome() {
        return outcome;
    }

    public RunCounters counters() {
        return counters;
    }

    public RunEvidence evidence() {
        return evidence;
    }

    /**
     * Something the evidence shows about the run that no sample says, e.g. {@code target} (setting → URL) or
     * {@code seedVersion}. Never a secret.
     */
    public void fact(String name, Object value) {
        if (value != null) {
            facts.put(name, value);
        }
    }

    public Optional<Object> fact(String name) {
        return Optional.ofNullable(facts.get(name));
    }

    /** The run's part of that type, created on first use by {@code create} (at most once per run). */
    @SuppressWarnings("unchecked")
    public <T> T part(Class<T> type, Function<EngineRun, T> create) {
        return (T) parts.computeIfAbsent(type, t -> create.apply(this));
    }

    /** The run's part of that type, if something created it. */
    public <T> Optional<T> part(Class<T> type) {
        return Optional.ofNullable(type.cast(parts.get(type)));
    }

    /** Adds secret values (null and blank ignored); everything the run writes is redacted with them from now on. */
    public void addSecrets(Collection<String> values) {
        synchronized (secrets) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    secrets.add(v);
                }
            }
            redactor = Redactor.of(new ArrayList<>(secrets));
        }
    }

    /** Redacts every secret this run was given so far. */
    public Redactor redactor() {
        return redactor;
    }

    /**
     * This engine's share of shared work: in a distributed run the controller's assignment (which honours and checks a
     * {@code perf.shard.index} override), else read from the properties; once per run.
     */
    public synchronized EngineShard shard() {
        EngineShard s = shard;
        if (s == null) {
            s = link == null ? EngineShard.fromProperties(outcome) : joinController();
            shard = s;
        }
        return s;
    }

    private EngineShard joinController() {
        EngineTicket t;
        try {
            t = link.join();
        } catch (java.rmi.RemoteException e) {
            throw outcome.refuseStart("cannot reach the run's controller on the client from engine " + link.engine()
                    + ": " + e.getMessage());
        }
        if (t.refusal() != null || t.index() < 0) {
            if (outcome.refused()) {
                throw new EngineStartException(t.refusal() == null ? "refused" : t.refusal());
            }
            throw outcome.refuseStart(t.refusal() == null ? "the controller gave this engine no shard" : t.refusal());
        }
        log.info("engine {} is shard {} of {} of the distributed run", link.engine(), t.index(), t.count());
        return new EngineShard(t.index(), t.count());
    }

    /** The line to the distributed run's controller; empty for a run on one engine. */
    public Optional<EngineLink> link() {
        return Optional.ofNullable(link);
    }

    /**
     * The start gate of a distributed run, called where load is about to begin (thread groups, threads): true to go.
     * False when the controller called the start off (another engine refused, was lost or never came): the run is then
     * refused here too and the engine stops before any sample.
     */
    public boolean awaitStart() {
        if (link == null) {
            return true;
        }
        try {
            shard(); // joined before the gate, even in a plan no element asked for its shard
        } catch (RuntimeException refused) {
            // recorded when refused; the gate below still tells the controller this engine reached it
        }
        String why = link.awaitStart();
        if (why == null) {
            return true;
        }
        if (!outcome.refused()) {
            outcome.refuseStart("the distributed run did not start: " + why);
        }
        return false;
    }

    /** Sets this engine's shard (the distributed controller assigns them); before the threads start. */
    public void assignShard(EngineShard s) {
        shard = s;
    }

    /** Closed when the next run starts (a client, a pool): what the run opened and its elements may still use. */
    public void closeWithRun(AutoCloseable c) {
        synchronized (closeables) {
            closeables.add(c);
        }
    }

    // ---- end of test ----

    /**
     * Registers a hook (a reconciliation) run once by {@link #runEndHooks()}, in registration order. The same name
     * registered again replaces the earlier hook; a hook registered after the hooks ran runs at once.
     */
    public void onTestEnd(String name, Runnable hook) {
        onTestEnd(name, "", hook);
    }

    /**
     * As {@link #onTestEnd(String, Runnable)}, for a hook that calls out: {@code callsOut} names what it waits for
     * (e.g. "the database at SUPABASE_URL=http://…"), so a hook that runs out of time says what did not answer.
     */
    public void onTestEnd(String name, String callsOut, Runnable hook) {
        EndHook h = new EndHook(name, callsOut, hook);
        synchronized (endHooks) {
            if (endHooksRan.get()) {
                log.warn("end-of-test hook {} registered after the hooks ran; running it now", name);
                runHooks(List.of(h));
                return;
            }
            endHooks.put(name, h);
        }
    }

    /**
     * Runs the end-of-test hooks once (later calls return at once), together within {@value #END_DEADLINE_PROPERTY}
     * seconds (default {@value #DEFAULT_END_DEADLINE_SECONDS}): a hook still running then is left behind and fails the
     * run with one line naming what it waited for, so a target that hangs cannot keep the run from ending. Evidence
     * writers call it before they write; the elements that registered hooks call it from {@code testEnded()} in case no
     * writer does. A hook that throws fails the run.
     */
    public void runEndHooks() {
        List<EndHook> hooks;
        synchronized (endHooks) {
            if (!endHooksRan.compareAndSet(false, true)) {
                return;
            }
            hooks = new ArrayList<>(endHooks.values());
        }
        runHooks(hooks);
    }

    /** JMeter property: seconds the end-of-test hooks may take together. */
    public static final String END_DEADLINE_PROPERTY = "perf.end.deadline.seconds";
    static final int DEFAULT_END_DEADLINE_SECONDS = 90;

    private void runHooks(List<EndHook> hooks) {
        long deadline = System.nanoTime() + endDeadlineSeconds() * 1_000_000_000L;
        for (EndHook h : hooks) {
            Thread t = new Thread(() -> runHook(h), "easymo-perf-end-" + h.name);
            t.setDaemon(true);
            t.start();
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                t.interrupt();
                outcome.fail(h.name + " did not finish within " + endDeadlineSeconds() + " s of the test's end"
                        + (h.callsOut.isEmpty() ? "" : ": " + redactor.redact(h.callsOut) + " did not answer")
                        + " (the evidence is written without it)");
            }
        }
    }

    static int endDeadlineSeconds() {
        try {
            int s = Integer.parseInt(org.apache.jmeter.util.JMeterUtils
                    .getPropDefault(END_DEADLINE_PROPERTY, String.valueOf(DEFAULT_END_DEADLINE_SECONDS)).trim());
            return s > 0 ? s : DEFAULT_END_DEADLINE_SECONDS;
        } catch (NumberFormatException e) {
            return DEFAULT_END_DEADLINE_SECONDS;
        }
    }

    private void runHook(EndHook h) {
        try {
            h.hook.run();
        } catch (RuntimeException e) {
            outcome.fail("end-of-test check " + h.name + " could not run: " + redactor.redact(String.valueOf(e)));
        }
    }

    private record EndHook(String name, String callsOut, Runnable hook) {
    }

    private void close() {
        List<AutoCloseable> cs;
        synchronized (closeables) {
            cs = new ArrayList<>(closeables);
            closeables.clear();
        }
        for (AutoCloseable c : cs) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing {} of the previous run: {}", c, e.toString());
            }
        }
    }
}
