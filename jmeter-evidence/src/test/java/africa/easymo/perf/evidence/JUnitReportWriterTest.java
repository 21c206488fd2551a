package africa.easymo.perf.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.evidence.rules.SloRules;
import africa.easymo.perf.evidence.rules.Threshold;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.run.RunVerdict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JUnit XML of passing, failing and refused runs, checked against Surefire's schema and read by its parser. */
class JUnitReportWriterTest {

    private static final SloRules RULES = SloRules.parse("redeem: p(95)<500, errors<1%\ncounter(redeem.lost)==0",
            "redeem: abort if 5xx>5% over 60s\nabort if p(95)>2000 for 60s");
    private static final String SECRET = "sb_secret_k3y";
    private static final UnaryOperator<String> REDACT = s -> s.replace(SECRET, "[redacted]");
    private static final Instant START = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private static ThresholdVerdict verdict(int i, double observed, boolean passed) {
        Threshold t = RULES.thresholds().get(i);
        return new ThresholdVerdict(t, observed, passed, "");
    }

    private static Map<String, Object> section(boolean passed, String... problems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checked", true);
        m.put("passed", passed);
        m.put("problems", List.of(problems));
        return m;
    }

    private static RunReport report(List<ThresholdVerdict> verdicts, Map<String, Object> reconciliation,
            String abortReason, List<String> failures, RunVerdict v) {
        Map<String, String> target = new LinkedHashMap<>();
        target.put("redeemUrl", "http://127.0.0.1:8080/station/redeem");
        target.put("restUrl", "http://127.0.0.1:8080/rest/v1?apikey=" + SECRET);
        return new RunReport("redeem", "/plans/redeem.jmx", "smoke", target, "seed-7", null, START,
                START.plusMillis(12_345), abortReason, verdicts, List.of(), null, reconciliation, Map.of(), null,
                Map.of(), List.of(), failures, v, null, List.of());
    }

    private Path write(RunReport r) throws Exception {
        Path file = dir.resolve("redeem-junit.xml");
        JUnitReportWriter.write(r, RULES, "ci-agent-3", REDACT, file);
        return file;
    }

