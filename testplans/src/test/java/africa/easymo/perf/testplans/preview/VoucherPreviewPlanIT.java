package africa.easymo.perf.testplans.preview;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import africa.easymo.perf.sandbox.SandboxStats;
import africa.easymo.perf.sandbox.preview.PreviewJourney;
import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;
import africa.easymo.perf.testplans.harness.Jtl;
import africa.easymo.perf.testplans.harness.JtlSample;
import africa.easymo.perf.testplans.harness.SandboxFixture;

/**
 * Issue 4's acceptance: voucher-preview.jmx through the home's {@code bin/jmeter} against a seeded sandbox. Two runs
 * share one sandbox: the smoke profile (the whole staged shape in 60 s) with a healthy renderer, then a short run
 * (stages of 3 s) with every document fault switched on for a share of the previews, where exactly the damaged
 * documents must fail, each with the message of the check that caught it.
 */
class VoucherPreviewPlanIT {
    /** First-stage length of the fault run: 18 s in all, about 90 previews. */
    private static final int FAULT_STAGE_SECONDS = 3;
    private static final double FAULT_SHARE = 0.25;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SandboxFixture sandbox;
    private static VoucherPreviewPlan plan;
    private static JMeterResult smoke;
    private static Jtl smokeJtl;
    private static long smokeConnections;
    private static long smokeRequests;
    private static Map<String, Long> smokePreviewStats;
    private static JMeterResult faults;
    private static Jtl faultJtl;
    private static Map<String, Long> faultPreviewStats;

