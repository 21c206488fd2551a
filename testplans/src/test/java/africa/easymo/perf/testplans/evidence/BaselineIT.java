package africa.easymo.perf.testplans.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import africa.easymo.perf.evidence.baseline.CompareRuns;
import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;
import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;

/**
 * Release gating against the last release: a real probe run (every answer delayed 50 ms, so p95 is steady) is judged by
 * {@code p(95) < baseline * 1.2} against a previous run's summary. It passes against a baseline it beats and fails
 * against one 50 % faster, the summary showing both figures; the offline compare command gives the same verdicts; a
 * missing or other plan's baseline refuses the run.
 */
class BaselineIT {
    private static final String ROUTE = "/rest/v1/stations";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;
    private static Path plan;
    private static Path dir;
    private static Path first;

    @BeforeAll
    static void start() throws URISyntaxException, IOException {
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).build());
        sandbox.faults().delay(ROUTE, Duration.ofMillis(50));
        plan = Path.of(BaselineIT.class.getResource("/evidence/evidence-probe.jmx").toURI());
        dir = JMeterHome.buildDir().resolve("it-runs/baseline");
        JMeterResult r = probe("first", "p(95)<1000").run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        first = summaryFile(r);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static JMeterRun probe(String name, String thresholds) {
        return JMeterRun.plan(plan).outputDir(dir.resolve(name)).timeout(Duration.ofMinutes(2))
                .property("probe.port", Integer.toString(sandbox.port()))
                .property("probe.apikey", sandbox.serviceRoleKey()).property("probe.threads", "2")
                .property("probe.loops", "20").property("probe.thresholds", thresholds);
    }

    private static Path summaryFile(JMeterResult r) throws IOException {
        try (Stream<Path> s = Files.list(r.outputDir().resolve("evidence/runs"))) {
            List<Path> runs = s.toList();
            assertThat(runs).as(r.describe()).hasSize(1);
            return runs.get(0).resolve("evidence-probe-summary.json");
        }
    }

    /** The first run's summary with every p95 scaled: a baseline that was slower or faster than this machine. */
    private static Path baselineScaled(String name, double factor) throws IOException {
        ObjectNode s = (ObjectNode) JSON.readTree(first.toFile());
        s.putArray("thresholds");
        s.path("labels").forEach(l -> ((ObjectNode) l).put("p95", Math.round(l.path("p95").asDouble() * factor)));
        ((ObjectNode) s.path("total")).put("p95", Math.round(s.path("total").path("p95").asDouble() * factor));
        Path file = Files.createDirectories(dir.resolve("baselines")).resolve(name + "-summary.json");
        JSON.writeValue(file.toFile(), s);
        return file;
    }

    @Test
    void aRunThatBeatsItsBaselinePassesAndOneAgainstAFasterBaselineFailsWithBothFigures() throws IOException {
        Path slower = baselineScaled("slower", 2.0);
        Path faster = baselineScaled("faster", 0.5);

        JMeterResult beats = probe("beats", "p(95)<baseline*1.2").property("perf.baseline", slower.toString()).run();
        assertThat(beats.exitCode()).as(beats.describe()).isZero();
        JsonNode passed = JSON.readTree(summaryFile(beats).toFile());
        assertThat(passed.path("status").asText()).isEqualTo("passed");
        assertThat(passed.path("thresholds").get(0).path("rule").asText()).endsWith("p(95)<baseline*1.2");

        JMeterResult loses = probe("loses", "p(95)<baseline*1.2").property("perf.baseline", faster.toString()).run();
        assertThat(loses.exitCode()).as(loses.describe()).isEqualTo(1);
        JsonNode failed = JSON.readTree(summaryFile(loses).toFile());
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        JsonNode verdict = failed.path("thresholds").get(0);
        assertThat(verdict.path("passed").asBoolean()).isFalse();
        assertThat(verdict.path("note").asText()).startsWith("baseline ");
        // both figures, and the change, per label
        JsonNode p95 = failed.path("baseline").path("labels").path("probe").path("p95");
        assertThat(p95.path("now").asDouble()).isGreaterThanOrEqualTo(50);
        assertThat(p95.path("baseline").asDouble()).isLessThan(p95.path("now").asDouble());
        assertThat(p95.path("changePercent").asDouble()).isPositive();
        assertThat(loses.console()).contains("Baseline: " + faster).contains("FAIL  ");

        // the offline compare command: the same two verdicts
        assertThat(compare(slower, summaryFile(beats))).isZero();
        assertThat(compare(faster, summaryFile(loses))).isEqualTo(1);
    }

    @Test
    void aMissingOrForeignBaselineRefusesTheRunWithOneLine() throws IOException {
        JMeterResult missing = probe("missing", "p(95)<baseline*1.2")
                .property("perf.baseline", dir.resolve("no-such-summary.json").toString()).run();
        assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(2);
        assertThat(missing.jtl().samples()).isEmpty();
        assertThat(missing.console().lines().filter(l -> l.contains("no-such-summary.json"))).hasSize(1);

        ObjectNode other = (ObjectNode) JSON.readTree(first.toFile());
        other.put("plan", "redeem");
        Path foreign = dir.resolve("baselines/redeem-summary.json");
        Files.createDirectories(foreign.getParent());
        JSON.writeValue(foreign.toFile(), other);
        JMeterResult wrongPlan = probe("foreign", "p(95)<1000").property("perf.baseline", foreign.toString()).run();
        assertThat(wrongPlan.exitCode()).as(wrongPlan.describe()).isEqualTo(2);
        assertThat(wrongPlan.console()).contains("a run of plan 'redeem', not of 'evidence-probe'");

        JMeterResult unset = probe("unset", "p(95)<baseline*1.2").run();
        assertThat(unset.exitCode()).as(unset.describe()).isEqualTo(2);
        assertThat(unset.console()).contains("perf.baseline is not set");
    }

    private static int compare(Path baseline, Path current) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CompareRuns.run(new String[] { baseline.toString(), current.toString(), "p95=20%" },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return code;
    }
}
