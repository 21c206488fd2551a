package africa.easymo.perf.evidence.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.util.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times one light GET per target, one target after the other, every interval, on a daemon thread of its own: the
 * target's latency as the load test's clients see it, measured apart from the load. Its requests are not samples (no
 * JTL row, no label in any threshold), so they can never move a verdict.
 *
 * <p>
 * Bounded: one request in flight at a time, each within {@link #TIMEOUT}, at most {@link #MAX_KEPT} latencies kept per
 * target. A target that fails is counted and logged once per reason; probing goes on.
 */
public final class LatencyProbe {

    private static final Logger log = LoggerFactory.getLogger(LatencyProbe.class);

    /** Longest one probe may take, connecting included; a slower answer counts as an error. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_KEPT = 100_000;
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final String what;
    private final String summaryKey;
    private final Map<String, URI> targets;
    private final Map<String, String> headers;
    private final Duration interval;
    private final Supplier<? extends HttpClient> http;
    private final UnaryOperator<String> redact;
    private final Map<String, Target> figures = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;
    private String lastError;

    /**
     * @param what
     *            for log lines, e.g. "Supabase table probe"
     * @param summaryKey
     *            the key of its figures in the run summary's metrics section, e.g. {@code tables}
     * @param targets
     *            name → URL, in the order they are probed and reported
     * @param headers
     *            sent with every probe (credentials included: they are never logged)
     */
    public LatencyProbe(String what, String summaryKey, Map<String, URI> targets, Map<String, String> headers,
            Duration interval, Supplier<? extends HttpClient> http, UnaryOperator<String> redact) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target to probe");
        }
        this.what = what;
        this.summaryKey = summaryKey;
        this.targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        this.headers = Map.copyOf(headers);
        this.interval = interval;
        this.http = http;
        this.redact = redact;
        this.targets.keySet().forEach(n -> figures.put(n, new Target()));
    }

    public String summaryKey() {
        return summaryKey;
    }

    public Duration interval() {
        return interval;
    }

    /** The metrics CSV's columns for the probe: {@code <prefix><target>} per target, in target order. */
    public List<String> columns(String prefix) {
        List<String> c = new ArrayList<>();
        targets.keySet().forEach(n -> c.add(prefix + n));
        return c;
    }

    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perf-latency-probe");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::roundQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("{}: timing {} every {}s ({})", what, String.join(", ", targets.keySet()), interval.toSeconds(),
                redact.apply(targets.values().iterator().next().resolve("/").toString()));
    }

    /** Stops probing, waiting at most for the probe in flight. Idempotent. */
    public void stop() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = ticker;
            ticker = null;
        }
        if (t == null) {
            return;
        }
        t.shutdown();
        try {
            if (!t.awaitTermination(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                t.shutdownNow();
            }
        } catch (InterruptedException e) {
            t.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void roundQuietly() {
        try {
            round();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again.
            failed(null, "unexpected " + e);
        }
    }

    /** Probes every target once, in order. */
    public void round() {
        for (Map.Entry<String, URI> t : targets.entrySet()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            probe(t.getKey(), t.getValue());
        }
    }

    private void probe(String name, URI url) {
        HttpGet get = new HttpGet(url);
        int timeout = (int) TIMEOUT.toMillis();
        get.setConfig(RequestConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout)
                .setConnectionRequestTimeout(timeout).setRedirectsEnabled(false).build());
        headers.forEach(get::setHeader);
        long start = System.nanoTime();
        try {
            HttpResponse response = http.get().execute(get);
            HttpEntity entity = response.getEntity();
            try {
                drain(entity);
            } finally {
                EntityUtils.consumeQuietly(entity);
            }
            double ms = (System.nanoTime() - start) / 1e6;
            int status = response.getStatusLine().getStatusCode();
            if (status / 100 != 2) {
                failed(name, "HTTP " + status + " from " + url);
            } else if (ms > TIMEOUT.toMillis()) {
                failed(name, "no answer within " + TIMEOUT.toSeconds() + " s from " + url);
            } else {
                record(name, ms);
            }
        } catch (IOException e) {
            get.abort();
            failed(name, "cannot reach " + url + ": " + e);
        }
    }

    private static void drain(HttpEntity entity) throws IOException {
        if (entity == null) {
            return;
        }
        byte[] buf = new byte[8192];
        long read = 0;
        try (InputStream in = entity.getContent()) {
            int n;
            while ((n = in.read(buf)) >= 0 && read < MAX_BODY_BYTES) {
                read += n;
            }
        }
    }

    synchronized void record(String name, double ms) {
        figures.get(name).add(ms);
    }

    private synchronized void failed(String name, String reason) {
        if (name != null) {
            figures.get(name).errors++;
        }
        String safe = redact.apply(reason);
        if (!safe.equals(lastError)) {
            log.warn("{}: {} (probing goes on; probes never count in the run's verdict)", what, safe);
            lastError = safe;
        }
    }

    /**
     * Mean latency per target of the probes since the last call, in target order; NaN for a target that had no good
     * probe since. For one CSV row per metrics scrape.
     */
    public synchronized double[] drainMeans() {
        double[] means = new double[targets.size()];
        int i = 0;
        for (Target t : figures.values()) {
            means[i++] = t.sinceCount == 0 ? Double.NaN : t.sinceSum / t.sinceCount;
            t.sinceCount = 0;
            t.sinceSum = 0;
        }
        return means;
    }

    /** The figures so far, per target in target order (any thread). */
    public synchronized Map<String, ProbeStats> stats() {
        Map<String, ProbeStats> out = new LinkedHashMap<>();
        figures.forEach((n, t) -> out.put(n, t.stats()));
        return Collections.unmodifiableMap(out);
    }

    /** Why the last failed probe failed (redacted), or null. */
    public synchronized String lastError() {
        return lastError;
    }

    private static final class Target {
        double[] values = new double[16];
        int count;
        long errors;
        double last = Double.NaN;
        double sinceSum;
        int sinceCount;

        void add(double ms) {
            if (count < MAX_KEPT) {
                if (count == values.length) {
                    values = Arrays.copyOf(values, values.length * 2);
                }
                values[count++] = ms;
            }
            last = ms;
            sinceSum += ms;
            sinceCount++;
        }

        ProbeStats stats() {
            double[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            return new ProbeStats(count, errors, percentile(sorted, 50), percentile(sorted, 95),
                    count == 0 ? Double.NaN : sorted[count - 1], last);
        }
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
