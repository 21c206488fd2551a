package africa.easymo.perf.journeys.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import africa.easymo.perf.evidence.metrics.LatencyProbe;
import africa.easymo.perf.evidence.metrics.MetricsScraper;
import africa.easymo.perf.lib.supabase.SupabaseKeyHeaders;
import africa.easymo.perf.evidence.metrics.MetricsSummary;
import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;

/** The scraper against the sandbox's real endpoint, and against endpoints that fail in each way. */
class SupabaseMetricsScrapeTest {

    private static Sandbox sandbox;
    private static CloseableHttpClient http;
    private static final String HEADER = MetricsScraper.header(new SupabaseMetricsDeriver());
    /** Long enough that only the scrapes a test asks for happen: no timing in these tests. */
    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).build());
        http = HttpClients.createMinimal();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString(("service_role:" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static UnaryOperator<String> redactKey(String key) {
        return s -> s.replace(key, "[REDACTED]");
    }

    @Test
    void writesRowsFromTheSandboxEndpointWhileTheRunLasts() throws Exception {
        Path csv = dir.resolve("p-supabase-metrics.csv");
        MetricsScraper s = new MetricsScraper(sandbox.url("/customer/v1/privileged/metrics"),
                basic(sandbox.serviceRoleKey()), NEVER, csv, redactKey(sandbox.serviceRoleKey()),
                new SupabaseMetricsDeriver(), () -> http);
        s.start();
        assertThat(s.scrapeOnce()).isTrue();
        try (Connection c = sandbox.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("create temporary table probe(x int)");
            st.execute("insert into probe select generate_series(1, 100)");
        }
        assertThat(s.scrapeOnce()).isTrue();
        // Rows are on disk before the run ends.
        assertThat(Files.readAllLines(csv).size()).isGreaterThanOrEqualTo(3);
        MetricsSummary m = s.stop();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
        assertThat(m.succeeded()).isEqualTo(m.attempted()).isGreaterThanOrEqualTo(3);
        assertThat(m.lastError()).isNull();
        assertThat(m.columns()).containsKeys("memory_used_pct", "db_connections", "pgrst_db_pool_max");
        assertThat(m.columns().get("pgrst_db_pool_max")[2]).isEqualTo(sandbox.config().dbPoolSize());
        assertThat(String.join("\n", lines)).doesNotContain(sandbox.serviceRoleKey());
        assertThat(s.stop()).as("idempotent").isSameAs(m);
    }

    @Test
    void endpointDownIsLoggedAndSkippedNeverThrown() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path csv = dir.resolve("down.csv");
        MetricsScraper s = new MetricsScraper(
                URI.create("http://127.0.0.1:" + port + "/customer/v1/privileged/metrics"), basic("k"), NEVER, csv,
                UnaryOperator.identity(), new SupabaseMetricsDeriver(), () -> http);
        s.start();
        assertThat(s.scrapeOnce()).isFalse();
        MetricsSummary m = s.stop();
        assertThat(m.succeeded()).isZero();
        assertThat(m.attempted()).isGreaterThanOrEqualTo(2);
        assertThat(m.lastError()).startsWith("cannot reach http://127.0.0.1:" + port).contains("ConnectException");
        assertThat(Files.readAllLines(csv)).containsExactly(HEADER);
    }

    @Test
    void wrongKeyNamesTheVariableAndNeverTheKey() throws Exception {
        String wrong = "sb_secret_wrong_key_123";
        MetricsScraper s = new MetricsScraper(sandbox.url("/customer/v1/privileged/metrics"), basic(wrong), NEVER,
                dir.resolve("k.csv"), redactKey(wrong), new SupabaseMetricsDeriver(), () -> http);
        s.start();
        assertThat(s.scrapeOnce()).isFalse();
        MetricsSummary m = s.stop();
        assertThat(m.lastError()).contains("HTTP 401").contains("SUPABASE_SERVICE_ROLE_KEY").doesNotContain(wrong);
    }

    @Test
    void malformedOrForeignTextIsSkippedWithTheReason() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String[] body = { "<html>oops</html>" };
        server.createContext("/m", ex -> {
            byte[] b = body[0].getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/m");
            MetricsScraper s = new MetricsScraper(url, null, NEVER, dir.resolve("m.csv"), UnaryOperator.identity(),
                    new SupabaseMetricsDeriver(), () -> http);
            s.start();
            assertThat(s.scrapeOnce()).isFalse();
            MetricsSummary bad = s.stop();
            assertThat(bad.lastError()).startsWith("malformed Prometheus text from " + url + ": line 1");

            body[0] = "some_other_metric 1\n";
            MetricsScraper t = new MetricsScraper(url, null, NEVER, dir.resolve("n.csv"), UnaryOperator.identity(),
                    new SupabaseMetricsDeriver(), () -> http);
            t.start();
            assertThat(t.scrapeOnce()).isFalse();
            assertThat(t.stop().lastError()).startsWith("no Supabase series");
        } finally {
            server.stop(0);
        }
    }

    private static LatencyProbe tableProbe(String key, List<String> tables) {
        Map<String, URI> targets = new LinkedHashMap<>();
        tables.forEach(t -> targets.put(t, sandbox.url("/rest/v1/" + t + "?select=*&limit=1")));
        return new LatencyProbe("Supabase table probe", "tables", targets,
                SupabaseKeyHeaders.of(new africa.easymo.perf.core.Secret(key)), NEVER, () -> http, redactKey(key));
    }

    @Test
    void theTableProbeTimesPostgrestPerTableIntoTheCsvAndTheSummary() throws Exception {
        List<String> tables = List.of("vouchers", "voucher_events", "stations", "campaign_targets");
        LatencyProbe probe = tableProbe(sandbox.serviceRoleKey(), tables);
        Path csv = dir.resolve("probe.csv");
        SupabaseMetricsDeriver deriver = new SupabaseMetricsDeriver(tables);
        MetricsScraper s = new MetricsScraper(sandbox.url("/customer/v1/privileged/metrics"),
                basic(sandbox.serviceRoleKey()), NEVER, csv, redactKey(sandbox.serviceRoleKey()), deriver, () -> http)
                        .withProbe(probe, "rest_latency_ms_");
        s.start();
        probe.round();
        assertThat(s.scrapeOnce()).isTrue();
        MetricsSummary m = s.stop();

        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).endsWith("rows_written_per_s_campaign_targets", "scans_per_s_campaign_targets",
                "rest_latency_ms_vouchers", "rest_latency_ms_voucher_events", "rest_latency_ms_stations",
                "rest_latency_ms_campaign_targets");
        // The scraper's own first scrape may come before or after the round: every table has a latency in some row.
        for (String t : tables) {
            int col = header.indexOf("rest_latency_ms_" + t);
            List<Double> cells = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)[col])
                    .filter(c -> !c.isEmpty()).map(Double::parseDouble).toList();
            assertThat(cells).as("latencies of %s in %s", t, lines).isNotEmpty()
                    .allSatisfy(ms -> assertThat(ms).isPositive().isLessThan(LatencyProbe.TIMEOUT.toMillis()));
        }
        assertThat(m.probe().key()).isEqualTo("tables");
        assertThat(m.probe().targets()).containsOnlyKeys(tables);
        m.probe().targets().forEach((t, st) -> {
            assertThat(st.probes()).as(t).isGreaterThanOrEqualTo(1);
            assertThat(st.errors()).as(t).isZero();
            assertThat(st.p50Ms()).as(t).isPositive().isLessThanOrEqualTo(st.p95Ms());
            assertThat(st.p95Ms()).as(t).isLessThanOrEqualTo(st.maxMs());
        });
        assertThat(m.columns()).containsKey("rest_latency_ms_vouchers");
        assertThat(s.latest().probe().targets()).containsOnlyKeys(tables);
    }

    @Test
    void aProbeTheTargetRefusesCountsAsAnErrorAndNeverShowsTheKey() throws Exception {
        String wrong = "sb_secret_probe_wrong_456";
        LatencyProbe probe = tableProbe(wrong, List.of("vouchers", "no_such_table"));
        probe.round();
        assertThat(probe.stats().get("vouchers").errors()).isEqualTo(1);
        assertThat(probe.stats().get("vouchers").probes()).isZero();
        assertThat(probe.stats().get("vouchers").p95Ms()).isNaN();
        assertThat(probe.lastError()).contains("HTTP 401").doesNotContain(wrong);

        LatencyProbe unknown = tableProbe(sandbox.serviceRoleKey(), List.of("stations", "no_such_table"));
        unknown.round();
        assertThat(unknown.stats().get("stations").errors()).isZero();
        assertThat(unknown.stats().get("no_such_table").errors()).isEqualTo(1);
        assertThat(unknown.lastError()).contains("HTTP 404").contains("no_such_table");
        assertThat(unknown.drainMeans()[0]).isPositive();
        assertThat(unknown.drainMeans()[0]).as("drained").isNaN();
    }
}
