package africa.easymo.perf.journeys.metrics;

import africa.easymo.perf.run.RunStart;
import africa.easymo.perf.evidence.EvidenceRun;
import africa.easymo.perf.evidence.metrics.LatencyProbe;
import africa.easymo.perf.evidence.metrics.MetricsScraper;
import africa.easymo.perf.lib.supabase.SupabaseKeyHeaders;
import africa.easymo.perf.http.EngineHttpClient;
import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.run.EngineRun;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.apache.http.client.HttpClient;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.jmeter.config.ConfigTestElement;
import org.apache.jmeter.engine.util.NoConfigMerge;
import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.core.Secret;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.config.Settings;

/**
 * Scrapes Supabase's privileged metrics endpoint while the run lasts, into {@code <run folder>/<plan>-supabase-
 * metrics.csv}. The URL is the element's field, else {@code PERF_SUPABASE_METRICS_URL}, else
 * {@code SUPABASE_URL/customer/v1/privileged/metrics}; it authenticates with HTTP Basic
 * {@code service_role:<SUPABASE_SERVICE_ROLE_KEY>}. Nothing here can fail the run: a missing URL or a failed scrape is
 * logged with the reason, and the summary says why the metrics are missing.
 */
public class SupabaseMetricsCollector extends ConfigTestElement
        implements TestBean, TestStateListener, NoThreadClone, NoConfigMerge {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(SupabaseMetricsCollector.class);

    static final String METRICS_PATH = "/customer/v1/privileged/metrics";

    private String metricsUrl = "";
    private String intervalSeconds = "15";

    private transient EvidenceRun run;
    /** Only when the plan has no easyMO Target (whose engine client the scrapes otherwise share). */
    private transient volatile CloseableHttpClient ownClient;

    @Override
    public void testStarted() {
        // One scraper per run: in a distributed run shard 0 scrapes, the other engines would only repeat its rows.
        EngineRun engine = EngineRun.join();
        if (engine.link().isPresent() && engine.shard().index() != 0) {
            log.info("{}: shard {} leaves the metrics to shard 0", getName(), engine.shard().index());
            return;
        }
        TableProbeSettings probeSettings;
        try {
            probeSettings = TableProbeSettings.from(JMeterUtils::getProperty);
        } catch (IllegalArgumentException e) {
            throw engine.outcome().refuseStart(getName() + ": " + e.getMessage());
        }
        try {
            run = EvidenceRun.join();
        } catch (RuntimeException e) {
            // The evidence listener refuses the start over this; metrics alone never stop a run.
            log.warn("{}: no metrics this run: {}", getName(), e.getMessage());
            return;
        }
        String key = Settings.resolveSecret(Setting.SUPABASE_SERVICE_ROLE_KEY, JMeterUtils::getProperty, System::getenv)
                .map(Secret::reveal).orElse(null);
        UnaryOperator<String> redact = redactor(key);
        String url = resolveUrl();
        Duration interval = interval();
        if (url == null) {
            String why = "no metrics URL: set PERF_SUPABASE_METRICS_URL (or SUPABASE_URL) to collect Supabase metrics";
            log.info("{}: {}", getName(), why);
            run.attach(MetricsScraper.disabled(run.file("-supabase-metrics.csv"), why, new SupabaseMetricsDeriver()));
            return;
        }
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            String why = "metrics URL '" + redact.apply(url) + "' is not usable: " + e.getMessage();
            log.warn("{}: {}", getName(), why);
            run.attach(MetricsScraper.disabled(run.file("-supabase-metrics.csv"), why, new SupabaseMetricsDeriver()));
            return;
        }
        String auth = key == null ? null : "Basic "
                + Base64.getEncoder().encodeToString(("service_role:" + key).getBytes(StandardCharsets.UTF_8));
        if (key == null) {
            log.warn("{}: SUPABASE_SERVICE_ROLE_KEY is not set; scraping {} without credentials", getName(),
                    redact.apply(url));
        }
        MetricsScraper scraper = new MetricsScraper(uri, auth, interval, run.file("-supabase-metrics.csv"), redact,
                new SupabaseMetricsDeriver(probeSettings.tables()), this::http);
        tableProbe(probeSettings, key, redact).ifPresent(p -> scraper.withProbe(p, REST_LATENCY_COLUMN));
        try {
            scraper.start();
        } catch (java.io.IOException e) {
            log.warn("{}: cannot write {}: {}; no metrics this run", getName(), run.file("-supabase-metrics.csv"),
                    e.toString());
            run.attach(MetricsScraper.disabled(run.file("-supabase-metrics.csv"), "cannot write the CSV: " + e,
                    new SupabaseMetricsDeriver()));
            return;
        }
        run.attach(scraper);
    }

    /**
     * The metrics CSV's column of a table's probe latency: {@code rest_latency_ms_
     *
    <table>
     * }.
     */
    static final String REST_LATENCY_COLUMN = "rest_latency_ms_";

    /**
     * One light PostgREST read per table ({@code GET /rest/v1/
     *
    <table>
     * ?select=*&limit=1} with the service role key), or none when it is off or the target or key is missing.
     */
    private Optional<LatencyProbe> tableProbe(TableProbeSettings settings, String key, UnaryOperator<String> redact) {
        if (!settings.enabled()) {
            log.info("{}: per-table latency probe off ({}=false)", getName(), TableProbeSettings.ENABLED_PROPERTY);
            return Optional.empty();
        }
        String base = setting(Setting.SUPABASE_URL);
        if (base == null || key == null) {
            log.info("{}: no per-table latency probe: it needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY", getName());
            return Optional.empty();
        }
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        Map<String, URI> targets = new LinkedHashMap<>();
        try {
            for (String t : settings.tables()) {
                targets.put(t, URI.create(root + "/rest/v1/" + t + "?select=*&limit=1"));
            }
        } catch (IllegalArgumentException e) {
            log.warn("{}: no per-table latency probe: SUPABASE_URL '{}' is not usable: {}", getName(),
                    redact.apply(base), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new LatencyProbe("Supabase table probe", "tables", targets,
                SupabaseKeyHeaders.of(new Secret(key)), settings.interval(), this::http, redact));
    }

    private String resolveUrl() {
        if (metricsUrl != null && !metricsUrl.isBlank()) {
            return metricsUrl.trim();
        }
        String explicit = setting(Setting.PERF_SUPABASE_METRICS_URL);
        if (explicit != null) {
            return explicit;
        }
        String base = setting(Setting.SUPABASE_URL);
        if (base != null) {
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + METRICS_PATH;
        }
        return null;
    }

    private Duration interval() {
        try {
            long s = Long.parseLong(intervalSeconds == null ? "15" : intervalSeconds.trim());
            if (s < 1 || s > 3600) {
                throw new NumberFormatException("outside 1..3600");
            }
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            log.warn("{}: interval '{}' is not a number of seconds in 1..3600; using 15", getName(), intervalSeconds);
            return Duration.ofSeconds(15);
        }
    }

    /** JMeter property over environment variable; blank is unset. */
    static String setting(Setting setting) {
        return Settings.resolve(setting, JMeterUtils::getProperty, System::getenv).orElse(null);
    }

    /** The engine's client when the plan has an easyMO Target, else one of this element's own. */
    private HttpClient http() {
        Optional<EngineHttpClient> engine = EasymoRun.find().flatMap(EasymoRun::httpIfStarted);
        if (engine.isPresent()) {
            return engine.get().apacheClient();
        }
        synchronized (this) {
            if (ownClient == null) {
                ownClient = HttpClients.custom().setMaxConnTotal(2).disableAutomaticRetries().disableRedirectHandling()
                        .disableCookieManagement().build();
            }
            return ownClient;
        }
    }

    /** The engine's redactor, plus the key this element holds (the engine may not know it yet). */
    private static UnaryOperator<String> redactor(String key) {
        UnaryOperator<String> engine = s -> EngineRun.find().map(r -> r.redactor().redact(s)).orElse(s);
        if (key == null) {
            return engine;
        }
        Redactor own = Redactor.of(java.util.List.of(key));
        return s -> engine.apply(own.redact(s));
    }

    @Override
    public void testStarted(String host) {
        RunStart.guard(() -> prepare(host));
    }

    /** Prepares this engine's share of the run; a refusal stops the engine before any thread starts. */
    private void prepare(String host) {
        testStarted();
    }

    @Override
    public void testEnded() {
        EvidenceRun r = run;
        run = null;
        if (r != null) {
            r.finishMetrics();
            EvidenceRun.leave(r);
        }
        CloseableHttpClient own = ownClient;
        ownClient = null;
        if (own != null) {
            try {
                own.close();
            } catch (java.io.IOException e) {
                log.debug("closing the metrics client: {}", e.toString());
            }
        }
    }

    @Override
    public void testEnded(String host) {
        testEnded();
    }

    public String getMetricsUrl() {
        return metricsUrl;
    }

    public void setMetricsUrl(String metricsUrl) {
        this.metricsUrl = metricsUrl;
    }

    public String getIntervalSeconds() {
        return intervalSeconds;
    }

    public void setIntervalSeconds(String intervalSeconds) {
        this.intervalSeconds = intervalSeconds;
    }
}
