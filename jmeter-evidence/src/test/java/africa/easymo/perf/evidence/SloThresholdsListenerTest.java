package africa.easymo.perf.evidence;

import africa.easymo.perf.testkit.NearestRank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;

import org.apache.jmeter.save.CSVSaveService;
import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import africa.easymo.perf.run.EngineRun;
import africa.easymo.perf.run.RunOutcome;

/** The listener in a real JMeter engine, in this JVM, with made-up samples. */
class SloThresholdsListenerTest {

    @TempDir
    Path dir;
    private Path plan;

    @BeforeAll
    static void jmeter() throws IOException {
        EvidencePlans.init();
    }

    @BeforeEach
    void layout() throws IOException {
        Path plans = Files.createDirectories(dir.resolve("testplans"));
        plan = plans.resolve("fake.jmx");
        Files.writeString(plan, "<jmeterTestPlan/>");
        JMeterUtils.getJMeterProperties().remove(EvidenceLayout.ROOT_PROPERTY);
        FakeSampler.SEQUENCE.set(0);
    }

    @AfterEach
    void clear() {
        JMeterUtils.getJMeterProperties().remove(EvidenceLayout.ROOT_PROPERTY);
    }

    static SloThresholdsListener gate(String thresholds, String abortRules) {
        SloThresholdsListener l = new SloThresholdsListener();
        l.setName("gate");
        l.setProperty("thresholds", thresholds);
        l.setProperty("abortRules", abortRules);
        l.setProperty("summaryFile", "");
        l.setProperty("writeJtl", true);
        l.setProperty("generateDashboard", true);
        return l;
    }

