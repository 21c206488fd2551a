package africa.easymo.perf.testplans.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.sandbox.campaign.CampaignSettings;
import africa.easymo.perf.sandbox.faults.FaultRule;
import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;
import africa.easymo.perf.testplans.harness.JMeterServer;
import africa.easymo.perf.testplans.harness.JtlSample;
import africa.easymo.perf.testplans.harness.SandboxFixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's acceptance: campaign-bulk-send.jmx through the home's real {@code bin/jmeter} against one seeded sandbox
 * (dispatcher throttle raised, as the smoke profile expects). Each run uses its own batchReference prefix, so the runs
 * share the database without seeing each other's batches as replays.
 */
class CampaignBulkSendIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WABA_TOKEN = "waba_sandbox_token_it_7f3c9a1e5b";
    private static final String WABA_NUMBER = "+250788100200";
    private static final Path PLAN = JMeterHome.plan("campaign-bulk-send.jmx");

    private static SandboxFixture sandbox;
    private static String campaignId;
    private static List<String> bulk;

    @BeforeAll
    static void seed() {
        sandbox = SandboxFixture.builder()
                .config(c -> c.campaign(CampaignSettings.defaults().withTargetsPerMinute(100_000))).start();
        JsonNode cd = sandbox.summaryJson().path("campaignDispatch");
        campaignId = cd.path("campaignId").asText();
        bulk = new ArrayList<>();
        cd.path("bulkTargetMsisdns").forEach(m -> bulk.add(m.asText()));
        assertThat(bulk).as("bulk targets in the seed summary").hasSize(10_000);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(sandbox.env());
        env.put("PERF_WABA_SANDBOX_NUMBER", WABA_NUMBER);
        env.put("PERF_WABA_SANDBOX_TOKEN", WABA_TOKEN);
        return env;
    }

    @Test
    void smokeWithInjected429sAndDropsDispatchesEveryTargetExactlyOnce() throws Exception {
        sandbox.sandbox().faults()
                .add(FaultRule.forPath("/campaigns").status(429).share(0.05).retryAfterSeconds(1).build());
        sandbox.sandbox().faults().dropShare("/campaigns", 0.01);
        JMeterResult run;
        try {
            run = JMeterRun.plan(PLAN).env(env()).property("perf.profile", "smoke")
                    .property("perf.campaign.threads", "8").property("perf.idempotency.prefix", "smoke")
                    // The injected 5 % 429s sit at the error budget and the abort rule's limit by design (a short
                    // window of 20 answers often holds more than 5 %); this run checks exactly-once.
                    .property("perf.campaign.error.budget", "25").property("perf.campaign.waba.abort.percent", "50")
                    .outputDir(JMeterHome.buildDir().resolve("it-runs/campaign-smoke")).timeout(Duration.ofMinutes(4))
                    .run();
        } finally {
            sandbox.sandbox().faults().clear();
        }
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.wallTime()).as("smoke dispatches 10,000 targets in about a minute")
                .isLessThan(Duration.ofSeconds(150));

        // From the database: every bulk target dispatched exactly once by this run, nothing else.
        Map<String, Integer> perTarget = dispatchesPerTarget("smoke-%");
        assertThat(perTarget).as("targets dispatched").hasSize(10_000);
        assertThat(perTarget.keySet()).containsExactlyInAnyOrderElementsOf(bulk);
        assertThat(perTarget.values().stream().filter(n -> n != 1).count()).as("targets dispatched twice").isZero();
        assertThat(count("select count(*) from public.campaign_targets t where campaign_id = ?::uuid "
                + "and status = 'sent' and message_id like 'wa-%' and exists (select 1 from public.campaign_dispatches d "
                + "where d.campaign_id = t.campaign_id and d.msisdn = t.msisdn and d.batch_reference like 'smoke-%')"))
                        .as("bulk targets sent through the WABA sandbox").isEqualTo(10_000);

        // The audit log: one line per HTTP exchange, the same exchanges as the JTL.
        List<JtlSample> samples = run.jtl().samples();
        List<JsonNode> audit = auditLines(run.outputDir().resolve("evidence/campaign-responses.log"));
        assertThat(audit).as("audit log lines vs JTL rows").hasSize(samples.size());
        Map<String, Long> jtlCodes = samples.stream()
                .collect(Collectors.groupingBy(s -> code(s.responseCode()), Collectors.counting()));
        Map<String, Long> auditCodes = audit.stream().collect(Collectors.groupingBy(
                a -> a.path("status_code").isNull() ? "error" : a.path("status_code").asText(), Collectors.counting()));
        assertThat(auditCodes).isEqualTo(jtlCodes);
        assertThat(jtlCodes.get("202")).as("acknowledged batches").isEqualTo(100L);
        long failed = samples.stream().filter(s -> !s.success()).count();
        long retries = audit.stream().filter(a -> a.path("attempt").asInt() > 1).count();
        assertThat(retries).as("every failed exchange retried with the same batch").isEqualTo(failed);
        assertThat(audit).allSatisfy(a -> assertThat(a.path("batch_reference").asText()).startsWith("smoke-"));
        assertThat(audit.stream().filter(a -> a.path("status_code").asInt() == 202))
                .allSatisfy(a -> assertThat(a.path("body").path("outcomes")).hasSize(100));
        assertThat(audit.stream().filter(a -> a.path("status_code").isNull()))
                .allSatisfy(a -> assertThat(a.path("exception").asText()).isNotBlank());

        // The WABA token travelled in every payload and appears nowhere the run wrote.
        assertThat(sandbox.secretScan().secret("PERF_WABA_SANDBOX_TOKEN", WABA_TOKEN).findings(run.outputDir()))
                .isEmpty();
    }

    @Test
    void twoServerEnginesDispatchDisjointSharesThatTogetherAreAllTargets() throws Exception {
        Path dir = JMeterHome.buildDir().resolve("it-runs/campaign-distributed");
        Map<String, String> env = env();
        try (JMeterServer s0 = JMeterServer.start(dir.resolve("server0"), 0, env);
                JMeterServer s1 = JMeterServer.start(dir.resolve("server1"), 1, env)) {
            JMeterResult run = JMeterRun.plan(PLAN).env(env).env("JVM_ARGS", "-Djava.rmi.server.hostname=127.0.0.1")
                    .outputDir(dir.resolve("client"))
                    .arg("-R", s0.address() + "," + s1.address(), "-Jserver.rmi.ssl.disable=true",
                            "-Gperf.shard.count=2", "-Gperf.profile=smoke", "-Gperf.idempotency.prefix=dist",
                            "-Gperf.campaign.threads=4")
                    .timeout(Duration.ofMinutes(4)).run();
            assertThat(run.exitCode()).as(run.describe()).isZero();

            // One run on the client: its summary counts every sample of both engines, percentiles exact over them.
            Path folder = onlyRunFolder(run.outputDir().resolve("evidence/runs"));
            com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(folder.resolve("campaign-bulk-send-summary.json").toFile());
            assertThat(summary.path("status").asText()).isEqualTo("passed");
            assertThat(summary.path("engines")).hasSize(2);
            africa.easymo.perf.testplans.harness.Jtl merged = africa.easymo.perf.testplans.harness.Jtl
                    .read(folder.resolve("campaign-bulk-send.jtl"));
            assertThat(summary.path("total").path("count").asLong()).isEqualTo(merged.size()).isPositive();
            summary.path("labels").fields().forEachRemaining(l -> assertThat(l.getValue().path("p95").asLong())
                    .as("p95 of " + l.getKey()).isEqualTo(merged.percentile(l.getKey(), 95)));

            // The servers keep nothing: each engine's audit log reached the client's one run folder.
            Path engines = folder.resolve("engines");
            Set<String> shard0 = acknowledgedReferences(
                    engines.resolve(s0.address().replace(':', '_')).resolve("campaign-responses-shard0.log"));
            Set<String> shard1 = acknowledgedReferences(
                    engines.resolve(s1.address().replace(':', '_')).resolve("campaign-responses-shard1.log"));
            assertThat(s0.dir().resolve("evidence/campaign-responses-shard0.log")).doesNotExist();
            assertThat(s1.dir().resolve("evidence/campaign-responses-shard1.log")).doesNotExist();
            assertThat(shard0).hasSize(50);
            assertThat(shard1).hasSize(50);
            assertThat(shard0).doesNotContainAnyElementsOf(shard1);
            // Shard 0 holds positions [0, 5000), shard 1 [5000, 10000).
            assertThat(shard0).allSatisfy(r -> assertThat(firstPosition(r)).isLessThan(5000));
            assertThat(shard1).allSatisfy(r -> assertThat(firstPosition(r)).isGreaterThanOrEqualTo(5000));

            Map<String, Integer> perTarget = dispatchesPerTarget("dist-%");
            assertThat(perTarget.keySet()).containsExactlyInAnyOrderElementsOf(bulk);
            assertThat(perTarget.values().stream().filter(n -> n != 1).count()).isZero();
            Set<String> inDb = new HashSet<>(strings("select distinct batch_reference from public.campaign_dispatches "
                    + "where campaign_id = ?::uuid and batch_reference like 'dist-%'"));
            Set<String> union = new HashSet<>(shard0);
            union.addAll(shard1);
            assertThat(inDb).isEqualTo(union);
        }
    }

    @Test
    void wrongBridgeSecretStopsTheRunAtTheFirst401WithOneLine() throws Exception {
        Map<String, String> env = env();
        env.put("BRIDGE_SHARED_SECRET", "not-the-bridge-secret-123");
        JMeterResult run = JMeterRun.plan(PLAN).env(env).property("perf.profile", "smoke")
                .property("perf.idempotency.prefix", "wrongsecret")
                .outputDir(JMeterHome.buildDir().resolve("it-runs/campaign-wrong-secret"))
                .timeout(Duration.ofMinutes(2)).run();
        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        List<JtlSample> samples = run.jtl().samples();
        assertThat(samples).as("at most one 401 per thread, not 10,000 failures").isNotEmpty()
                .hasSizeLessThanOrEqualTo(8);
        assertThat(samples).allSatisfy(s -> assertThat(s.responseCode()).isEqualTo("401"));
        List<String> failures = run.console().lines().filter(l -> l.startsWith("easymo-perf: run FAILED")).toList();
        assertThat(failures).as(run.console()).hasSize(1);
        assertThat(failures.get(0)).contains("answered 401 unauthorized", "BRIDGE_SHARED_SECRET");
        // The run summary's verdict is the exit code's: never "PASSED" under a failed run.
        assertThat(run.console()).as(run.console()).containsPattern("Result: (FAILED|ABORTED)")
                .doesNotContain("Result: PASSED");
        assertThat(count("select count(*) from public.campaign_dispatches where campaign_id = ?::uuid "
                + "and batch_reference like 'wrongsecret-%'")).isZero();
        assertThat(sandbox.secretScan().secret("wrong secret", "not-the-bridge-secret-123").findings(run.outputDir()))
                .isEmpty();
    }

    private static String code(String responseCode) {
        return responseCode.length() == 3 && responseCode.chars().allMatch(Character::isDigit) ? responseCode : "error";
    }

    private static int firstPosition(String reference) {
        String[] parts = reference.split("-");
        return Integer.parseInt(parts[parts.length - 2]);
    }

    private static Set<String> acknowledgedReferences(Path log) throws IOException {
        Set<String> refs = new HashSet<>();
        for (JsonNode a : auditLines(log)) {
            int s = a.path("status_code").asInt();
            if (s == 202 || s == 200) {
                refs.add(a.path("batch_reference").asText());
            }
        }
        return refs;
    }

    private static List<JsonNode> auditLines(Path log) throws IOException {
        assertThat(log).exists();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static Map<String, Integer> dispatchesPerTarget(String referencePattern) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = sandbox.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select msisdn, count(*) from public.campaign_dispatches "
                        + "where campaign_id = ?::uuid and batch_reference like ? group by msisdn")) {
            ps.setString(1, campaignId);
            ps.setString(2, referencePattern);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = sandbox.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = sandbox.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Path onlyRunFolder(Path runs) throws java.io.IOException {
        try (var s = java.nio.file.Files.list(runs)) {
            List<Path> all = s.toList();
            assertThat(all).as("one run folder on the client for the whole distributed run").hasSize(1);
            return all.get(0);
        }
    }
}
