package africa.easymo.perf.testplans.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;
import africa.easymo.perf.testplans.harness.Jtl;
import africa.easymo.perf.testplans.harness.LoopbackProxy;
import africa.easymo.perf.testplans.harness.SandboxFixture;

/**
 * The fault matrix of docs/faults.md, the rows no journey test already covers: every way a run can end leaves complete
 * evidence and a verdict that says what happened — interrupts (SIGINT, SIGTERM), a stop request on JMeter's UDP port, a
 * target that stops accepting connections or freezes mid-run, answers lost after the target committed, a database that
 * hangs at the end, and a refused start. Real runs of {@code bin/jmeter} against one seeded sandbox, some through a
 * {@link LoopbackProxy} that plays the network fault; the runs are one after the other, never overlapping.
 */
class FaultMatrixIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SandboxFixture sandbox;
    private static Path probePlan;

    @BeforeAll
    static void start() throws URISyntaxException {
        sandbox = SandboxFixture.start();
        probePlan = Path.of(FaultMatrixIT.class.getResource("/evidence/evidence-probe.jmx").toURI());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void clearFaults() {
        sandbox.sandbox().faults().clear();
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = { "INT", "TERM" })
    void anInterruptStopsGracefullyWithCompleteEvidenceAndItsOwnExitCode(String signal) throws IOException {
        // about 20 s into the 60-s smoke at 150 redeems/min
        JMeterResult run = redeem("sig" + signal.toLowerCase(java.util.Locale.ROOT)).timeout(Duration.ofMinutes(2))
                .onceSamples(50, jvm -> signal(jvm, signal)).run();

        assertThat(run.timedOut()).as(run.describe()).isFalse();
        assertThat(run.exitCode()).as("the interrupted exit code\n" + run.describe()).isEqualTo(130);
        assertThat(run.wallTime()).as("stopped long before the 60 s schedule ended").isLessThan(Duration.ofSeconds(55));
        Path folder = runFolder(run, "redeem");
        JsonNode summary = summary(folder, "redeem");
        assertThat(summary.path("status").asText()).isEqualTo("interrupted");
        assertThat(run.console()).contains("Result: INTERRUPTED").contains("SIG" + signal + ": stopping gracefully");
        Path jtl = folder.resolve("redeem.jtl");
        String text = Files.readString(jtl, StandardCharsets.UTF_8);
        assertThat(text).as("the JTL ends with a whole row").endsWith("\n");
        // JMeter's own -l JTL, written by its own listener, has every sample the run finished: ours has the same.
        assertThat(Jtl.read(jtl).size()).isEqualTo(run.jtl().size()).isGreaterThanOrEqualTo(50);
        assertThat(summary.path("total").path("count").asLong()).isEqualTo(run.jtl().size());
        assertThat(folder.resolve("dashboard/index.html")).isRegularFile();
        assertThat(sandbox.secretScan().findings(run.outputDir())).isEmpty();
    }

    @Test
    void stopTestNowTwentySecondsIntoASmokeIsAnEarlyStopNotAPass() throws IOException {
        int port = freeUdpPort();
        // JMeter's StopTestNow (bin/stoptest) about 20 s into the 60-s redeem smoke
        JMeterResult run = redeem("stop-test-now").property("jmeterengine.nongui.port", Integer.toString(port))
                .property("jmeterengine.nongui.maxport", Integer.toString(port))
                .onceSamples(50, jvm -> send("bin/stoptest", port)).run();

        assertThat(run.timedOut()).as(run.describe()).isFalse();
        assertThat(run.exitCode()).as("non-zero by default\n" + run.describe()).isNotZero();
        assertThat(run.wallTime()).isLessThan(Duration.ofSeconds(55));
        JsonNode summary = summary(runFolder(run, "redeem"), "redeem");
        // stopped, or failed too when a redeem cut off mid-flight fails a check: never passed
        assertThat(summary.path("status").asText()).isIn("stopped", "failed");
        assertThat(summary.path("stoppedEarly").asText()).startsWith("stopped by request after ")
                .contains("of a 60 s schedule");
        assertThat(run.console()).contains("STOPPED EARLY: stopped by request after");
    }

    @Test
    void aShutdownMidRunIsAnEarlyStopWithItsOwnExitCode() throws IOException {
        int port = freeUdpPort();
        JMeterResult run = probe("stop-request", port).onceSamples(20, jvm -> send("bin/shutdown", port)).run();

        assertThat(run.exitCode()).as("the stopped exit code\n" + run.describe()).isEqualTo(3);
        JsonNode summary = summary(runFolder(run, "evidence-probe"), "evidence-probe");
        assertThat(summary.path("status").asText()).isEqualTo("stopped");
        assertThat(summary.path("stoppedEarly").asText()).startsWith("stopped by request after ");
        assertThat(summary.path("durationSeconds").asDouble()).isLessThan(60);
        assertThat(run.console()).contains("STOPPED EARLY: stopped by request after").contains("Result: STOPPED");
    }

    @Test
    void earlyStopsMayPassWhenThePlanSaysSo() throws IOException {
        int port = freeUdpPort();
        JMeterResult run = probe("stop-request-passes", port).property("perf.early.stop.passes", "true")
                .onceSamples(20, jvm -> send("bin/shutdown", port)).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        JsonNode summary = summary(runFolder(run, "evidence-probe"), "evidence-probe");
        assertThat(summary.path("status").asText()).isEqualTo("passed");
        assertThat(summary.path("stoppedEarly").asText()).as("still said").startsWith("stopped by request after ");
    }

    @Test
    void aTargetThatFreezesMidRunEndsTheRunWithinItsBoundNamingWhatDidNotAnswer() throws IOException {
        try (LoopbackProxy proxy = LoopbackProxy.to(sandbox.sandbox().port())) {
            JMeterResult run = redeemThrough(proxy, "frozen").property("perf.redeem.smoke.duration", "30")
                    .property("perf.end.deadline.seconds", "10").timeout(Duration.ofMinutes(3))
                    .onceSamples(20, jvm -> proxy.mode(LoopbackProxy.Mode.FREEZE)).run();

            assertThat(run.timedOut()).as(run.describe()).isFalse();
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            // 30 s of schedule, then the last redeems time out (30 s response timeout), then 10 s of end deadline
            assertThat(run.wallTime()).isLessThan(Duration.ofSeconds(30 + 30 + 10 + 25));
            assertThat(run.console().lines().filter(l -> l.contains("did not finish within 10 s")).toList())
                    .as(run.describe()).anySatisfy(l -> assertThat(l).contains("reconciliation.redeem")
                            .contains("the database at SUPABASE_URL=" + proxy.baseUrl()).contains("did not answer"));
            Path folder = runFolder(run, "redeem");
            JsonNode summary = summary(folder, "redeem");
            assertThat(summary.path("status").asText()).isEqualTo("failed");
            assertThat(summary.path("total").path("count").asLong()).isEqualTo(run.jtl().size());
            assertThat(folder.resolve("dashboard/index.html")).isRegularFile();
        }
    }

    @Test
    void answersLostAfterTheTargetCommittedAreCountedAsPersistedWithoutAnAnswer() throws IOException {
        try (LoopbackProxy proxy = LoopbackProxy.to(sandbox.sandbox().port())) {
            JMeterResult run = redeem("lost-answers").property("perf.redeem.smoke.duration", "30")
                    .env("PERF_STATION_REDEEM_URL", proxy.baseUrl() + "/redeem")
                    .onceSamples(15, jvm -> proxy.mode(LoopbackProxy.Mode.DROP_ANSWERS)).run();

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            JsonNode reconciliation = summary(runFolder(run, "redeem"), "redeem").path("reconciliation")
                    .path("reconciliation.redeem");
            long withoutAnswer = reconciliation.path("redeemedInDbWithoutSuccess").asLong();
            assertThat(withoutAnswer).as(reconciliation.toString()).isPositive();
            assertThat(reconciliation.path("redeemedInDb").asLong() - reconciliation.path("successfulRedeems").asLong())
                    .isEqualTo(withoutAnswer);
            assertThat(reconciliation.path("persistedWithoutAnswer")).isNotEmpty();
            assertThat(run.console()).contains(
                    withoutAnswer + " redeems were persisted without an acknowledged " + "answer reaching the client")
                    .contains("0 acknowledged but not persisted");
        }
    }

    @Test
    void aTargetThatStopsAcceptingConnectionsMidRunIsAbortedByItsRule() throws IOException {
        try (LoopbackProxy proxy = LoopbackProxy.to(sandbox.sandbox().port())) {
            JMeterResult run = probe("refused-mid-run", freeUdpPort())
                    .property("probe.port", Integer.toString(proxy.port()))
                    .property("probe.abortRules", "abort if errors>50% over 10s min 10")
                    .onceSamples(20, jvm -> proxy.refuseConnections()).run();

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(run.wallTime()).as("aborted long before the 60 s schedule").isLessThan(Duration.ofSeconds(45));
            JsonNode summary = summary(runFolder(run, "evidence-probe"), "evidence-probe");
            assertThat(summary.path("status").asText()).isEqualTo("aborted");
            // the connections open at the cut fail to respond; every later connect is refused
            assertThat(run.jtl().filter(s -> !s.success())).isNotEmpty().allSatisfy(
                    s -> assertThat(s.responseMessage()).containsAnyOf("Connection refused", "failed to respond"))
                    .anySatisfy(s -> assertThat(s.responseMessage()).contains("Connection refused"));
        }
    }

    @Test
    void answersSlowerThanTheResponseTimeoutFailAsTimeoutsAndFailTheGate() throws IOException {
        sandbox.sandbox().faults().delay("/rest/v1/stations", Duration.ofMillis(1500));
        JMeterResult run = probe("slower-than-timeout", freeUdpPort()).property("probe.responseTimeout", "500")
                .property("probe.duration", "8").run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.wallTime()).as("the schedule, not the delays, sets the end").isLessThan(Duration.ofSeconds(40));
        assertThat(run.jtl().samples()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.success()).isFalse();
            assertThat(s.responseMessage()).containsIgnoringCase("timed out");
            assertThat(s.elapsed()).isLessThan(1500);
        });
        JsonNode summary = summary(runFolder(run, "evidence-probe"), "evidence-probe");
        assertThat(summary.path("status").asText()).isEqualTo("failed");
        assertThat(run.console()).containsPattern("FAIL  .*errors<1%");
    }

    @Test
    void aRefusedStartLeavesARefusedSummaryAndNoEmptyFiles() throws IOException {
        JMeterResult run = redeem("refused").env("PERF_STATION_REDEEM_URL", "not a url").run();
        // The published (latest) summary is the refused run's own, never a previous run's "passed".
        Path published = run.outputDir().resolve("evidence/summary.json");

        assertThat(run.exitCode()).as("the refused exit code\n" + run.describe()).isEqualTo(2);
        assertThat(run.jtl().samples()).isEmpty();
        Path folder = runFolder(run, "redeem");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("a refused run's folder holds its summary and JUnit report, no empty JTL or metrics CSV")
                    .containsExactlyInAnyOrder("redeem-summary.json", "redeem-junit.xml");
        }
        JsonNode summary = JSON.readTree(published.toFile());
        assertThat(summary.path("status").asText()).isEqualTo("refused");
        assertThat(summary.path("failures").toString()).contains("PERF_STATION_REDEEM_URL");
        assertThat(run.console()).contains("Result: REFUSED");
    }

    private static JMeterRun redeem(String name) {
        return JMeterRun.plan(JMeterHome.plan("redeem.jmx")).env(sandbox.env()).property("perf.profile", "smoke")
                .outputDir(JMeterHome.buildDir().resolve("it-runs/fault-matrix/" + name))
                .timeout(Duration.ofMinutes(2));
    }

    /** Redeem with every URL of the target through the proxy: the journey, the database and the metrics. */
    private static JMeterRun redeemThrough(LoopbackProxy proxy, String name) {
        String base = proxy.baseUrl();
        return redeem(name).env("SUPABASE_URL", base).env("PERF_APP_BASE_URL", base)
                .env("PERF_STATION_REDEEM_URL", base + "/redeem")
                .env("PERF_SUPABASE_METRICS_URL", base + "/customer/v1/privileged/metrics");
    }

    private static JMeterRun probe(String name, int udpPort) {
        return JMeterRun.plan(probePlan).outputDir(JMeterHome.buildDir().resolve("it-runs/fault-matrix/" + name))
                .timeout(Duration.ofMinutes(2)).property("probe.port", Integer.toString(sandbox.sandbox().port()))
                .property("probe.apikey", sandbox.sandbox().serviceRoleKey())
                .properties(Map.of("probe.threads", "2", "probe.loops", "-1", "probe.scheduler", "true",
                        "probe.duration", "60", "probe.pauseMs", "50", "probe.thresholds", "errors<1%"))
                .property("jmeterengine.nongui.port", Integer.toString(udpPort))
                .property("jmeterengine.nongui.maxport", Integer.toString(udpPort));
    }

    private static Path runFolder(JMeterResult r, String plan) throws IOException {
        try (Stream<Path> s = Files.list(r.outputDir().resolve("evidence/runs"))) {
            List<Path> runs = s.filter(p -> p.getFileName().toString().startsWith(plan + "-")).toList();
            assertThat(runs).as(r.describe()).hasSize(1);
            return runs.get(0);
        }
    }

    private static JsonNode summary(Path folder, String plan) throws IOException {
        return JSON.readTree(folder.resolve(plan + "-summary.json").toFile());
    }

    private static void signal(ProcessHandle jvm, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.pid())).inheritIO().start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What a user types: this home's {@code bin/stoptest <port>} or {@code bin/shutdown <port>} (JMeter's
     * ShutdownClient).
     */
    private static void send(String script, int port) {
        try {
            Process p = new ProcessBuilder(JMeterHome.home().resolve(script).toString(), Integer.toString(port))
                    .inheritIO().start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
