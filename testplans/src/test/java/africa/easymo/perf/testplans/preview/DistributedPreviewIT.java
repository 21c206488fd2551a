package africa.easymo.perf.testplans.preview;

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
import africa.easymo.perf.testplans.harness.SandboxFixture;

/**
 * voucher-preview.jmx's staged ramp (stages of 3 s) on two jmeter-server engines: one run on the client, the ramp held
 * in total (the engines share its arrivals), every document of every engine validated, the summary's figures exact over
 * the merged samples.
 */
class DistributedPreviewIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SandboxFixture sandbox;

    @BeforeAll
    static void start() {
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void theStagedRampOnTwoEnginesIsOneRunWithEveryDocumentValidated() throws Exception {
        Path dir = JMeterHome.buildDir().resolve("it-runs/preview-distributed");
        Map<String, String> env = sandbox.env();
        try (JMeterServer s0 = JMeterServer.start(dir.resolve("server0"), env);
                JMeterServer s1 = JMeterServer.start(dir.resolve("server1"), env)) {
            JMeterResult run = JMeterRun.plan(VoucherPreviewPlan.load().file()).env(env)
                    .env("JVM_ARGS", "-Djava.rmi.server.hostname=127.0.0.1").outputDir(dir.resolve("client"))
                    .arg("-R", s0.address() + "," + s1.address(), "-Jserver.rmi.ssl.disable=true",
                            "-Gpreview.stage.seconds=3", "-Gperf.idempotency.prefix=dist-preview")
                    .timeout(Duration.ofMinutes(3)).run();
            assertThat(run.exitCode()).as(run.describe()).isZero();

            Path folder;
            try (Stream<Path> s = Files.list(run.outputDir().resolve("evidence/runs"))) {
                List<Path> runs = s.toList();
                assertThat(runs).hasSize(1);
                folder = runs.get(0);
            }
            JsonNode summary = JSON.readTree(folder.resolve("voucher-preview-summary.json").toFile());
            assertThat(summary.path("status").asText()).isEqualTo("passed");
            Jtl merged = Jtl.read(folder.resolve("voucher-preview.jtl"));
            assertThat(summary.path("total").path("count").asLong()).isEqualTo(merged.size());
            summary.path("labels").fields().forEachRemaining(l -> assertThat(l.getValue().path("p95").asLong())
                    .as("p95 of " + l.getKey()).isEqualTo(merged.percentile(l.getKey(), 95)));
            JsonNode engines = summary.path("engines");
            assertThat(engines).hasSize(2);
            engines.forEach(e -> assertThat(e.path("samples").asLong()).as(e.toString()).isPositive());

            // Each engine validated every document it got; together they dispatched the ramp's arrivals once.
            long dispatched = 0;
            double expected = -1;
            var sections = summary.path("reconciliation").fields();
            int previewSections = 0;
            while (sections.hasNext()) {
                var section = sections.next();
                if (section.getKey().startsWith("arrivals.")) {
                    dispatched += section.getValue().path("dispatched").asLong();
                    expected = section.getValue().path("expected_arrivals").asDouble();
                } else if (section.getKey().startsWith("reconciliation.preview")) {
                    previewSections++;
                    assertThat(section.getValue().path("passed").asBoolean()).as(section.toString()).isTrue();
                }
            }
            assertThat(previewSections).as("one preview reconciliation per engine").isEqualTo(2);
            assertThat(expected).as("the schedule's arrivals").isPositive();
            assertThat((double) dispatched).as("arrivals of both engines together").isBetween(expected * 0.98,
                    expected * 1.02);
        }
    }
}
