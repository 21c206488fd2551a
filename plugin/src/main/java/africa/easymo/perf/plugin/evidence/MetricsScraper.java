package africa.easymo.perf.plugin.evidence;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes a Prometheus endpoint on a daemon thread while the run lasts and appends one CSV row per good scrape. A
 * scrape that fails or cannot be read is logged with the reason and skipped: metrics are evidence about the target,
 * never a reason to fail the load test.
 */
public final class MetricsScraper {

    private static final Logger log = LoggerFactory.getLogger(MetricsScraper.class);
    private static final int MAX_BODY_CHARS = 8 * 1024 * 1024;

    private final URI url;
    private final String authorization;
    private final Duration interval;
    private final Path csv;
    private final UnaryOperator<String> redact;
    private final HttpClient http;
    private final SupabaseMetricsDeriver deriver = new SupabaseMetricsDeriver();
    private final List<SupabaseMetricsRow> rows = new ArrayList<>();
    private ScheduledExecutorService ticker;
    private BufferedWriter out;
    private int attempted;
    private int succeeded;
    private String lastError;
    private boolean lastFailed;
    private MetricsSummary summary;

    /**
     * @param authorization
     *            the Authorization header value, or null
     * @param redact
     *            applied to every message that could echo a secret
     */
    public MetricsScraper(URI url, String authorization, Duration interval, Path csv, UnaryOperator<String> redact) {
        this.url = url;
        this.authorization = authorization;
        this.interval = interval;
        this.csv = csv;
        this.redact = redact;
        this.http = url == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * A collector that collects nothing, for a run whose metrics cannot be had: the CSV has its header only, and the
     * summary says why.
     */
    static MetricsScraper disabled(Path csv, String why) {
        MetricsScraper m = new MetricsScraper(null, null, Duration.ofSeconds(15), csv, UnaryOperator.identity());
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.newLine();
        } catch (IOException e) {
            log.warn("Supabase metrics: cannot write {}: {}", csv, e.toString());
        }
        m.summary = MetricsSummary.of("", csv, 0, 0, why, List.of());
        return m;
    }

    static final String HEADER = "timestamp,epoch_ms," + String.join(",", SupabaseMetricsRow.COLUMNS);

    /** Opens the CSV, scrapes once at once and then every interval. */
    public synchronized void start() throws IOException {
        out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        out.write(HEADER);
        out.newLine();
        out.flush();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perf-supabase-metrics");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::scrapeQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Supabase metrics: scraping {} every {}s into {}", redact.apply(url.toString()), interval.toSeconds(),
                csv);
    }

    private void scrapeQuietly() {
        try {
            scrapeOnce();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again.
            fail("unexpected " + e);
        }
    }

    /** One scrape; returns whether it gave a row. */
    public boolean scrapeOnce() {
        String body;
        long at;
        synchronized (this) {
            if (out == null) {
                return false;
            }
            attempted++;
        }
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Accept", "text/plain; version=0.0.4, */*;q=0.1").GET();
            if (authorization != null) {
                req.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            at = System.currentTimeMillis();
            if (response.statusCode() != 200) {
                String hint = response.statusCode() == 401 || response.statusCode() == 403
                        ? ": check SUPABASE_SERVICE_ROLE_KEY (sent as HTTP Basic service_role:<key>)" : "";
                return fail("HTTP " + response.statusCode() + " from " + url + hint);
            }
            body = response.body();
        } catch (IOException e) {
            return fail("cannot reach " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while scraping " + url);
        }
        if (body.length() > MAX_BODY_CHARS) {
            return fail("response from " + url + " is larger than " + MAX_BODY_CHARS + " characters");
        }
        SupabaseMetricsRow row;
        try {
            PrometheusScrape scrape = new PrometheusScrape(at, PrometheusTextParser.parse(body));
            if (!hasKnownSeries(scrape)) {
                return fail("no Supabase series (node_cpu_seconds_total, node_memory_*, pg_stat_database_*) in the"
                        + " response from " + url);
            }
            row = deriver.next(scrape);
        } catch (PrometheusFormatException e) {
            return fail("malformed Prometheus text from " + url + ": " + e.getMessage());
        }
        synchronized (this) {
            if (out == null) {
                return false;
            }
            try {
                out.write(csvRow(row));
                out.newLine();
                out.flush();
            } catch (IOException e) {
                return fail("cannot write " + csv + ": " + e);
            }
            rows.add(row);
            succeeded++;
            if (lastFailed) {
                log.info("Supabase metrics: scraping {} works again", redact.apply(url.toString()));
            }
            lastFailed = false;
        }
        return true;
    }

    private static boolean hasKnownSeries(PrometheusScrape s) {
        for (PrometheusSample p : s.samples()) {
            String n = p.name();
            if (n.startsWith("node_cpu_seconds_total") || n.startsWith("node_memory_")
                    || n.startsWith("pg_stat_database_") || n.startsWith("pgrst_") || n.startsWith("supavisor_")) {
                return true;
            }
        }
        return false;
    }

    private synchronized boolean fail(String reason) {
        String safe = redact.apply(reason);
        if (!safe.equals(lastError) || !lastFailed) {
            log.warn("Supabase metrics: scrape skipped, {} (the run goes on without this scrape)", safe);
        } else {
            log.debug("Supabase metrics: scrape skipped again, {}", safe);
        }
        lastError = safe;
        lastFailed = true;
        return false;
    }

    static String csvRow(SupabaseMetricsRow row) {
        StringBuilder b = new StringBuilder();
        b.append(Instant.ofEpochMilli(row.atMs())).append(',').append(row.atMs());
        for (double v : row.values()) {
            b.append(',');
            if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                b.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                        : String.format(Locale.ROOT, "%.3f", v));
            }
        }
        return b.toString();
    }

    /**
     * Stops scraping after one last scrape (so even a short run has a rate), closes the CSV and returns the summary.
     * Idempotent.
     */
    public MetricsSummary stop() {
        ScheduledExecutorService t;
        synchronized (this) {
            if (summary != null) {
                return summary;
            }
            t = ticker;
            ticker = null;
        }
        if (t != null) {
            t.shutdown();
            try {
                if (!t.awaitTermination(20, TimeUnit.SECONDS)) {
                    t.shutdownNow();
                }
            } catch (InterruptedException e) {
                t.shutdownNow();
                Thread.currentThread().interrupt();
            }
            scrapeOnce();
        }
        synchronized (this) {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                log.warn("Supabase metrics: cannot close {}: {}", csv, e.toString());
            }
            out = null;
            summary = MetricsSummary.of(redact.apply(url.toString()), csv, attempted, succeeded, lastError, rows);
            if (succeeded == 0) {
                log.warn("Supabase metrics: no scrape of {} succeeded ({} tried); the metrics CSV has no rows. Last"
                        + " reason: {}", summary.url(), attempted, lastError);
            } else {
                log.info("Supabase metrics: {} of {} scrapes written to {}", succeeded, attempted, csv);
            }
            return summary;
        }
    }
}