    private static void validates(Path file) throws Exception {
        Path xsd = Path.of(System.getProperty("easymo.surefire.xsd", "target/xsd/surefire-test-report.xsd"));
        assertThat(xsd).as("Surefire's schema, unpacked by the build").isRegularFile();
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd.toFile());
        schema.newValidator().validate(new StreamSource(file.toFile()));
    }

    private static ReportTestSuite parsed(Path file) throws Exception {
        List<ReportTestSuite> suites = new TestSuiteXmlParser(new NullConsoleLogger()).parse(file.toString());
        assertThat(suites).hasSize(1);
        return suites.get(0);
    }

    private static ReportTestCase named(ReportTestSuite s, String name) {
        return s.getTestCases().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no test case '" + name + "' in "
                        + s.getTestCases().stream().map(ReportTestCase::getName).toList()));
    }

    @Test
    void passingRunHasOnePassingCasePerThresholdRuleAndCheck() throws Exception {
        RunReport r = report(List.of(verdict(0, 212, true), verdict(1, 0.2, true), verdict(2, 0, true)),
                Map.of("reconciliation.redeem", section(true)), null, List.of(), RunVerdict.PASSED);
        Path file = write(r);
        validates(file);
        ReportTestSuite s = parsed(file);

        assertThat(s.getName()).isEqualTo("redeem");
        assertThat(s.getNumberOfTests()).isEqualTo(3 + 2 + 1 + 1);
        assertThat(s.getNumberOfFailures()).isZero();
        assertThat(s.getTestCases()).extracting(ReportTestCase::getName).containsExactly(
                "threshold: redeem: p(95)<500ms", "threshold: redeem: errors<1%", "threshold: counter(redeem.lost)==0",
                "abort rule: redeem: abort if rate(5xx)>5% over 60s", "abort rule: abort if p(95)>2000ms for 60s",
                "reconciliation.redeem", "run verdict");
        assertThat(s.getTestCases()).allMatch(ReportTestCase::isSuccessful);
        assertThat(s.getTestCases()).allMatch(c -> c.getFullClassName().equals("redeem"));
        assertThat(named(s, "run verdict").getTime()).isEqualTo(12.345f);
        assertThat(s.getTimeElapsed()).isEqualTo(12.345f);
    }

    @Test
    void failingRunMarksTheFailedThresholdReconciliationAndFiredRuleWithTheConsolesLine() throws Exception {
        String abort = RULES.abortRules().get(0).describe() + ": rate(5xx) was 9.1% over the last 60s (120 samples)";
        String reconciliation = "redeem reconciliation: 3 successful redeems not persisted as redeemed by their "
                + "station e.g. v-12";
        List<ThresholdVerdict> verdicts = List.of(verdict(0, 812, false), verdict(1, 0.2, true), verdict(2, 0, true));
        List<String> failures = new ArrayList<>(List.of(reconciliation, "aborted: " + abort));
        failures.add(RunJudge.thresholdFailure(verdicts));
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("reconciliation.redeem",
                section(false, "3 successful redeems not persisted as redeemed by their station e.g. v-12"));
        sections.put("reconciliation.preview", section(true));
        RunReport r = report(verdicts, sections, abort, failures, RunVerdict.ABORTED);
        Path file = write(r);
        validates(file);
        ReportTestSuite s = parsed(file);

        assertThat(s.getNumberOfTests()).isEqualTo(3 + 2 + 2 + 1);
        assertThat(s.getNumberOfFailures()).isEqualTo(4);
        ReportTestCase p95 = named(s, "threshold: redeem: p(95)<500ms");
        assertThat(p95.hasFailure()).isTrue();
        assertThat(p95.getFailureMessage()).isEqualTo(verdicts.get(0).line().trim())
                .isEqualTo("FAIL  redeem: p(95)<500ms  observed 812ms");
        assertThat(p95.getFailureType()).isEqualTo("threshold");
        assertThat(named(s, "threshold: redeem: errors<1%").isSuccessful()).isTrue();

        ReportTestCase fired = named(s, "abort rule: redeem: abort if rate(5xx)>5% over 60s");
        assertThat(fired.hasFailure()).isTrue();
        assertThat(fired.getFailureMessage()).isEqualTo("aborted: " + abort);
        assertThat(named(s, "abort rule: abort if p(95)>2000ms for 60s").isSuccessful()).isTrue();

        ReportTestCase rec = named(s, "reconciliation.redeem");
        assertThat(rec.hasFailure()).isTrue();
        assertThat(rec.getFailureMessage()).isEqualTo(reconciliation);
        assertThat(named(s, "reconciliation.preview").isSuccessful()).isTrue();

        ReportTestCase verdict = named(s, "run verdict");
        assertThat(verdict.hasFailure()).isTrue();
        assertThat(verdict.getFailureMessage()).startsWith("aborted (exit code 1): ").contains(reconciliation)
                .contains(abort).contains("1 of 3 thresholds failed");
    }

    @Test
    void reconciliationWithoutAConsoleLineQuotesItsProblems() throws Exception {
        RunReport r = report(List.of(verdict(0, 1, true), verdict(1, 0, true), verdict(2, 0, true)),
                Map.of("reconciliation.campaign", section(false, "2 of 10 targets were never acknowledged", "b")), null,
                List.of("something else"), RunVerdict.FAILED);
        ReportTestSuite s = parsed(write(r));
        assertThat(named(s, "reconciliation.campaign").getFailureMessage())
                .isEqualTo("reconciliation.campaign failed: 2 of 10 targets were never acknowledged; b");
    }

    @Test
    void refusedRunHasAFailedCasePerStartCheckAndSkipsWhatItNeverJudged() throws Exception {
        List<String> failures = List.of("SUPABASE_URL is not set: name the target with -Jsupabase.url",
                "the seed summary target/seed.json does not exist: run the seed tool first");
        RunReport r = report(List.of(), Map.of(), null, failures, RunVerdict.REFUSED);
        Path file = write(r);
        validates(file);
        ReportTestSuite s = parsed(file);

        assertThat(s.getNumberOfTests()).isEqualTo(3 + 2 + 2 + 1);
        assertThat(s.getNumberOfFailures()).isEqualTo(3);
        assertThat(s.getNumberOfSkipped()).isEqualTo(5);
        for (String f : failures) {
            ReportTestCase c = named(s, "start check: " + f);
            assertThat(c.hasFailure()).isTrue();
            assertThat(c.getFailureMessage()).isEqualTo(f);
        }
        assertThat(named(s, "threshold: redeem: p(95)<500ms").hasSkipped()).isTrue();
        assertThat(named(s, "abort rule: abort if p(95)>2000ms for 60s").hasSkipped()).isTrue();
        assertThat(named(s, "run verdict").getFailureMessage()).startsWith("refused (exit code 2): ");
    }

    @Test
    void propertiesNameProfileTargetsStartHostAndVerdictButNeverASecret() throws Exception {
        RunReport r = report(List.of(verdict(0, 1, true), verdict(1, 0, true), verdict(2, 0, true)), Map.of(), null,
                List.of("answer said apikey " + SECRET + "\u0001"), RunVerdict.FAILED);
        Path file = write(r);
        validates(file);
        String xml = Files.readString(file);
        assertThat(xml).doesNotContain(SECRET).contains("[redacted]")
                .contains("<property name=\"profile\" value=\"smoke\"")
                .contains("<property name=\"target.redeemUrl\" value=\"http://127.0.0.1:8080/station/redeem\"")
                .contains("<property name=\"start\" value=\"2025-01-02T03:04:05Z\"")
                .contains("<property name=\"host\" value=\"ci-agent-3\"")
                .contains("<property name=\"verdict\" value=\"failed\"").doesNotContain("\u0001");
    }
}