    @BeforeAll
    static void run() {
        plan = VoucherPreviewPlan.load();
        sandbox = SandboxFixture.start();
        PreviewJourney preview = PreviewJourney.of(sandbox.sandbox().context());
        SandboxStats stats = sandbox.sandbox().stats();

        preview.faults().clear();
        preview.stats().reset();
        stats.reset();
        smoke = JMeterRun.plan(plan.file()).env(sandbox.env()).property("perf.profile", "smoke")
                .outputDir(JMeterHome.buildDir().resolve("it-runs/voucher-preview-smoke")).htmlReport(true)
                .timeout(Duration.ofMinutes(4)).run();
        smokeConnections = stats.connections();
        smokeRequests = stats.requests();
        smokePreviewStats = preview.stats().asMap();
        smokeJtl = smoke.jtl();

        preview.stats().reset();
        preview.faults().corruptPng(FAULT_SHARE).foreignQr(FAULT_SHARE).truncatedPdf(FAULT_SHARE);
        try {
            faults = JMeterRun.plan(plan.file()).env(sandbox.env())
                    .property("preview.stage.seconds", Integer.toString(FAULT_STAGE_SECONDS))
                    .outputDir(JMeterHome.buildDir().resolve("it-runs/voucher-preview-faults"))
                    .timeout(Duration.ofMinutes(3)).run();
        } finally {
            preview.faults().clear();
        }
        faultPreviewStats = preview.stats().asMap();
        faultJtl = faults.jtl();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    // ---- smoke run: healthy renderer ----

    @Test
    void smokeRunPassesWithItsDashboard() {
        assertThat(smoke.exitCode()).as(smoke.describe()).isZero();
        assertThat(smoke.logErrors()).as(smoke.describe()).isEmpty();
        assertThat(smoke.hasReport()).as("HTML dashboard in " + smoke.reportDir()).isTrue();
    }

    @Test
    void noPreviewFailsAndEveryPreviewHasBothDocumentsChecked() {
        List<JtlSample> previews = smokeJtl.withLabel(plan.previewLabel());
        List<JtlSample> images = smokeJtl.withLabel(plan.imageLabel());
        List<JtlSample> pdfs = smokeJtl.withLabel(plan.pdfLabel());
        assertThat(previews).as("previews in the JTL").hasSizeGreaterThan(250);
        assertThat(previews).allSatisfy(p -> assertThat(p.success()).as(p.failureMessage()).isTrue());
        assertThat(images).hasSameSizeAs(previews).allSatisfy(s -> {
            assertThat(s.success()).as(s.failureMessage()).isTrue();
            assertThat(s.url()).contains("/documents/vouchers/").endsWith("/card.png");
        });
        assertThat(pdfs).hasSameSizeAs(previews).allSatisfy(s -> {
            assertThat(s.success()).as(s.failureMessage()).isTrue();
            assertThat(s.url()).endsWith("/card.pdf");
        });
        assertThat(smokePreviewStats.get("previews")).as("previews the sandbox answered").isEqualTo(previews.size());
        assertThat(smokePreviewStats.get("repeatedIdempotencyKeys")).as("idempotency keys sent twice").isZero();
    }

    @Test
    void runEvidenceCountsEveryValidatedDocument() throws IOException {
        JsonNode summary = evidence(smoke);
        long previews = smokeJtl.withLabel(plan.previewLabel()).size();
        JsonNode rec = summary.path("reconciliation").path("reconciliation.preview");
        assertThat(rec.path("previewsAccepted").asLong()).isEqualTo(previews);
        assertThat(rec.path("documentsValidated").asLong()).isEqualTo(2 * previews);
        assertThat(rec.path("documentsInvalid").asLong()).isZero();
        assertThat(rec.path("everyPreviewValidated").asBoolean()).isTrue();
        assertThat(rec.path("passed").asBoolean()).isTrue();
        assertThat(rec.path("validationCpuMillisPerPreview").asDouble()).as("validation CPU per preview (ms)")
                .isPositive();
        assertThat(summary.path("counters").path("preview.documents_validated").asLong()).isEqualTo(2 * previews);
        assertThat(summary.path("counters").path("preview.documents_invalid").asLong()).isZero();
        System.out.println("voucher preview smoke: " + previews + " previews, validation CPU "
                + rec.path("validationCpuMillisPerPreview").asDouble() + " ms/preview, sandbox connections "
                + smokeConnections + " for " + smokeRequests + " requests");
    }

    @Test
    void arrivalsFollowTheStagedSchedule() {
        List<JtlSample> arrivals = smokeJtl.withLabel(plan.previewLabel());
        long t0 = arrivals.stream().mapToLong(JtlSample::timeStamp).min().orElseThrow();
        double[] ends = VoucherPreviewPlan.stageEnds(VoucherPreviewPlan.SMOKE_STAGE_SECONDS);
        double[] expected = VoucherPreviewPlan.expectedArrivals(VoucherPreviewPlan.SMOKE_STAGE_SECONDS);
        long[] actual = new long[ends.length];
        for (JtlSample s : arrivals) {
            double t = (s.timeStamp() - t0) / 1000.0;
            int stage = 0;
            while (stage < ends.length - 1 && t >= ends[stage]) {
                stage++;
            }
            actual[stage]++;
        }
        String report = "arrivals per stage " + Arrays.toString(actual) + ", schedule "
                + Arrays.toString(Arrays.stream(expected).map(e -> Math.round(e * 10) / 10.0).toArray());
        System.out.println("voucher preview smoke: " + report);
        double total = Arrays.stream(expected).sum();
        assertThat((double) arrivals.size()).as(report).isBetween(total * 0.98, total * 1.02);
        for (int i = 0; i < ends.length; i++) {
            // A smoke stage holds 17 to 150 arrivals, so 2 % is under three arrivals; the thread group steps at the
            // rate of the moment (one arrival at each stage edge, about one more on a steep ramp) and a sample
            // starting a few ms late can cross an edge. At full scale (100 to 900 per stage) 2 % decides.
            double tolerance = Math.max(expected[i] * 0.02, 3);
            assertThat((double) actual[i]).as("stage %d: %s", i + 1, report).isBetween(expected[i] - tolerance,
                    expected[i] + tolerance);
        }
        assertThat(Jtl.startSpanMillis(arrivals) / 1000.0).as("arrivals span the 60 s shape").isBetween(55.0, 61.0);
    }

    @Test
    void connectionsAreKeptAlive() {
        assertThat(smokeRequests).as("requests the sandbox saw").isGreaterThan(750);
        assertThat(smokeConnections).as("new TCP connections for %d requests", smokeRequests).isPositive()
                .isLessThanOrEqualTo(smokeRequests / 10);
    }

    @Test
    void previewMeetsItsSlo() {
        List<JtlSample> previews = smokeJtl.withLabel(plan.previewLabel());
        assertThat(Jtl.percentileOf(previews, 95)).as("p95 (ms)").isLessThanOrEqualTo(VoucherPreviewPlan.SLO_P95_MS);
        assertThat(previews.stream().mapToLong(JtlSample::elapsed).average().orElseThrow()).as("avg (ms)")
                .isLessThan(VoucherPreviewPlan.SLO_AVG_MS);
    }

    @Test
    void noSecretInAnythingTheRunsWrote() {
        var scan = sandbox.secretScan();
        assertThat(scan.findings(smoke.outputDir())).as("secrets under " + smoke.outputDir()).isEmpty();
        assertThat(scan.findings(faults.outputDir())).as("secrets under " + faults.outputDir()).isEmpty();
        assertThat(smoke.console()).doesNotContain(sandbox.sandbox().config().bridgeSharedSecret());
    }

    // ---- fault run: damaged documents ----

    @Test
    void everyDamagedImageFailsWithTheCheckThatCaughtItAndNoOtherImageFails() {
        List<JtlSample> images = faultJtl.withLabel(plan.imageLabel());
        assertThat(images).hasSizeGreaterThan(50);
        long corrupt = 0;
        long foreign = 0;
        for (JtlSample s : images) {
            String file = s.url().substring(s.url().lastIndexOf('/') + 1);
            switch (file) {
            case "card-corrupt.png", "card-foreign-qr-corrupt.png" -> {
                corrupt++;
                assertThat(s.success()).as(file).isFalse();
                assertThat(s.failureMessage()).startsWith("image.png failed for voucher ").contains("damaged");
            }
            case "card-foreign-qr.png" -> {
                foreign++;
                assertThat(s.success()).as(file).isFalse();
                assertThat(s.failureMessage()).startsWith("image.qr failed for voucher ")
                        .contains("the QR code carries");
            }
            case "card.png" -> assertThat(s.success()).as(s.failureMessage()).isTrue();
            default -> throw new AssertionError("unexpected image " + s.url());
            }
        }
        assertThat(corrupt).as("corrupt images").isEqualTo(faultPreviewStats.get("corruptPng")).isPositive();
        assertThat(foreign).as("foreign-QR images (not also corrupt)").isPositive();
    }

    @Test
    void everyTruncatedPdfFailsWithTheCheckThatCaughtItAndNoOtherPdfFails() {
        List<JtlSample> pdfs = faultJtl.withLabel(plan.pdfLabel());
        long truncated = 0;
        for (JtlSample s : pdfs) {
            if (s.url().endsWith("/card-truncated.pdf")) {
                truncated++;
                assertThat(s.success()).isFalse();
                assertThat(s.failureMessage()).startsWith("pdf.structure failed for voucher ").contains("truncated");
            } else {
                assertThat(s.url()).endsWith("/card.pdf");
                assertThat(s.success()).as(s.failureMessage()).isTrue();
            }
        }
        assertThat(truncated).as("truncated PDFs").isEqualTo(faultPreviewStats.get("truncatedPdf")).isPositive();
    }

    @Test
    void exactlyThePreviewsWithADamagedDocumentFailAndNothingElse() {
        List<JtlSample> previews = faultJtl.withLabel(plan.previewLabel());
        List<JtlSample> failed = previews.stream().filter(s -> !s.success()).toList();
        assertThat(failed).hasSize(faultPreviewStats.get("damagedPreviews").intValue());
        assertThat(failed).allSatisfy(s -> assertThat(s.failureMessage().split("; "))
                .allSatisfy(m -> assertThat(m).matches("(image\\.png|image\\.qr|pdf\\.structure) failed for voucher "
                        + "[A-Z0-9]{5} \\([0-9a-f-]{36}\\): .+")));
        assertThat(previews.size() - failed.size()).as("previews with intact documents, all passing").isPositive();
        Map<String, Long> otherFailures = faultJtl.filter(
                s -> !s.success() && !s.is(plan.previewLabel()) && !s.is(plan.imageLabel()) && !s.is(plan.pdfLabel()))
                .stream().collect(Collectors.groupingBy(JtlSample::label, Collectors.counting()));
        assertThat(otherFailures).as("failures under other labels").isEmpty();
    }

    @Test
    void faultRunFailsAndItsEvidenceNamesTheChecks() throws IOException {
        assertThat(faults.exitCode()).as(faults.describe()).isNotZero();
        JsonNode rec = evidence(faults).path("reconciliation").path("reconciliation.preview");
        long invalidImages = faultJtl.withLabel(plan.imageLabel()).stream().filter(s -> !s.success()).count();
        long invalidPdfs = faultJtl.withLabel(plan.pdfLabel()).stream().filter(s -> !s.success()).count();
        assertThat(rec.path("documentsInvalid").asLong()).isEqualTo(invalidImages + invalidPdfs);
        assertThat(rec.path("invalidByCheck").path("pdf.structure").asLong()).isEqualTo(invalidPdfs);
        assertThat(rec.path("invalidByCheck").path("image.png").asLong()
                + rec.path("invalidByCheck").path("image.qr").asLong()).isEqualTo(invalidImages);
        assertThat(rec.path("everyPreviewValidated").asBoolean()).isTrue();
        assertThat(rec.path("passed").asBoolean()).isFalse();
    }

    private static JsonNode evidence(JMeterResult run) throws IOException {
        Path file = run.outputDir().resolve("evidence/summary.json");
        assertThat(file).as("run summary of " + run.outputDir()).isRegularFile();
        return JSON.readTree(file.toFile());
    }
}
