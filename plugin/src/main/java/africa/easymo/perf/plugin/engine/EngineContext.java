package africa.easymo.perf.plugin.engine;

import africa.easymo.perf.lib.config.Redactor;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.StationRedeemPayload;
import africa.easymo.perf.plugin.http.EngineHttpClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.jmeter.threads.JMeterContextService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shared state of a JMeter engine (one per JVM: the GUI, a non-GUI run, or each jmeter-server): the seed
 * summary, the target, the pooled HTTP client, the redactor, run counters and evidence, and the end-of-test hooks.
 *
 * <p>
 * Config elements fill it in {@code testStarted()} ({@link #forThisRun()}); samplers read it with {@link #current()}.
 * It stays readable after the test ended (evidence writers run in {@code testEnded()} in no fixed order) and is
 * replaced when the next run starts. A run is recognised by JMeter's test start time, so a stale context left by a run
 * that never ended is never reused.
 */
public final class EngineContext {
    private static final Logger log = LoggerFactory.getLogger(EngineContext.class);
    private static final AtomicReference<EngineContext> CURRENT = new AtomicReference<>();

    private final long runStartMillis;
    private final ScenarioCounters counters = new ScenarioCounters();
    private final RunEvidence evidence = new RunEvidence();
    private final Map<String, Object> shared = new ConcurrentHashMap<>();
    private final Map<String, Runnable> endHooks = new LinkedHashMap<>();
    private final AtomicBoolean endHooksRan = new AtomicBoolean();
    private volatile SeedSummary summary;
    private volatile Path summaryFile;
    private volatile EasymoTarget target;
    private volatile EngineHttpClient http;
    private volatile EndpointProbe probe;
    private volatile Redactor redactor = Redactor.of(List.of());
    private volatile EngineShard shard;

    private EngineContext(long runStartMillis) {
        this.runStartMillis = runStartMillis;
    }

    /**
     * The context of the run that is starting or running, created on first call of a run (closing the previous run's
     * client). Call from {@code testStarted()}.
     */
    public static EngineContext forThisRun() {
        long start = JMeterContextService.getTestStartTime();
        while (true) {
            EngineContext c = CURRENT.get();
            if (c != null && c.runStartMillis == start) {
                return c;
            }
            EngineContext fresh = new EngineContext(start);
            if (CURRENT.compareAndSet(c, fresh)) {
                if (c != null) {
                    c.closeHttp();
                }
                RunOutcome.reset();
                return fresh;
            }
        }
    }

    /** The running (or just ended) run's context. */
    public static EngineContext current() {
        EngineContext c = CURRENT.get();
        if (c == null) {
            throw new IllegalStateException("no easyMO run has started in this JVM: the plan needs an easyMO Target "
                    + "and a Seed Summary config element at test plan level");
        }
        return c;
    }

    public static Optional<EngineContext> find() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Epoch millis at which JMeter started this run. */
    public long runStartMillis() {
        return runStartMillis;
    }

    // ---- filled by the config elements ----

    /** Called by the Seed Summary config element. */
    public void installSummary(SeedSummary summary, Path file) {
        this.summary = summary;
        this.summaryFile = file;
        rebuildRedactor();
    }

    /** Called by the easyMO Target config element: also (re)builds the engine's HTTP client for its timeouts. */
    public void installTarget(EasymoTarget target, int maxConnections) {
        this.target = target;
        EngineHttpClient old = this.http;
        this.probe = new EndpointProbe(target.connectTimeout());
        rebuildRedactor();
        this.http = new EngineHttpClient(target.connectTimeout(), target.responseTimeout(), maxConnections,
                this::redactor);
        if (old != null) {
            old.close();
        }
    }

    /** The seed summary; throws if no Seed Summary config element started (use {@link #requireSummary}). */
    public SeedSummary summary() {
        SeedSummary s = summary;
        if (s == null) {
            throw new IllegalStateException("no Seed Summary config element has loaded a summary");
        }
        return s;
    }

    /** The summary, or a refused start naming the missing element; call from {@code testStarted()}. */
    public SeedSummary requireSummary(String neededBy) {
        SeedSummary s = summary;
        if (s == null) {
            throw RunOutcome.refuseStart(neededBy + " needs a Seed Summary config element at test plan level "
                    + "(before the thread groups)");
        }
        return s;
    }

    /** The file the summary was read from (for messages). */
    public Optional<Path> summaryFile() {
        return Optional.ofNullable(summaryFile);
    }

    public EasymoTarget target() {
        EasymoTarget t = target;
        if (t == null) {
            throw new IllegalStateException("no easyMO Target config element has started");
        }
        return t;
    }

    public EasymoTarget requireTarget(String neededBy) {
        EasymoTarget t = target;
        if (t == null) {
            throw RunOutcome.refuseStart(neededBy + " needs an easyMO Target config element at test plan level "
                    + "(before the thread groups)");
        }
        return t;
    }

    /**
     * For {@code testStarted()} of a sampler: the endpoint URL of that setting, checked reachable (one TCP connect per
     * host:port and run), or a refused start naming the variable.
     */
    public URI requireEndpoint(Setting setting, String neededBy) {
        URI u = requireTarget(neededBy).requireEndpoint(setting, neededBy);
        probe.requireReachable(setting.name(), u);
        return u;
    }

    public EngineHttpClient http() {
        EngineHttpClient h = http;
        if (h == null) {
            throw new IllegalStateException("no easyMO Target config element has started (it owns the HTTP client)");
        }
        return h;
    }

    /** Redacts every secret this engine knows: target secrets and the summary's station tokens. */
    public Redactor redactor() {
        return redactor;
    }

    public ScenarioCounters counters() {
        return counters;
    }

    public RunEvidence evidence() {
        return evidence;
    }

    /** This engine's shard ({@code perf.shard.index} / {@code perf.shard.count}), read once per run. */
    public EngineShard shard() {
        EngineShard s = shard;
        if (s == null) {
            s = EngineShard.fromProperties();
            shard = s;
        }
        return s;
    }

    /**
     * An engine-wide object built once per run under that key (e.g. a sampler's shared cursor), for state that
     * per-thread sampler clones must share.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, Supplier<T> create) {
        return (T) shared.computeIfAbsent(key, k -> create.get());
    }

    /** The engine-wide object under that key, or null if none was built this run. */
    @SuppressWarnings("unchecked")
    public <T> T sharedOrNull(String key) {
        return (T) shared.get(key);
    }

    // ---- end of test ----

    /**
     * Registers a hook (scenario reconciliation) run once by {@link #runEndHooks()}, in registration order. The same
     * name registered again replaces the earlier hook.
     */
    public void onTestEnd(String name, Runnable hook) {
        synchronized (endHooks) {
            if (endHooksRan.get()) {
                log.warn("end-of-test hook {} registered after the hooks ran; running it now", name);
                runHook(name, hook);
                return;
            }
            endHooks.put(name, hook);
        }
    }

    /**
     * Runs the end-of-test hooks once (later calls return at once). Evidence writers call it before they write; the
     * config elements call it from {@code testEnded()} in case no writer does. A hook that throws fails the run.
     */
    public void runEndHooks() {
        List<Map.Entry<String, Runnable>> hooks;
        synchronized (endHooks) {
            if (!endHooksRan.compareAndSet(false, true)) {
                return;
            }
            hooks = new ArrayList<>(endHooks.entrySet());
        }
        for (Map.Entry<String, Runnable> h : hooks) {
            runHook(h.getKey(), h.getValue());
        }
    }

    /** Called by the config elements' {@code testEnded()}: runs the hooks and lets idle connections go. */
    public void testEnded() {
        runEndHooks();
        EngineHttpClient h = http;
        if (h != null) {
            h.closeIdle(Duration.ZERO);
        }
    }

    private void runHook(String name, Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            RunOutcome.fail("end-of-test check " + name + " could not run: " + redactor.redact(String.valueOf(e)));
        }
    }

    private void closeHttp() {
        EngineHttpClient h = http;
        if (h != null) {
            h.close();
        }
    }

    private void rebuildRedactor() {
        List<String> secrets = new ArrayList<>();
        EasymoTarget t = target;
        if (t != null) {
            secrets.addAll(t.secretValues());
        }
        SeedSummary s = summary;
        if (s != null) {
            for (StationRedeemPayload p : s.stationRedeemPayloads()) {
                if (p.token() != null && !p.token().isBlank()) {
                    secrets.add(p.token());
                }
            }
        }
        redactor = Redactor.of(secrets);
    }
}