    private Path onlyRunFolder() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(".perf/runs"))) {
            List<Path> runs = s.toList();
            assertThat(runs).hasSize(1);
            return runs.get(0);
        }
    }

    @Test
    void passingRunLeavesJtlDashboardAndSummaryWhosePercentilesEqualTheJtls() throws Exception {
        EvidencePlans.runPlan(plan, EvidencePlans.tree(3, 200, 0, FakeSampler.of("redeem", 1500, 0, 0),
                gate("redeem: p(95)<1500, avg<1000, errors<1%\n*: count==600", "abort if 5xx>5% over 60s")));

        assertThat(outcome().failed()).as(outcome().failures().toString()).isFalse();
        Path run = onlyRunFolder();
        assertThat(run.getFileName().toString()).startsWith("fake-");
        Path jtl = run.resolve("fake.jtl");
        assertThat(run.resolve("dashboard/index.html")).isRegularFile();
        assertThat(run.resolve("dashboard/statistics.json")).isRegularFile();
        JsonNode summary = new ObjectMapper().readTree(run.resolve("fake-summary.json").toFile());
        assertThat(dir.resolve(".perf/fake-summary.json")).hasSameTextualContentAs(run.resolve("fake-summary.json"));
        assertThat(summary.path("status").asText()).isEqualTo("passed");
        assertThat(summary.path("thresholds")).hasSize(4);

        // The JTL, read back with JMeter's own CSV reader: the summary's figures are the JTL's.
        List<Long> elapsed = new ArrayList<>();
        try (var in = Files.newBufferedReader(jtl, StandardCharsets.UTF_8)) {
            String[] header = CSVSaveService.csvReadFile(in, ',');
            int col = List.of(header).indexOf("elapsed");
            assertThat(List.of(header)).startsWith("timeStamp", "elapsed", "label", "responseCode");
            String[] row;
            while ((row = CSVSaveService.csvReadFile(in, ',')).length > 1) {
                elapsed.add(Long.parseLong(row[col]));
            }
        }
        assertThat(elapsed).hasSize(600);
        long[] sorted = elapsed.stream().mapToLong(Long::longValue).sorted().toArray();
        JsonNode redeem = summary.path("labels").path("redeem");
        assertThat(redeem.path("count").asLong()).isEqualTo(600);
        assertThat(redeem.path("p90").asLong()).isEqualTo(NearestRank.of(sorted, 90));
        assertThat(redeem.path("p95").asLong()).isEqualTo(NearestRank.of(sorted, 95));
        assertThat(redeem.path("p99").asLong()).isEqualTo(NearestRank.of(sorted, 99));
        assertThat(redeem.path("med").asLong()).isEqualTo(NearestRank.of(sorted, 50));
        assertThat(redeem.path("min").asLong()).isEqualTo(sorted[0]);
        assertThat(redeem.path("max").asLong()).isEqualTo(sorted[sorted.length - 1]);
        assertThat(redeem.path("statusCodes").path("200").asLong()).isEqualTo(600);

        // A run of seconds gets graphs with a point a second, not JMeter's one a minute.
        assertThat(Files.readString(run.resolve("dashboard/content/js/graph.js"))).contains("\"granularity\": 1000")
                .doesNotContain("\"granularity\": 60000");
        assertThat(JMeterUtils.getProperty(DashboardGenerator.GRANULARITY_PROPERTY)).as("put back").isNull();
        Path live = run.resolve("live-dashboard.html");
        assertThat(summary.path("files").path("liveDashboard").asText()).isEqualTo(live.toString());
        assertThat(Files.readString(live)).contains("\"verdict\":\"passed\"").contains("\"count\":600");
    }

    @Test
    void failedThresholdFailsTheRunAfterTheEvidenceIsWritten() throws Exception {
        EvidencePlans.runPlan(plan, EvidencePlans.tree(2, 100, 0, FakeSampler.of("redeem", 1500, 0, 0),
                gate("redeem: p(95)<500, errors<1%", "")));

        assertThat(outcome().failed()).isTrue();
        assertThat(outcome().failures()).anySatisfy(f -> assertThat(f).contains("1 of 2 thresholds failed")
                .contains("FAIL  redeem: p(95)<500ms  observed"));
        Path run = onlyRunFolder();
        assertThat(run.resolve("dashboard/index.html")).isRegularFile();
        JsonNode summary = new ObjectMapper().readTree(run.resolve("fake-summary.json").toFile());
        assertThat(summary.path("status").asText()).isEqualTo("failed");
        assertThat(summary.path("thresholds").get(0).path("passed").asBoolean()).isFalse();
        assertThat(summary.path("thresholds").get(1).path("passed").asBoolean()).isTrue();
    }

    @Test
    void abortRuleStopsTheRunWellBeforeItsScheduledEndAndTheSummaryNamesIt() throws Exception {
        long started = System.nanoTime();
        // 4 threads, a sample every 50 ms each, every 5th a 503 (20 %), scheduled for 60 s.
        EvidencePlans.runPlan(plan, EvidencePlans.tree(4, -1, 60, FakeSampler.of("preview", 300, 5, 50),
                gate("preview: p(95)<1000", "abort if 5xx>5% over 60s")));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(seconds).as("stopped by the rule, not the 60 s schedule").isLessThan(40);
        assertThat(outcome().failures())
                .anySatisfy(f -> assertThat(f).startsWith("aborted: abort if rate(5xx)>5% over 60s"));
        JsonNode summary = new ObjectMapper().readTree(onlyRunFolder().resolve("fake-summary.json").toFile());
        assertThat(summary.path("status").asText()).isEqualTo("aborted");
        assertThat(summary.path("abortedBy").asText()).startsWith("abort if rate(5xx)>5% over 60s: rate(5xx) was ");
    }

    @Test
    void aSecondRunGetsItsOwnFolderAndTheEvidenceRootIsConfigurable() throws Exception {
        JMeterUtils.setProperty(EvidenceLayout.ROOT_PROPERTY, "../evidence");
        for (int i = 0; i < 2; i++) {
            EvidencePlans.runPlan(plan, EvidencePlans.tree(1, 5, 0, FakeSampler.of("x", 10, 0, 0), gate("", "")));
        }
        try (Stream<Path> s = Files.list(dir.resolve("evidence/runs"))) {
            List<Path> runs = s.toList();
            assertThat(runs).hasSize(2);
            for (Path r : runs) {
                assertThat(r.resolve("dashboard/index.html")).isRegularFile();
            }
        }
    }

    @Test
    void unreadableThresholdRefusesTheStartNamingTheRule() throws Exception {
        EvidencePlans.runPlan(plan,
                EvidencePlans.tree(1, 5, 0, FakeSampler.of("x", 10, 0, 0), gate("x: p(95)<500\nx: p(95)<<1", "")));
        assertThat(outcome().failures()).anySatisfy(f -> assertThat(f)
                .isEqualTo("gate: SLO thresholds, line 2 \"x: p(95)<<1\": expected a number after p(95)< at '<1'"));
        assertThat(FakeSampler.SEQUENCE.get()).as("no sample sent").isZero();
    }

    /** Each label's elapsed times, from the JTL read back with JMeter's own CSV reader. */
    private static Map<String, List<Long>> jtlElapsedByLabel(Path jtl) throws IOException {
        Map<String, List<Long>> byLabel = new LinkedHashMap<>();
        try (var in = Files.newBufferedReader(jtl, StandardCharsets.UTF_8)) {
            List<String> header = List.of(CSVSaveService.csvReadFile(in, ','));
            int elapsed = header.indexOf("elapsed");
            int label = header.indexOf("label");
            String[] row;
            while ((row = CSVSaveService.csvReadFile(in, ',')).length > 1) {
                byLabel.computeIfAbsent(row[label], l -> new ArrayList<>()).add(Long.parseLong(row[elapsed]));
            }
        }
        return byLabel;
    }

    @Test
    void subResultsAreJtlRowsUnderTheirOwnLabelsAndTheSummaryAndThresholdsCountTheSameRows() throws Exception {
        EvidencePlans.runPlan(plan, EvidencePlans.tree(2, 50, 0,
                FakeSampler.of("voucher preview", 900, 0, 0).withSubResults("preview image", "preview pdf"),
                gate("preview image: p(95)<900, count==100\npreview pdf: count==100\nvoucher preview: count==100\n"
                        + "count==300", "")));

        assertThat(outcome().failures()).isEmpty();
        Path run = onlyRunFolder();
        Map<String, List<Long>> jtl = jtlElapsedByLabel(run.resolve("fake.jtl"));
        assertThat(jtl.keySet()).containsExactlyInAnyOrder("voucher preview", "preview image", "preview pdf");
        JsonNode summary = new ObjectMapper().readTree(run.resolve("fake-summary.json").toFile());
        assertThat(summary.path("status").asText()).isEqualTo("passed");
        assertThat(summary.path("total").path("count").asLong()).isEqualTo(300);
        for (Map.Entry<String, List<Long>> e : jtl.entrySet()) {
            long[] sorted = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            JsonNode l = summary.path("labels").path(e.getKey());
            assertThat(sorted).as(e.getKey()).hasSize(100);
            assertThat(l.path("count").asLong()).as(e.getKey()).isEqualTo(100);
            assertThat(l.path("p95").asLong()).as(e.getKey()).isEqualTo(NearestRank.of(sorted, 95));
            assertThat(l.path("p99").asLong()).as(e.getKey()).isEqualTo(NearestRank.of(sorted, 99));
            assertThat(l.path("med").asLong()).as(e.getKey()).isEqualTo(NearestRank.of(sorted, 50));
            assertThat(l.path("max").asLong()).as(e.getKey()).isEqualTo(sorted[sorted.length - 1]);
        }
        // The sub-sample labels reach JMeter's dashboard.
        String statistics = Files.readString(run.resolve("dashboard/statistics.json"));
        assertThat(statistics).contains("\"preview image\"").contains("\"preview pdf\"");
    }

    @Test
    void aRunAScenarioFailedIsFailedInTheSummaryAndOnTheConsoleThoughEveryThresholdPassed() throws Exception {
        String console = capturingStdout(() -> EvidencePlans.runPlan(plan,
                EvidencePlans.tree(1, 10, 0,
                        FakeSampler.of("campaign dispatch", 10, 0, 0).failingTheRun(
                                "campaign dispatch: 401 from the dispatcher: wrong BRIDGE_SHARED_SECRET"),
                        gate("campaign dispatch: errors<1%", ""))));

        JsonNode summary = new ObjectMapper().readTree(onlyRunFolder().resolve("fake-summary.json").toFile());
        assertThat(summary.path("thresholds").get(0).path("passed").asBoolean()).isTrue();
        assertThat(summary.path("status").asText()).isEqualTo("failed");
        assertThat(summary.path("failures").toString()).contains("wrong BRIDGE_SHARED_SECRET");
        assertThat(console).contains("Failed: campaign dispatch: 401 from the dispatcher: wrong BRIDGE_SHARED_SECRET")
                .contains("Result: FAILED (1 reason)").doesNotContain("Result: PASSED");
    }

    @Test
    void aRunAScenarioAbortedIsAbortedInTheSummaryNamingTheReason() throws Exception {
        String console = capturingStdout(() -> EvidencePlans.runPlan(plan,
                EvidencePlans.tree(2, -1, 60,
                        FakeSampler.of("campaign dispatch", 10, 0, 20).abortingTheRun("WhatsApp rate-limited 9 of 100"),
                        gate("campaign dispatch: errors<1%", ""))));

        JsonNode summary = new ObjectMapper().readTree(onlyRunFolder().resolve("fake-summary.json").toFile());
        assertThat(summary.path("status").asText()).isEqualTo("aborted");
        assertThat(summary.path("abortedBy").asText()).isEqualTo("WhatsApp rate-limited 9 of 100");
        assertThat(console).contains("Result: ABORTED").doesNotContain("Result: PASSED");
    }

    @Test
    void aThresholdOrAbortRuleOnACounterNoScenarioRegisteredFailsNamingIt() throws Exception {
        EvidencePlans.runPlan(plan,
                EvidencePlans.tree(1, 5, 0, FakeSampler.of("x", 10, 0, 0).registeringCounter("scenario.defects"),
                        gate("counter(typo)==0\ncounter(scenario.defects)==0", "abort if counter(typo2)>0")));

        JsonNode summary = new ObjectMapper().readTree(onlyRunFolder().resolve("fake-summary.json").toFile());
        JsonNode typo = summary.path("thresholds").get(0);
        assertThat(typo.path("passed").asBoolean()).isFalse();
        assertThat(typo.path("note").asText()).isEqualTo("no such counter: typo");
        assertThat(summary.path("thresholds").get(1).path("passed").asBoolean()).as("a registered counter at zero")
                .isTrue();
        assertThat(summary.path("status").asText()).isEqualTo("failed");
        assertThat(outcome().failures()).anySatisfy(f -> assertThat(f).contains("no such counter: typo"))
                .anySatisfy(f -> assertThat(f)
                        .isEqualTo("abort rule 'abort if counter(typo2)>0' never checked: no such counter: typo2"));
    }

    private static String capturingStdout(Runnable run) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            run.run();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The outcome of the run the test just ran (the latest in this JVM). */
    private static RunOutcome outcome() {
        return EngineRun.latest().orElseThrow().outcome();
    }
}
