package africa.easymo.perf.testplans.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;
import africa.easymo.perf.testplans.harness.JtlSample;

/**
 * The evidence elements in real non-GUI runs of {@code bin/jmeter} against the sandbox: exit codes, abort rules, the
 * summary against the JTL, and the Supabase metrics CSV. Uses a one-route probe plan, not a journey plan, so the
 * sandbox's faults decide the outcome.
 */
class EvidenceIT {

    private static final String ROUTE = "/rest/v1/stations";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;
    private static Path plan;

    @TempDir
    Path out;

    @BeforeAll
    static void start() throws URISyntaxException {
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).build());
        plan = Path.of(EvidenceIT.class.getResource("/evidence/evidence-probe.jmx").toURI());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().clear();
    }

    private JMeterRun probe(Map<String, String> props) {
        return JMeterRun.plan(plan).outputDir(out).timeout(Duration.ofMinutes(3))
                .property("probe.port", Integer.toString(sandbox.port()))
                .property("probe.apikey", sandbox.serviceRoleKey()).properties(props);
    }

    private Path runFolder(JMeterResult r) throws IOException {
        try (Stream<Path> s = Files.list(out.resolve("evidence/runs"))) {
            List<Path> runs = s.toList();
            assertThat(runs).as(r.describe()).hasSize(1);
            return runs.get(0);
        }
    }

    private static JsonNode summary(Path run) throws IOException {
        return JSON.readTree(run.resolve("evidence-probe-summary.json").toFile());
    }

    @Test
    void failedThresholdExitsNonZeroOnlyAfterTheDashboardAndSummaryWereWritten() throws IOException {
        sandbox.faults().delay(ROUTE, Duration.ofMillis(250));
        JMeterResult r = probe(
                Map.of("probe.thresholds", "p(95)<200, errors<1%", "probe.threads", "2", "probe.loops", "10")).run();

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        Path run = runFolder(r);
        // Files that exist after the process is gone were written before it exited.
        assertThat(run.resolve("dashboard/index.html")).isRegularFile();
        assertThat(run.resolve("dashboard/statistics.json")).isRegularFile();
        JsonNode s = summary(run);
        assertThat(s.path("status").asText()).isEqualTo("failed");
        JsonNode p95 = s.path("thresholds").get(0);
        assertThat(p95.path("rule").asText()).isEqualTo("probe: p(95)<200ms");
        assertThat(p95.path("passed").asBoolean()).isFalse();
        assertThat(p95.path("observed").asDouble()).isGreaterThanOrEqualTo(250);
        assertThat(r.console()).contains("FAIL  probe: p(95)<200ms  observed").contains("Result: FAILED")
                .contains("exiting with code 1");
        assertThat(r.console().indexOf("Result: FAILED")).isLessThan(r.console().indexOf("exiting with code 1"));

        // The JUnit XML for CI, next to the summary: the failed threshold with the console's line.
        Path junit = run.resolve("evidence-probe-junit.xml");
        assertThat(s.path("files").path("junit").asText()).isEqualTo(junit.toString());
        Element suite = junit(junit);
        assertThat(suite.getAttribute("name")).isEqualTo("evidence-probe");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        Element p95Case = testcase(suite, "threshold: probe: p(95)<200ms");
        Element failure = (Element) p95Case.getElementsByTagName("failure").item(0);
        assertThat(failure).as("p(95) case failed").isNotNull();
        assertThat(failure.getAttribute("message")).startsWith("FAIL  probe: p(95)<200ms  observed ");
        assertThat(r.console()).contains(failure.getAttribute("message"));
        assertThat(testcase(suite, "threshold: probe: errors<1%").getElementsByTagName("failure").getLength()).isZero();
        assertThat(testcase(suite, "run verdict").getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(Files.readString(junit)).doesNotContain(sandbox.serviceRoleKey());
    }

    private static Element junit(Path file) throws IOException {
        assertThat(file).isRegularFile();
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new AssertionError("not XML: " + file, e);
        }
    }

    private static Element testcase(Element suite, String name) {
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no test case '" + name + "'");
    }

    @Test
    void twentyPercent5xxAbortsWithinTheWindowLongBeforeTheScheduledEnd() throws IOException {
        sandbox.faults().failShare(ROUTE, 0.2, 503);
        JMeterResult r = probe(Map.of("probe.abortRules", "abort if 5xx>5% over 60s min 20", "probe.threads", "2",
                "probe.loops", "-1", "probe.scheduler", "true", "probe.duration", "120", "probe.pauseMs", "50")).run();

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.wallTime()).as("scheduled for 120 s").isLessThan(Duration.ofSeconds(60));
        JsonNode s = summary(runFolder(r));
        assertThat(s.path("status").asText()).isEqualTo("aborted");
        assertThat(s.path("abortedBy").asText()).startsWith("abort if rate(5xx)>5% over 60s: rate(5xx) was ");
        assertThat(s.path("durationSeconds").asDouble()).isLessThan(60);
        assertThat(r.console()).contains("ABORTED by abort if rate(5xx)>5% over 60s");
        Element fired = (Element) testcase(junit(runFolder(r).resolve("evidence-probe-junit.xml")),
                "abort rule: abort if rate(5xx)>5% over 60s").getElementsByTagName("failure").item(0);
        assertThat(fired).as("the fired rule's case failed").isNotNull();
        assertThat(fired.getAttribute("message")).isEqualTo("aborted: " + s.path("abortedBy").asText());
    }

    @Test
    void summaryPercentilesEqualTheJtlsAndMetricsRowsArriveDuringTheRun() throws IOException {
        JMeterResult r = probe(Map.of("probe.threads", "3", "probe.loops", "-1", "probe.scheduler", "true",
                "probe.duration", "6", "probe.pauseMs", "20", "probe.metricsUrl",
                sandbox.baseUrl() + "/customer/v1/privileged/metrics", "probe.metricsInterval", "1",
                "perf.supabase.probe.seconds", "1")).env("SUPABASE_URL", sandbox.baseUrl().toString())
                        .env("SUPABASE_SERVICE_ROLE_KEY", sandbox.serviceRoleKey()).run();

        assertThat(r.exitCode()).as(r.describe()).isZero();
        Path run = runFolder(r);
        JsonNode s = summary(run);
        assertThat(s.path("status").asText()).isEqualTo("passed");

        // Our JTL and the -l JTL JMeter wrote itself both hold the same samples; compare with both.
        for (Path jtl : List.of(run.resolve("evidence-probe.jtl"), r.jtlFile())) {
            List<JtlSample> samples = africa.easymo.perf.testplans.harness.Jtl.read(jtl).withLabel("probe");
            long[] elapsed = samples.stream().mapToLong(JtlSample::elapsed).sorted().toArray();
            JsonNode probe = s.path("labels").path("probe");
            assertThat(probe.path("count").asLong()).as(jtl.toString()).isEqualTo(elapsed.length).isGreaterThan(50);
            assertThat(probe.path("p90").asLong()).isEqualTo(rank(elapsed, 90));
            assertThat(probe.path("p95").asLong()).isEqualTo(rank(elapsed, 95));
            assertThat(probe.path("p99").asLong()).isEqualTo(rank(elapsed, 99));
            assertThat(probe.path("med").asLong()).isEqualTo(rank(elapsed, 50));
            assertThat(probe.path("max").asLong()).isEqualTo(elapsed[elapsed.length - 1]);
        }

        List<String> rows = Files.readAllLines(run.resolve("evidence-probe-supabase-metrics.csv"));
        assertThat(rows.get(0)).startsWith("timestamp,epoch_ms,cpu_busy_pct,memory_used_pct");
        assertThat(rows.size() - 1).as("a scrape a second for 6 s").isGreaterThanOrEqualTo(4);
        long firstScrape = Long.parseLong(rows.get(1).split(",")[1]);
        long lastScrape = Long.parseLong(rows.get(rows.size() - 1).split(",")[1]);
        assertThat(lastScrape - firstScrape).as("rows spread over the run").isGreaterThanOrEqualTo(3000);
        assertThat(rows.get(2).split(",", -1)[3]).as("memory_used_pct").isNotEmpty();
        assertThat(s.path("supabaseMetrics").path("scrapesWritten").asInt()).isEqualTo(rows.size() - 1);
        assertThat(s.path("supabaseMetrics").path("columns").path("db_connections").path("max").asDouble())
                .isPositive();
        // Supabase latency per journey table, from the collector's own probe of the sandbox's PostgREST.
        List<String> header = List.of(rows.get(0).split(","));
        List<String> tables = List.of("vouchers", "voucher_events", "stations", "campaign_targets",
                "campaign_dispatches");
        JsonNode perTable = s.path("supabaseMetrics").path("tables");
        for (String t : tables) {
            int col = header.indexOf("rest_latency_ms_" + t);
            assertThat(col).as("column rest_latency_ms_%s in %s", t, rows.get(0)).isPositive();
            assertThat(header).contains("rows_written_per_s_" + t, "scans_per_s_" + t);
            List<Double> cells = rows.subList(1, rows.size()).stream().map(l -> l.split(",", -1)[col])
                    .filter(c -> !c.isEmpty()).map(Double::parseDouble).toList();
            assertThat(cells).as("%s latencies", t).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(ms -> assertThat(ms).isPositive().isLessThan(5000));
            JsonNode f = perTable.path(t);
            assertThat(f.path("probes").asLong()).as("%s probes in %s", t, perTable).isGreaterThanOrEqualTo(3);
            assertThat(f.path("errors").asLong()).as(t).isZero();
            assertThat(f.path("p50Ms").asDouble()).as(t).isPositive().isLessThanOrEqualTo(f.path("p95Ms").asDouble());
            assertThat(f.path("p95Ms").asDouble()).as(t).isLessThanOrEqualTo(f.path("maxMs").asDouble());
        }
        assertThat(s.path("labels").has("vouchers")).as("probes are not samples").isFalse();
        // (jmeter.log holds the key only because this test passes it as -Jprobe.apikey.)
        assertThat(String.join("\n", rows) + Files.readString(run.resolve("evidence-probe-summary.json")))
                .doesNotContain(sandbox.serviceRoleKey());
    }

    @Test
    void metricsEndpointDownTheRunStillPassesAndTheLogSaysWhy() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        JMeterResult r = probe(Map.of("probe.metricsUrl",
                "http://127.0.0.1:" + closed + "/customer/v1/privileged/metrics", "probe.loops", "5")).run();

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.jmeterLog()).contains("Supabase metrics: scrape skipped, cannot reach http://127.0.0.1:" + closed)
                .contains("the run goes on without this scrape").contains("no scrape of");
        JsonNode s = summary(runFolder(r));
        assertThat(s.path("status").asText()).isEqualTo("passed");
        assertThat(s.path("supabaseMetrics").path("scrapesWritten").asInt()).isZero();
        assertThat(s.path("supabaseMetrics").path("lastError").asText()).contains("ConnectException");
    }

    /** Nearest rank in integer arithmetic: the ⌈q·n/100⌉-th smallest. */
    private static long rank(long[] sorted, int q) {
        int r = (int) ((q * (long) sorted.length + 99) / 100);
        return sorted[Math.max(1, r) - 1];
    }
}
