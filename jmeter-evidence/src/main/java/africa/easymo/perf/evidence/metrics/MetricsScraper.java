package africa.easymo.perf.evidence.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
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
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.http.HttpEntity;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.util.EntityUtils;

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
    private final Supplier<? extends HttpClient> http;
    private final MetricsDeriver deriver;
    private String header;
    private List<String> columns;
    private LatencyProbe probe;
    private final List<double[]> rows = new ArrayList<>();
    private ScheduledExecutorService ticker;
    private BufferedWriter out;
    private int attempted;
    private int succeeded;
    private String lastError;
    private boolean lastFailed;
    private MetricsSummary summary;
    private long lastAtMs;

    /**
     * @param authorization
     *            the Authorization header value, or null
     * @param redact
     *            applied to every message that could echo a secret
     * @param http
     *            the engine's client, asked for at each scrape (the element that owns it may start after this one);
     *            each scrape is also bounded by {@link #SCRAPE_TIMEOUT}
     */
    public MetricsScraper(URI url, String authorization, Duration interval, Path csv, UnaryOperator<String> redact,
            MetricsDeriver deriver, Supplier<? extends HttpClient> http) {
        this.url = url;
        this.authorization = authorization;
        this.interval = interval;
        this.csv = csv;
        this.redact = redact;
        this.deriver = deriver;
        this.http = http;
        this.columns = deriver.columns();
        this.header = header(columns);
    }

    /**
     * Adds a latency probe that starts and stops with this scraper: each CSV row gets, after the source's columns, the
     * probe's mean latency per target since the previous row ({@code <columnPrefix><target>}), and the summary its
     * whole-run figures. Call before {@link #start()}.
     */
    public synchronized MetricsScraper withProbe(LatencyProbe probe, String columnPrefix) {
        if (out != null) {
            throw new IllegalStateException("the scraper has started");
        }
        this.probe = probe;
        List<String> c = new ArrayList<>(deriver.columns());
        c.addAll(probe.columns(columnPrefix));
        this.columns = List.copyOf(c);
        this.header = header(columns);
        return this;
    }

    /** Longest one scrape may take, connecting included. */
    public static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(10);

    /** The CSV's first line for that source. */
    public static String header(MetricsDeriver deriver) {
        return header(deriver.columns());
    }

    private static String header(List<String> columns) {
        return "timestamp,epoch_ms," + String.join(",", columns);
    }

    /**
     * A collector that collects nothing, for a run whose metrics cannot be had: the CSV has its header only, and the
     * summary says why.
     */
    public static MetricsScraper disabled(Path csv, String why, MetricsDeriver deriver) {
        MetricsScraper m = new MetricsScraper(null, null, Duration.ofSeconds(15), csv, UnaryOperator.identity(),
                deriver, null);
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(m.header);
            w.newLine();
        } catch (IOException e) {
            log.warn("{}: cannot write {}: {}", deriver.source(), csv, e.toString());
        }
        m.summary = MetricsSummary.of(deriver.evidenceSection(), "", csv, 0, 0, why, deriver.columns(), List.of(),
                null);
        return m;
    }

    /** Opens the CSV, scrapes once at once and then every interval. */
    public synchronized void start() throws IOException {
        out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        out.write(header);
        out.newLine();
        out.flush();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perf-metrics");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::scrapeQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        if (probe != null) {
            probe.start();
        }
        log.info("{}: scraping {} every {}s into {}", deriver.source(), redact.apply(url.toString()),
                interval.toSeconds(), csv);
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
        HttpGet get = new HttpGet(url);
        int timeout = (int) SCRAPE_TIMEOUT.toMillis();
        get.setConfig(RequestConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout)
                .setConnectionRequestTimeout(timeout).setRedirectsEnabled(false).build());
        get.setHeader("Accept", "text/plain; version=0.0.4, */*;q=0.1");
        if (authorization != null) {
            get.setHeader("Authorization", authorization);
        }
        try {
            org.apache.http.HttpResponse response = http.get().execute(get);
            HttpEntity entity = response.getEntity();
            try {
                at = System.currentTimeMillis();
                int status = response.getStatusLine().getStatusCode();
                if (status != 200) {
                    String hint = status == 401 || status == 403 ? deriver.authHint() : "";
                    return fail("HTTP " + status + " from " + url + (hint.isEmpty() ? "" : ": " + hint));
                }
                if (entity != null && entity.getContentLength() > MAX_BODY_CHARS) {
                    return fail("response from " + url + " is larger than " + MAX_BODY_CHARS + " characters");
                }
                body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
            } finally {
                EntityUtils.consumeQuietly(entity);
            }
        } catch (IOException e) {
            get.abort();
            return fail("cannot reach " + url + ": " + e);
        }
        if (body.length() > MAX_BODY_CHARS) {
            return fail("response from " + url + " is larger than " + MAX_BODY_CHARS + " characters");
        }
        double[] row;
        try {
            PrometheusScrape scrape = new PrometheusScrape(at, PrometheusTextParser.parse(body));
            Optional<String> notOurs = deriver.notThisSource(scrape);
            if (notOurs.isPresent()) {
                return fail(notOurs.get() + " in the response from " + url);
            }
            row = withProbe(deriver.next(scrape));
        } catch (PrometheusFormatException e) {
            return fail("malformed Prometheus text from " + url + ": " + e.getMessage());
        }
        synchronized (this) {
            if (out == null) {
                return false;
            }
            try {
                out.write(csvRow(at, row));
                out.newLine();
                out.flush();
            } catch (IOException e) {
                return fail("cannot write " + csv + ": " + e);
            }
            rows.add(row);
            lastAtMs = at;
            succeeded++;
            if (lastFailed) {
                log.info("{}: scraping {} works again", deriver.source(), redact.apply(url.toString()));
            }
            lastFailed = false;
        }
        return true;
    }

    private double[] withProbe(double[] sourceRow) {
        if (probe == null) {
            return sourceRow;
        }
        double[] means = probe.drainMeans();
        double[] row = java.util.Arrays.copyOf(sourceRow, sourceRow.length + means.length);
        System.arraycopy(means, 0, row, sourceRow.length, means.length);
        return row;
    }

    private synchronized boolean fail(String reason) {
        String safe = redact.apply(reason);
        if (!safe.equals(lastError) || !lastFailed) {
            log.warn("{}: scrape skipped, {} (the run goes on without this scrape)", deriver.source(), safe);
        } else {
            log.debug("{}: scrape skipped again, {}", deriver.source(), safe);
        }
        lastError = safe;
        lastFailed = true;
        return false;
    }

    /** The last good scrape's row and the scrape counts so far, for a live view (any thread). */
    public synchronized MetricsLatest latest() {
        double[] last = rows.isEmpty() ? null : rows.get(rows.size() - 1).clone();
        return new MetricsLatest(deriver.source(), redact.apply(String.valueOf(url)), columns, lastAtMs, last,
                attempted, succeeded, lastError, probeFigures());
    }

    private ProbeFigures probeFigures() {
        LatencyProbe p = probe;
        return p == null ? null : new ProbeFigures(p.summaryKey(), p.interval().toSeconds(), p.stats(), p.lastError());
    }

    static String csvRow(long atMs, double[] row) {
        StringBuilder b = new StringBuilder();
        b.append(Instant.ofEpochMilli(atMs)).append(',').append(atMs);
        for (double v : row) {
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
        if (probe != null) {
            probe.stop();
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
                log.warn("{}: cannot close {}: {}", deriver.source(), csv, e.toString());
            }
            out = null;
            summary = MetricsSummary.of(deriver.evidenceSection(), redact.apply(url.toString()), csv, attempted,
                    succeeded, lastError, columns, rows, probeFigures());
            if (succeeded == 0) {
                log.warn(deriver.source() + ": no scrape of {} succeeded ({} tried); the metrics CSV has no rows. Last"
                        + " reason: {}", summary.url(), attempted, lastError);
            } else {
                log.info("{}: {} of {} scrapes written to {}", deriver.source(), succeeded, attempted, csv);
            }
            return summary;
        }
    }
}
