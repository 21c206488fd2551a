package africa.easymo.perf.evidence.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import africa.easymo.perf.evidence.rules.Baseline;
import africa.easymo.perf.evidence.rules.BaselineLimit;
import africa.easymo.perf.evidence.rules.SloRules;
import africa.easymo.perf.evidence.rules.Threshold;
import africa.easymo.perf.evidence.rules.ThresholdEvaluator;
import africa.easymo.perf.evidence.rules.ThresholdParseException;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.evidence.stats.RunStats;
import africa.easymo.perf.evidence.stats.SampleObservation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thresholds written against a previous run, the baseline file's checks, and the offline compare command. */
class BaselineThresholdTest {
    @TempDir
    Path dir;

    @Test
    void baselineLimitsParseIntoTheirCanonicalForm() {
        List<Threshold> t = SloRules.parse("redeem: p(95) < baseline * 1.2, errors < baseline + 0.5%", "").thresholds();
        assertThat(t).extracting(Threshold::describe).containsExactly("redeem: p(95)<baseline*1.2",
                "redeem: errors<baseline+0.5%");
        assertThat(t.get(0).baseline()).isEqualTo(new BaselineLimit(BaselineLimit.Op.TIMES, 1.2));
        assertThat(t.get(1).baseline()).isEqualTo(new BaselineLimit(BaselineLimit.Op.PLUS, 0.5));
        assertThatThrownBy(() -> SloRules.parse("redeem: p(95) < baseline / 2", ""))
                .isInstanceOf(ThresholdParseException.class).hasMessageContaining("baseline * 1.2");
    }

    @Test
    void theLimitIsTheBaselineFigureScaledAndAThresholdWithoutOneFails() {
        RunStats stats = new RunStats(List.of(), n -> OptionalLong.empty());
        for (int i = 1; i <= 100; i++) {
            stats.record(new SampleObservation("redeem", i, true, "200", 0, i));
        }
        List<Threshold> t = SloRules.parse("redeem: p(95) < baseline * 1.2", "").thresholds();
        Baseline at80 = baseline(80);
        Baseline at70 = baseline(70);
        ThresholdVerdict pass = ThresholdEvaluator.evaluate(t, stats, at80).get(0);
        ThresholdVerdict fail = ThresholdEvaluator.evaluate(t, stats, at70).get(0);
        assertThat(pass.observed()).isEqualTo(95);
        assertThat(pass.passed()).as("95 < 80 * 1.2 = 96").isTrue();
        assertThat(fail.passed()).as("95 >= 70 * 1.2 = 84").isFalse();
        assertThat(fail.note()).isEqualTo("baseline 70ms, limit 84ms");
        ThresholdVerdict none = ThresholdEvaluator.evaluate(t, stats, Baseline.NONE).get(0);
        assertThat(none.passed()).isFalse();
        assertThat(none.note()).contains("has no redeem: p(95)");
    }

    private static Baseline baseline(double p95) {
        return new Baseline() {
            @Override
            public OptionalDouble value(Threshold t) {
                return OptionalDouble.of(p95);
            }

            @Override
            public String source() {
                return "test";
            }
        };
    }

    private Path summary(String plan, double p95, double errorRate) throws IOException {
        Path f = dir.resolve(plan + "-" + p95 + "-summary.json");
        Files.writeString(f,
                "{\"schema\":\"easymo-perf/run-summary@1\",\"plan\":\"" + plan + "\",\"status\":\"passed\","
                        + "\"start\":\"2026-12-01T10:00:00Z\",\"thresholds\":[],\"labels\":{\"redeem\":{\"p95\":" + p95
                        + ",\"errorRate\":" + errorRate + "}},\"total\":{\"p95\":" + p95 + "}}");
        return f;
    }

    @Test
    void aBaselineFromAnotherPlanOrSchemaOrNowhereIsOneClearMessage() throws IOException {
        Path redeem = summary("redeem", 100, 0);
        assertThatThrownBy(() -> BaselineRun.load(redeem, "voucher-preview"))
                .hasMessageContaining("a run of plan 'redeem', not of 'voucher-preview'");
        assertThatThrownBy(() -> BaselineRun.load(dir.resolve("nope.json"), "redeem"))
                .hasMessageContaining("no such run summary or run folder");
        Path old = dir.resolve("old-summary.json");
        Files.writeString(old, "{\"schema\":\"easymo-perf/run-summary@0\",\"plan\":\"redeem\",\"labels\":{}}");
        assertThatThrownBy(() -> BaselineRun.load(old, "redeem")).hasMessageContaining("summary schema");
        assertThat(BaselineRun.load(redeem, "redeem")
                .value(SloRules.parse("redeem: p(95)<baseline", "").thresholds().get(0))).hasValue(100);
    }

    @Test
    void theCompareCommandExitsOneOnARegressionBeyondTheTolerance() throws IOException {
        Path then = summary("redeem", 100, 0.1);
        Path within = summary("redeem", 115, 0.2);
        Path worse = summary("redeem", 150, 0.2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(CompareRuns.run(new String[] { then.toString(), within.toString(), "p95=20%" }, p, p)).isZero();
        assertThat(CompareRuns.run(new String[] { then.toString(), worse.toString(), "p95=20%" }, p, p)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("REGRESSION: redeem p95 100.0 -> 150.0");
        assertThat(CompareRuns.run(new String[] { then.toString(), summary("preview", 1, 0).toString() }, p, p))
                .isEqualTo(2);
        assertThat(CompareRuns.run(new String[] { then.toString(), worse.toString(), "p95=lots" }, p, p)).isEqualTo(2);
    }
}
