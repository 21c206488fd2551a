package africa.easymo.perf.evidence.live;

import africa.easymo.perf.evidence.metrics.MetricsLatest;
import africa.easymo.perf.evidence.rules.AbortRuleStatus;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.evidence.stats.LabelSnapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view of one run: once a second, on its own daemon thread, reads the {@link LiveSource}, adds a point to the
 * {@link LiveSeries} and renders the snapshot JSON the dashboard serves; at the end, the verdict and the page written
 * self-contained into the run folder. Runs whether or not a server shows it, so every run's folder gets the page.
 *
 * <p>
 * Every snapshot passes through the run's redactor before anyone can read it.
 */
public final class LiveRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveRecorder.class);

    /** Loaded at the first render, not at test start: a run that ends at once is not slowed by it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final String plan;
    private final long startMs;
    private final LiveSource source;
    private final UnaryOperator<String> redact;
    private final LongSupplier clock;
    private final LiveSeries series;
    /** The snapshot rendered for the latest point; null until someone asks (rendering costs more than ticking). */
    private String json;
    /** The point sequence number {@link #json} starts its series at. */
    private long jsonSince = -1;
    private long lastMs;
    private ScheduledExecutorService ticker;
    private boolean ended;
    private String verdict;
    private List<String> failures = List.of();
    private String abortedBy;
    private long endMs;
    /** The collector's last answer: still shown once it has stopped at the end of the run. */
    private MetricsLatest lastMetrics;

    public LiveRecorder(String plan, long startMs, LiveSource source, UnaryOperator<String> redact) {
        this(plan, startMs, source, redact, System::currentTimeMillis);
    }

    LiveRecorder(String plan, long startMs, LiveSource source, UnaryOperator<String> redact, LongSupplier clock) {
        this.plan = plan;
        this.startMs = startMs;
        this.source = source;
        this.redact = redact;
        this.clock = clock;
        this.series = new LiveSeries(startMs);
        this.lastMs = startMs;
    }

    /** Points a live snapshot carries: the last half hour (the page kept at the end has them all). */
    public static final int LIVE_POINTS = 1800;

    /** Starts the once-a-second tick. */
    public synchronized void start() {
        if (ticker != null || ended) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perf-live-dashboard");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            try {
                tick();
            } catch (RuntimeException | LinkageError e) {
                // A scheduled task that throws is never run again: keep going.
                log.warn("Live dashboard tick failed: {}", e.toString(), e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Adds a point now and renders the snapshot (the ticker's thread; tests call it with their clock). */
    public synchronized void tick() {
        if (ended) {
            return;
        }
        long now = clock.getAsLong();
        series.tick(now, source.labels(), source.total(), source.activeThreads(), source.counters());
        source.metrics().ifPresent(m -> lastMetrics = m);
        lastMs = now;
        json = null;
    }

    /** The latest snapshot with the last {@link #LIVE_POINTS} points, redacted. */
    public String json() {
        return json(-1);
    }

    /**
     * The latest snapshot, redacted, its series holding the points from sequence number {@code since} on: a page that
     * holds the earlier points asks for the new ones only, so a poll costs the same in the run's first minute and its
     * second hour. A {@code since} below zero, ahead of the series (a page left open from another run) or more than
     * {@link #LIVE_POINTS} back gets the last {@link #LIVE_POINTS} points. Rendered once per tick and start point (the
     * server's thread): several pages watching one run cost one render each.
     */
    public synchronized String json(long since) {
        long next = series.next();
        long from = since < 0 || since > next || next - since > LIVE_POINTS ? next - LIVE_POINTS : since;
        from = Math.max(0, from);
        if (json == null || jsonSince != from) {
            json = render(lastMs, from);
            jsonSince = from;
        }
        return json;
    }

    /**
     * The run ended: one last point with the exact figures, then the verdict. The ticker stops.
     *
     * @param verdictWord
     *            e.g. {@code passed}
     */
    public synchronized void finish(String verdictWord, List<String> runFailures, String abortReason) {
        stopTicker();
        if (!ended) {
            long now = clock.getAsLong();
            series.tick(now, source.labels(), source.total(), source.activeThreads(), source.counters());
            source.metrics().ifPresent(m -> lastMetrics = m);
            endMs = now;
        }
        ended = true;
        verdict = verdictWord;
        failures = runFailures == null ? List.of() : List.copyOf(runFailures);
        abortedBy = abortReason;
        lastMs = endMs;
        json = null;
    }

    /** Writes the page with the latest snapshot, every point of it, inlined: one file that opens offline. */
    public void export(Path file) throws IOException {
        String all;
        synchronized (this) {
            all = render(lastMs, 0);
        }
        Files.writeString(file, LivePage.selfContained(all), StandardCharsets.UTF_8);
    }

    private void stopTicker() {
        ScheduledExecutorService t = ticker;
        ticker = null;
        if (t != null) {
            t.shutdownNow();
        }
    }

    @Override
    public synchronized void close() {
        stopTicker();
    }

    private String render(long nowMs, long fromPoint) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("plan", plan);
        root.put("startedAt", Instant.ofEpochMilli(startMs).toString());
        root.put("nowMs", nowMs);
        root.put("elapsedSeconds", Math.max(0, (nowMs - startMs) / 1000.0));
        root.put("state", ended ? "ended" : "running");
        if (ended) {
            root.put("verdict", verdict);
            ArrayNode f = root.putArray("failures");
            failures.forEach(f::add);
            if (abortedBy != null) {
                root.put("abortedBy", abortedBy);
            }
        }
        root.put("activeThreads", source.activeThreads());
        LabelSnapshot total = source.total();
        root.set("total", label(total, nowMs));
        ArrayNode labels = root.putArray("labels");
        for (LabelSnapshot l : source.labels()) {
            labels.add(label(l, nowMs));
        }
        ArrayNode th = root.putArray("thresholds");
        for (ThresholdVerdict v : source.thresholds()) {
            ObjectNode o = th.addObject();
            o.put("rule", v.threshold().describe());
            number(o, "observed", v.observed());
            o.put("unit", v.threshold().metric().unit());
            o.put("passed", v.passed());
            o.put("note", v.note());
        }
        ArrayNode ab = root.putArray("abortRules");
        for (AbortRuleStatus a : source.abortRules(nowMs)) {
            ObjectNode o = ab.addObject();
            o.put("rule", a.rule());
            number(o, "value", a.value());
            number(o, "limit", a.limit());
            o.put("unit", a.unit());
            o.put("samples", a.samples());
            o.put("minSamples", a.minSamples());
            o.put("windowSeconds", a.windowSeconds());
            o.put("breaching", a.breaching());
            o.put("fired", a.fired());
        }
        List<LiveEngine> engines = source.engines();
        if (!engines.isEmpty()) {
            ArrayNode en = root.putArray("engines");
            for (LiveEngine e : engines) {
                ObjectNode o = en.addObject();
                o.put("engine", e.name());
                o.put("shard", e.shard());
                o.put("state", e.state());
                o.put("samples", e.samples());
                o.put("errors", e.errors());
                number(o, "p95", e.p95() < 0 ? Double.NaN : e.p95());
                o.put("threads", e.threads());
            }
        }
        ObjectNode counters = root.putObject("counters");
        new java.util.TreeMap<>(source.counters()).forEach(counters::put);
        Optional<MetricsLatest> m = source.metrics();
        if (m.isPresent()) {
            lastMetrics = m.get();
        }
        if (lastMetrics != null) {
            MetricsLatest ml = lastMetrics;
            ObjectNode o = root.putObject("metrics");
            o.put("source", ml.source());
            o.put("url", ml.url());
            o.put("attempted", ml.attempted());
            o.put("succeeded", ml.succeeded());
            if (ml.atMs() > 0) {
                o.put("at", Instant.ofEpochMilli(ml.atMs()).toString());
            }
            if (ml.lastError() != null) {
                o.put("lastError", ml.lastError());
            }
            ObjectNode values = o.putObject("values");
            for (int i = 0; i < ml.columns().size(); i++) {
                number(values, ml.columns().get(i),
                        ml.values() == null || i >= ml.values().length ? Double.NaN : ml.values()[i]);
            }
            if (ml.probe() != null) {
                ObjectNode probe = o.putObject("probe");
                probe.put("key", ml.probe().key());
                probe.put("intervalSeconds", ml.probe().intervalSeconds());
                if (ml.probe().lastError() != null) {
                    probe.put("lastError", ml.probe().lastError());
                }
                ObjectNode targets = probe.putObject("targets");
                ml.probe().targets().forEach((name, st) -> {
                    ObjectNode t = targets.putObject(name);
                    t.put("probes", st.probes());
                    t.put("errors", st.errors());
                    number(t, "p50Ms", st.p50Ms());
                    number(t, "p95Ms", st.p95Ms());
                    number(t, "maxMs", st.maxMs());
                    number(t, "lastMs", st.lastMs());
                });
            }
        }
        root.set("series", series.since(fromPoint));
        try {
            return redact.apply(Json.MAPPER.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the live snapshot", e);
        }
    }

    private static ObjectNode label(LabelSnapshot l, long nowMs) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("label", l.label());
        o.put("count", l.count());
        o.put("errors", l.errors());
        number(o, "errorPct", l.errorPercent());
        long from = l.firstStartMs();
        long to = l.count() == 0 ? from : Math.max(l.lastEndMs(), from + 1);
        number(o, "rate", l.count() == 0 ? Double.NaN : l.count() * 1000.0 / Math.max(1, to - from));
        if (!l.latency().isEmpty()) {
            o.put("p50", l.latency().percentile(50));
            o.put("p95", l.latency().percentile(95));
            o.put("p99", l.latency().percentile(99));
            o.put("max", l.latency().max());
            number(o, "avg", l.latency().mean());
        }
        ObjectNode codes = o.putObject("codes");
        l.statusCodes().forEach(codes::put);
        return o;
    }

    static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(key);
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            o.put(key, (long) v);
        } else {
            o.put(key, Math.round(v * 1000) / 1000.0);
        }
    }
}
