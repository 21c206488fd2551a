package africa.easymo.perf.testplans.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;
import africa.easymo.perf.testplans.harness.HeadlessChromium;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;

/**
 * The live dashboard in real non-GUI runs of {@code bin/jmeter} (the one-route probe plan against the sandbox), looked
 * at by headless Chromium through its DevTools protocol: live while the run goes, its figures moving, its final figures
 * the summary's, every threshold and abort rule shown; the page the run folder keeps, opened from disk with the network
 * cut off; and a port already taken. Screenshots under {@code target/live-dashboard/}.
 */
class LiveDashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Path.of("target", "live-dashboard");
    private static final String THRESHOLDS = "p(95)<5000, errors<50%";
    private static final String ABORT_RULES = "abort if 5xx>50% over 30s min 20\nabort if errors>90% for 20s";
    private static Sandbox sandbox;
    private static Path plan;

    @TempDir
    Path out;

    @BeforeAll
    static void start() throws URISyntaxException {
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).build());
        plan = Path.of(LiveDashboardIT.class.getResource("/evidence/evidence-probe.jmx").toURI());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private JMeterRun probe(Map<String, String> props) {
        return JMeterRun.plan(plan).outputDir(out).timeout(Duration.ofMinutes(3))
                .property("probe.port", Integer.toString(sandbox.port()))
                .property("probe.apikey", sandbox.serviceRoleKey()).property("probe.thresholds", THRESHOLDS)
                .property("probe.abortRules", ABORT_RULES).properties(props);
    }

    private Path runFolder() throws IOException {
        try (Stream<Path> s = Files.list(out.resolve("evidence/runs"))) {
            List<Path> runs = s.toList();
            assertThat(runs).hasSize(1);
            return runs.get(0);
        }
    }

    private static String chromium() {
        String c = HeadlessChromium.find();
        assumeTrue(c != null, "chromium is not installed (apt-get install chromium); the live dashboard browser"
                + " checks are skipped");
        return c;
    }

    private static long count(HeadlessChromium b) throws Exception {
        String t = b.text("document.getElementById('total-count').textContent");
        return t == null || t.isBlank() ? -1 : Long.parseLong(t.trim());
    }

    /** The page's series as JSON with sorted keys: the order a page learns labels and codes in is not the point. */
    private static final String CANONICAL_SERIES = "(function c(o){if(Array.isArray(o)){return '['+o.map(c).join(',')+']';}"
            + "if(o&&typeof o==='object'){return '{'+Object.keys(o).sort().map(function(k){return JSON.stringify(k)+':'+c(o[k]);})"
            + ".join(',')+'}';}return JSON.stringify(o);})(window.PERF_SERIES)";

    private static String text(HeadlessChromium b, String id) throws Exception {
        return b.text("(function(){var e=document.getElementById('" + id + "');return e?e.innerText:null;})()");
    }

    @Test
    void thePageIsLiveDuringTheRunEndsWithTheSummarysFiguresAndTheRunFolderKeepsItForOfflineUse() throws Exception {
        String chromium = chromium();
        int port = freePort();
        CompletableFuture<JMeterResult> running = CompletableFuture
                .supplyAsync(() -> probe(Map.of("probe.threads", "2", "probe.loops", "-1", "probe.scheduler", "true",
                        "probe.duration", "14", "probe.pauseMs", "40", "perf.dashboard", "true", "perf.dashboard.port",
                        Integer.toString(port), "perf.dashboard.linger.seconds", "8", "probe.metricsUrl",
                        sandbox.baseUrl() + "/customer/v1/privileged/metrics", "probe.metricsInterval", "1"))
                                .property("perf.supabase.probe.seconds", "1")
                                .env("SUPABASE_URL", sandbox.baseUrl().toString())
                                .env("SUPABASE_SERVICE_ROLE_KEY", sandbox.serviceRoleKey()).run());
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        HeadlessChromium.waitFor(() -> !running.isDone() && answers(http, url.resolve("/data.json")),
                Duration.ofSeconds(90), "the live dashboard at " + url);

        long firstCount;
        String firstElapsed;
        try (HeadlessChromium browser = HeadlessChromium.start(chromium, List.of())) {
            browser.navigate(url.toString());
            HeadlessChromium.waitFor(() -> quietCount(browser) > 0, Duration.ofSeconds(20), "samples on the page");
            assertThat(browser.text("document.getElementById('state').textContent")).isEqualTo("running");
            assertThat(browser.text("typeof uPlot")).isEqualTo("function");
            firstCount = count(browser);
            firstElapsed = text(browser, "elapsed");
            HeadlessChromium.waitFor(() -> canvases(browser) >= 5, Duration.ofSeconds(10), "the charts");

            String thresholds = text(browser, "thresholds");
            assertThat(thresholds).contains("probe: p(95)<5000ms").contains("probe: errors<50%");
            String rules = text(browser, "abort-rules");
            assertThat(rules).contains("abort if rate(5xx)>50% over 30s").contains("abort if errors>90% for 20s");
            assertThat(text(browser, "labels")).contains("probe");

            Thread.sleep(3000);
            assertThat(running).as("the run still goes").isNotDone();
            assertThat(count(browser)).as("figures move between two looks").isGreaterThan(firstCount);
            assertThat(text(browser, "elapsed")).isNotEqualTo(firstElapsed);
            assertThat(browser.text("performance.getEntriesByType('resource').map(function(e){return e.name;})"
                    + ".filter(function(n){return n.indexOf('data.json?since=')>=0;}).length+''"))
                            .as("after the first look the page asks only for the points it lacks").isNotEqualTo("0");
            assertThat(text(browser, "state")).isEqualTo("running");
            assertThat(text(browser, "metrics-head")).startsWith("Supabase metrics: ");
            assertThat(browser.text("(function(){var r=[].slice.call(document.querySelectorAll('#metrics tr'))"
                    + ".filter(function(t){return t.cells[0].textContent==='db_connections';})[0];"
                    + "return r?r.cells[1].textContent:null;})()")).as("db_connections as scraped").matches("\\d+");
            HeadlessChromium.waitFor(() -> {
                String probe = quietText(browser, "probe");
                return probe != null && probe.contains("vouchers") && probe.contains("campaign_dispatches");
            }, Duration.ofSeconds(20), "the per-table latency probe on the page");
            assertThat(browser.text("(function(){var r=[].slice.call(document.querySelectorAll('#probe tr'))"
                    + ".filter(function(t){return t.cells[0].textContent==='vouchers';})[0];"
                    + "return r?r.cells[3].textContent:null;})()")).as("vouchers' p50 ms").matches("\\d+(\\.\\d+)?");
            browser.screenshot(SHOTS.resolve("live-mid-run.png"));

            HeadlessChromium.waitFor(() -> "ended".equals(quietText(browser, "state")), Duration.ofSeconds(60),
                    "the run's end on the page");
            long finalCount = count(browser);
            String verdict = text(browser, "verdict");
            String endThresholds = text(browser, "thresholds");
            String liveSeries = browser.text(CANONICAL_SERIES);
            browser.screenshot(SHOTS.resolve("live-end.png"));

            JMeterResult r = running.get(3, TimeUnit.MINUTES);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.console()).containsOnlyOnce("Live dashboard: " + url);
            assertThat(r.jmeterLog()).contains("Live dashboard: " + url);
            Path run = runFolder();
            JsonNode summary = JSON.readTree(run.resolve("evidence-probe-summary.json").toFile());
            assertThat(summary.path("status").asText()).isEqualTo("passed");
            assertThat(verdict).isEqualTo("passed");
            assertThat(finalCount).as("the page's last figure is the summary's")
                    .isEqualTo(summary.path("total").path("count").asLong()).isGreaterThan(firstCount);
            assertThat(endThresholds).contains("PASS");
            Path exported = run.resolve("live-dashboard.html");
            assertThat(summary.path("files").path("liveDashboard").asText()).isEqualTo(exported.toString());
            assertThat(exported).isRegularFile();
            assertThat(Files.readString(exported)).doesNotContain(sandbox.serviceRoleKey()).contains("db_connections");
            assertThat(answers(http, url.resolve("/data.json"))).as("the server ended with the run").isFalse();

            // The kept page, from disk, with every network request sent to a port where nothing listens.
            try (HeadlessChromium offline = HeadlessChromium.start(chromium,
                    List.of("--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"))) {
                offline.navigate(exported.toUri().toString());
                HeadlessChromium.waitFor(() -> canvases(offline) >= 5, Duration.ofSeconds(20),
                        "the charts of the kept page");
                assertThat(offline.text("typeof uPlot")).isEqualTo("function");
                assertThat(count(offline)).isEqualTo(summary.path("total").path("count").asLong());
                assertThat(offline.text(CANONICAL_SERIES))
                        .as("the points the live page put together poll by poll are the kept page's")
                        .isEqualTo(liveSeries);
                assertThat(text(offline, "verdict")).isEqualTo("passed");
                assertThat(text(offline, "state")).isEqualTo("ended");
                assertThat(text(offline, "thresholds")).contains("probe: p(95)<5000ms").contains("probe: errors<50%");
                assertThat(text(offline, "abort-rules")).contains("abort if rate(5xx)>50% over 30s");
                assertThat(offline.text("performance.getEntriesByType('resource').length + ''"))
                        .as("the page loads nothing").isEqualTo("0");
                offline.screenshot(SHOTS.resolve("exported-offline.png"));
            }
        } finally {
            if (!running.isDone()) {
                running.get(3, TimeUnit.MINUTES);
            }
        }
    }

    @Test
    void aPortAlreadyTakenIsOneLineAndTheRunGoesOnAndPasses() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            JMeterResult r = probe(
                    Map.of("probe.loops", "5", "perf.dashboard", "true", "perf.dashboard.port", Integer.toString(port)))
                            .run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
            Matcher m = Pattern.compile("(?m)^Live dashboard.*$").matcher(r.console());
            assertThat(m.find()).as(r.console()).isTrue();
            assertThat(m.group()).startsWith("Live dashboard not started: cannot listen on 127.0.0.1:" + port)
                    .endsWith("the run goes on without it");
            assertThat(m.find()).as("one line").isFalse();
            Path run = runFolder();
            JsonNode summary = JSON.readTree(run.resolve("evidence-probe-summary.json").toFile());
            assertThat(summary.path("status").asText()).isEqualTo("passed");
            assertThat(summary.path("total").path("count").asLong()).isEqualTo(10);
            assertThat(run.resolve("live-dashboard.html")).as("kept whether or not the server ran").isRegularFile();
        }
    }

    @Test
    void offByDefaultTheRunFolderStillKeepsThePage() throws Exception {
        int port = freePort();
        JMeterResult r = probe(Map.of("probe.loops", "3", "perf.dashboard.port", Integer.toString(port))).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.console()).doesNotContain("Live dashboard");
        String page = Files.readString(runFolder().resolve("live-dashboard.html"));
        assertThat(page).contains("\"verdict\":\"passed\"").contains("\"count\":6");
    }

    private static boolean answers(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long quietCount(HeadlessChromium b) {
        try {
            return count(b);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String quietText(HeadlessChromium b, String id) {
        try {
            return text(b, id);
        } catch (Exception e) {
            return null;
        }
    }

    private static int canvases(HeadlessChromium b) {
        try {
            return Integer.parseInt(b.text("document.querySelectorAll('canvas').length + ''"));
        } catch (Exception e) {
            return -1;
        }
    }
}
