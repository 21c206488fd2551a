package africa.easymo.perf.journeys.setup;

import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.http.EndpointProbe;
import africa.easymo.perf.http.EngineHttpClient;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.lib.summary.StationRedeemPayload;
import africa.easymo.perf.run.EngineRun;
import africa.easymo.perf.run.EngineShard;
import africa.easymo.perf.run.RunCounters;
import africa.easymo.perf.run.RunEvidence;
import africa.easymo.perf.run.RunOutcome;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What easyMO's elements share during one run of one engine, as a typed part of the {@link EngineRun}: the seed
 * summary, the target, the pooled HTTP client, and the journeys' engine-wide state (each journey's run is itself a part
 * of the engine run, created by its sampler at test start).
 *
 * <p>
 * The config elements fill it in {@code testStarted()} ({@link #join()}); samplers read it with {@link #current()}. It
 * lives as long as its engine run: until the next run starts, which closes its HTTP client.
 */
public final class EasymoRun {
    private final EngineRun engine;
    private volatile SeedSummary summary;
    private volatile Path summaryFile;
    private volatile EasymoTarget target;
    private volatile EngineHttpClient http;
    private volatile EndpointProbe probe;

    private EasymoRun(EngineRun engine) {
        this.engine = engine;
    }

    /** This run's easyMO state, created on first call of a run. Call from {@code testStarted()}. */
    public static EasymoRun join() {
        return of(EngineRun.join());
    }

    public static EasymoRun of(EngineRun engine) {
        return engine.part(EasymoRun.class, EasymoRun::new);
    }

    /** The running (or just ended) run's state. */
    public static EasymoRun current() {
        return find().orElseThrow(() -> new IllegalStateException("no easyMO run has started in this JVM: the plan "
                + "needs an easyMO Target and a Seed Summary config element at test plan level"));
    }

    /** The latest run's state in this JVM, running or ended (for code that runs after JMeter cleared its clock). */
    public static Optional<EasymoRun> latest() {
        return EngineRun.latest().flatMap(r -> r.part(EasymoRun.class));
    }

    public static Optional<EasymoRun> find() {
        return EngineRun.find().flatMap(r -> r.part(EasymoRun.class));
    }

    public EngineRun engine() {
        return engine;
    }

    public RunOutcome outcome() {
        return engine.outcome();
    }

    public RunCounters counters() {
        return engine.counters();
    }

    public RunEvidence evidence() {
        return engine.evidence();
    }

    /** Redacts every secret this engine knows: target secrets and the summary's station tokens. */
    public Redactor redactor() {
        return engine.redactor();
    }

    /** This engine's shard of the shared work. */
    public EngineShard shard() {
        return engine.shard();
    }

    /** A journey's engine-wide state: one per type and run. */
    public <T> T journey(Class<T> type, Function<EngineRun, T> create) {
        return engine.part(type, create);
    }

    public <T> Optional<T> journey(Class<T> type) {
        return engine.part(type);
    }

    /**
     * A journey's end-of-test work (its reconciliation), bounded by the engine's end deadline: one that runs out of
     * time is reported as the database at SUPABASE_URL not answering, which is what a reconciliation waits for.
     */
    public void onTestEnd(String name, Runnable hook) {
        EasymoTarget t = target;
        String db = t == null ? "" : t.value(Setting.SUPABASE_URL)
                .map(v -> "the database at SUPABASE_URL=" + withoutUserInfo(v)).orElse("");
        engine.onTestEnd(name, db, hook);
    }

    // ---- filled by the config elements ----

    /** Called by the Seed Summary config element. */
    public void installSummary(SeedSummary summary, Path file) {
        this.summary = summary;
        this.summaryFile = file;
        List<String> tokens = new ArrayList<>();
        for (StationRedeemPayload p : summary.stationRedeemPayloads()) {
            tokens.add(p.token());
        }
        engine.addSecrets(tokens);
        engine.fact("seedVersion", summary.seedVersion());
        engine.fact("seedSummaryFile", file.toString());
    }

    /** Called by the easyMO Target config element: also builds the engine's HTTP client for its timeouts. */
    public void installTarget(EasymoTarget target, int maxConnections) {
        this.target = target;
        engine.addSecrets(target.secretValues());
        this.probe = new EndpointProbe(target.connectTimeout());
        EngineHttpClient old = this.http;
        EngineHttpClient fresh = new EngineHttpClient(target.connectTimeout(), target.responseTimeout(), maxConnections,
                engine::redactor);
        this.http = fresh;
        engine.closeWithRun(fresh);
        if (old != null) {
            old.close();
        }
        engine.fact("target", targetUrls(target));
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
            throw engine.outcome().refuseStart(neededBy + " needs a Seed Summary config element at test plan level "
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
            throw engine.outcome().refuseStart(neededBy + " needs an easyMO Target config element at test plan level "
                    + "(before the thread groups)");
        }
        return t;
    }

    /**
     * For {@code testStarted()} of a sampler: the endpoint URL of that setting, checked reachable (one TCP connect per
     * host:port and run), or a refused start naming the variable.
     */
    public URI requireEndpoint(Setting setting, String neededBy) {
        URI u = requireTarget(neededBy).requireEndpoint(setting, neededBy, engine.outcome());
        Optional<String> down = probe.unreachable(setting.name(), u);
        if (down.isPresent()) {
            throw engine.outcome().refuseStart(down.get());
        }
        return u;
    }

    public EngineHttpClient http() {
        EngineHttpClient h = http;
        if (h == null) {
            throw new IllegalStateException("no easyMO Target config element has started (it owns the HTTP client)");
        }
        return h;
    }

    /** The engine's client, once the easyMO Target started. */
    public Optional<EngineHttpClient> httpIfStarted() {
        return Optional.ofNullable(http);
    }

    /** Called by the config elements' {@code testEnded()}: runs the hooks and lets idle connections go. */
    public void testEnded() {
        engine.runEndHooks();
        EngineHttpClient h = http;
        if (h != null) {
            h.closeIdle(Duration.ZERO);
        }
    }

    /** Endpoint setting → URL: non-secret URL settings only, without any user-info part. */
    private Map<String, String> targetUrls(EasymoTarget t) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            if (s.secret() || !s.name().endsWith("_URL")) {
                continue;
            }
            t.value(s).ifPresent(v -> out.put(s.name(), engine.redactor().redact(withoutUserInfo(v))));
        }
        return out;
    }

    static String withoutUserInfo(String url) {
        try {
            URI u = URI.create(url);
            if (u.getRawUserInfo() == null) {
                return url;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getRawPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return url;
        }
    }
}
