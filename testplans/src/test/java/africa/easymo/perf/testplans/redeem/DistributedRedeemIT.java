package africa.easymo.perf.testplans.redeem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;
import africa.easymo.perf.testplans.harness.JMeterServer;
import africa.easymo.perf.testplans.harness.Jtl;
import africa.easymo.perf.testplans.harness.LoopbackProxy;
import africa.easymo.perf.testplans.harness.SandboxFixture;

/**
 * redeem.jmx on two real jmeter-server engines driven by one client: one run, one verdict on the client. The engines
 * get disjoint shards from the client's controller (no override), hold the plan's total rate between them, and the
 * client's one evidence folder has the merged figures, each engine's breakdown and reconciliation; the servers keep
 * nothing. The faults of the distributed mode: an engine that cannot start stops every engine before any load, an
 * engine killed mid-run fails the run within the lost-engine bound, and neither ends a server: the same two serve the
 * next run.
 */
class DistributedRedeemIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SMOKE_SECONDS = 30;
    private static SandboxFixture sandbox;
    private static RedeemPlan plan;

    @BeforeAll
    static void start() {
        plan = RedeemPlan.load();
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static JMeterRun client(String name, JMeterServer... servers) {
        String hosts = String.join(",", Stream.of(servers).map(JMeterServer::address).toList());
        return JMeterRun.plan(plan.file()).env(sandbox.env()).env("JVM_ARGS", "-Djava.rmi.server.hostname=127.0.0.1")
                .outputDir(JMeterHome.buildDir().resolve("it-runs/redeem-distributed/" + name))
                .arg("-R", hosts, "-Jserver.rmi.ssl.disable=true", "-Gperf.profile=smoke",
                        "-Gperf.redeem.smoke.duration=" + SMOKE_SECONDS, "-Gperf.idempotency.prefix=" + name)
                .timeout(Duration.ofMinutes(3));
    }

    @Test
    void anEngineThatCannotStartStopsEveryEngineAFailingShareFailsTheRunThenTheSameServersPassAsOne() throws Exception {
        Path dir = JMeterHome.buildDir().resolve("it-runs/redeem-distributed/servers");
        Map<String, String> env = sandbox.env();
        // The other server's environment is wrong twice: a seed summary that is not there, and its redeems sent
        // through a proxy that drops every answer after the sandbox committed it. A JMeter property sent with -G
        // wins over a server's environment, which is how the later runs fix each in turn.
        Map<String, String> otherEnv = new java.util.LinkedHashMap<>(env);
        otherEnv.put("PERF_SUMMARY_PATH", dir.resolve("no-such-summary.json").toString());
        try (LoopbackProxy proxy = LoopbackProxy.to(sandbox.sandbox().port());
                JMeterServer good = JMeterServer.start(dir.resolve("good"), env); JMeterServer other = JMeterServer
                        .start(dir.resolve("other"), withRedeemUrl(otherEnv, proxy.baseUrl() + "/redeem"))) {
            proxy.mode(LoopbackProxy.Mode.DROP_ANSWERS);
            // 1. One engine's server points at a seed summary that is not there: no engine sends load, one line says
            // why, exit 2.
            JMeterResult refused = client("refused", good, other).run();
            assertThat(refused.timedOut()).as(refused.describe()).isFalse();
            assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(2);
            assertThat(refused.jtl().samples()).as("no engine sent load").isEmpty();
            assertThat(refused.console()).contains("distributed run not started").contains("no-such-summary.json");
            JsonNode refusedSummary = summary(refused);
            assertThat(refusedSummary.path("status").asText()).isEqualTo("refused");

            // 2. The same servers, the summary given to both: the other engine's share loses its answers, fails its
            // reconciliation, and the client exits non-zero naming the engine and the check.
            String summaryPath = "-GPERF_SUMMARY_PATH=" + sandbox.summaryPath();
            JMeterResult failing = client("failing-share", good, other)
                    .arg(summaryPath, "-Gperf.redeem.smoke.duration=15").run();
            assertThat(failing.exitCode()).as(failing.describe()).isEqualTo(1);
            assertThat(failing.console()).contains("engine " + other.address() + ": ")
                    .contains("persisted without an acknowledged answer");
            assertThat(summary(failing).path("status").asText()).isEqualTo("failed");

            // 3. The same servers again, every setting right: one run, one verdict for both engines.
            int dashboardPort;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                dashboardPort = free.getLocalPort();
            }
            JMeterResult run = client("passing", good, other)
                    .arg(summaryPath, "-GPERF_STATION_REDEEM_URL=" + sandbox.baseUrl() + "/redeem")
                    .property("perf.dashboard", "true").property("perf.dashboard.port", Integer.toString(dashboardPort))
                    .run();
            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.console()).as("the controller serves the merged run's live page")
                    .containsOnlyOnce("Live dashboard: http://127.0.0.1:" + dashboardPort + "/");
            assertThat(run.console()).containsOnlyOnce("Result: PASSED");
            JsonNode s = summary(run);
            assertThat(s.path("status").asText()).isEqualTo("passed");
            JsonNode engines = s.path("engines");
            assertThat(engines).hasSize(2);
            assertThat(List.of(engines.get(0).path("shard").asInt(), engines.get(1).path("shard").asInt()))
                    .containsExactlyInAnyOrder(0, 1);
            long perEngine0 = engines.get(0).path("samples").asLong();
            long perEngine1 = engines.get(1).path("samples").asLong();
            assertThat(perEngine0).isPositive();
            assertThat(perEngine1).isPositive();
            assertThat(s.path("total").path("count").asLong()).isEqualTo(perEngine0 + perEngine1);
            // The merged JTL holds every engine's rows: as many as JMeter's own client-side -l JTL.
            Path folder = runFolder(run);
            assertThat(Jtl.read(folder.resolve("redeem.jtl")).size()).isEqualTo(run.jtl().size());
            // The plan's rate in total (150/min), not per engine: 75 arrivals (redeems and probes) in 30 s.
            Jtl merged = Jtl.read(folder.resolve("redeem.jtl"));
            long arrivals = merged.filter(x -> x.is(plan.redeemLabel()) || x.is(plan.probeLabel())).size();
            double expected = RedeemPlan.TARGET_PER_MINUTE * SMOKE_SECONDS / 60.0;
            assertThat((double) arrivals).as("arrivals of both engines together").isBetween(expected * 0.98,
                    expected * 1.02);
            // Percentiles are exact over every sample of both engines: the summary's p95 is the merged JTL's.
            s.path("labels").fields().forEachRemaining(label -> assertThat(label.getValue().path("p95").asLong())
                    .as("p95 of " + label.getKey()).isEqualTo(merged.percentile(label.getKey(), 95)));
            // Each engine's reconciliation reached the client and held.
            JsonNode sections = s.path("reconciliation");
            List<String> redeemSections = Stream.of(good, other).map(e -> "reconciliation.redeem @ " + e.address())
                    .toList();
            for (String section : redeemSections) {
                assertThat(sections.path(section).path("passed").asBoolean()).as(section + " in " + sections).isTrue();
            }
            assertThat(sections.path(redeemSections.get(0)).path("shard").asText())
                    .isNotEqualTo(sections.path(redeemSections.get(1)).path("shard").asText());
            assertThat(folder.resolve("dashboard/index.html")).isRegularFile();
            // The controller's live page, kept in the client's folder: the merged figures and each engine.
            String page = Files.readString(folder.resolve("live-dashboard.html"));
            String data = page.substring(page.indexOf("window.PERF_LIVE = {data: ") + 26,
                    page.lastIndexOf("};</script>"));
            JsonNode live = JSON.readTree(data);
            assertThat(live.path("verdict").asText()).isEqualTo("passed");
            assertThat(live.path("total").path("count").asLong()).isEqualTo(s.path("total").path("count").asLong());
            assertThat(live.path("engines").findValuesAsText("engine")).containsExactlyInAnyOrder(good.address(),
                    other.address());
            assertThat(live.path("engines").findValuesAsText("state")).containsOnly("passed");
            assertThat(live.path("engines").findValues("samples").stream().mapToLong(JsonNode::asLong).sum())
                    .isEqualTo(perEngine0 + perEngine1);
            // The servers keep nothing.
            for (JMeterServer e : List.of(good, other)) {
                assertThat(runsLeftOn(e)).as("run folders left on " + e.address()).isEmpty();
            }
            assertThat(sandbox.secretScan().findings(run.outputDir())).isEmpty();
        }
    }

    @Test
    void anEngineKilledMidRunFailsTheRunNamingItWithinTheBound() throws Exception {
        Path dir = JMeterHome.buildDir().resolve("it-runs/redeem-distributed/killed-servers");
        Map<String, String> env = sandbox.env();
        try (JMeterServer survivor = JMeterServer.start(dir.resolve("survivor"), env);
                JMeterServer victim = JMeterServer.start(dir.resolve("victim"), env)) {
            JMeterResult run = client("killed", survivor, victim).arg("-Gperf.distributed.lost.seconds=10")
                    // about 12 s into the 30-s schedule (JMeter's client gets its own samples late, in batches)
                    .after(Duration.ofSeconds(18), jvm -> {
                        victim.process().descendants().forEach(ProcessHandle::destroyForcibly);
                        victim.process().destroyForcibly();
                    }).run();

            assertThat(run.timedOut()).as(run.describe()).isFalse();
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(run.console()).contains("engine " + victim.address() + " lost: no report for 10 s");
            JsonNode s = summary(run);
            assertThat(s.path("status").asText()).isEqualTo("failed");
            assertThat(s.path("failures").toString()).contains(victim.address());
            assertThat(s.path("engines").findValuesAsText("state")).contains("lost");
            assertThat(survivor.isAlive()).as("a failed run never ends a jmeter-server").isTrue();
        }
    }

    private static Map<String, String> withRedeemUrl(Map<String, String> env, String url) {
        Map<String, String> out = new java.util.LinkedHashMap<>(env);
        out.put("PERF_STATION_REDEEM_URL", url);
        return out;
    }

    private static Path runFolder(JMeterResult r) throws IOException {
        try (Stream<Path> s = Files.list(r.outputDir().resolve("evidence/runs"))) {
            List<Path> runs = s.toList();
            assertThat(runs).as(r.describe()).hasSize(1);
            return runs.get(0);
        }
    }

    private static JsonNode summary(JMeterResult r) throws IOException {
        return JSON.readTree(runFolder(r).resolve("redeem-summary.json").toFile());
    }

    private static List<Path> runsLeftOn(JMeterServer server) throws IOException {
        Path runs = server.dir().resolve("evidence/runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.toList();
        }
    }
}
