package africa.easymo.perf.testplans.demo;

import africa.easymo.perf.evidence.rules.LabelSelector;
import africa.easymo.perf.evidence.stats.LabelSnapshot;
import africa.easymo.perf.evidence.stats.LabelStats;
import africa.easymo.perf.evidence.RunReport;
import africa.easymo.perf.evidence.stats.RunStats;
import africa.easymo.perf.evidence.RunSummaryWriter;
import africa.easymo.perf.evidence.stats.SampleObservation;
import africa.easymo.perf.evidence.rules.SloRules;
import africa.easymo.perf.evidence.stats.StatsView;
import africa.easymo.perf.evidence.rules.ThresholdEvaluator;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import africa.easymo.perf.run.RunVerdict;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index page, from summaries the real writer wrote, checked as text and as a browser renders it. */
class EvidenceIndexTest {

    @TempDir
    Path root;

    private Path summaryOf(String plan, String thresholds, boolean slow, String abortReason) throws IOException {
        Path run = Files.createDirectories(root.resolve("runs/" + plan + "-20261125-101500"));
        Files.createDirectories(run.resolve("dashboard"));
        Files.writeString(run.resolve("dashboard/index.html"), "<html><body>dashboard of " + plan + "</body></html>");
        Files.writeString(run.resolve(plan + ".jtl"), "timeStamp,elapsed\n");
        Files.writeString(run.resolve("live-dashboard.html"),
                "<html><body>live dashboard of " + plan + "</body></html>");
        Files.writeString(run.resolve(plan + "-supabase-metrics.csv"), "timestamp,epoch_ms,cpu_busy_pct\n");
        LabelStats stats = new LabelStats(plan);
        for (int i = 0; i < 100; i++) {
            stats.record(new SampleObservation(plan, slow ? 900 + i : 100 + i, true, "200", 1000, 2000));
        }
        RunStats view = new RunStats(List.of(), n -> java.util.OptionalLong.of(0));
        List<ThresholdVerdict> verdicts = ThresholdEvaluator.evaluate(SloRules.parse(thresholds, "").thresholds(),
                new StatsView() {
                    @Override
                    public LabelSnapshot select(LabelSelector s) {
                        return stats.snapshot();
                    }

                    @Override
                    public java.util.OptionalLong counter(String name) {
                        return java.util.OptionalLong.of(0);
                    }
                });
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("runFolder", run);
        files.put("jtl", run.resolve(plan + ".jtl"));
        files.put("dashboard", run.resolve("dashboard/index.html"));
        files.put("liveDashboard", run.resolve("live-dashboard.html"));
        files.put("metricsCsv", run.resolve(plan + "-supabase-metrics.csv"));
        files.put("summary", run.resolve(plan + "-summary.json"));
        RunReport report = new RunReport(plan, "testplans/" + plan + ".jmx", "smoke", Map.of(), "v1", null,
                Instant.parse("2026-11-25T10:15:00Z"), Instant.parse("2026-11-25T10:16:00Z"), abortReason, verdicts,
                List.of(stats.snapshot()), view.total(), Map.of("reconciliation." + plan, Map.of("ok", true)),
                Map.of(plan + ".double_spend_accepted", 0L), null, files, List.of(), List.of(),
                abortReason != null ? RunVerdict.ABORTED
                        : verdicts.stream().allMatch(ThresholdVerdict::passed) ? RunVerdict.PASSED : RunVerdict.FAILED,
                null, List.of());
        Path published = root.resolve(plan + "-summary.json");
        RunSummaryWriter.write(RunSummaryWriter.toJson(report), run.resolve(plan + "-summary.json"));
        RunSummaryWriter.write(RunSummaryWriter.toJson(report), published);
        return published;
    }

    private boolean writeIndex() throws IOException {
        List<EvidenceIndex.PlanEntry> plans = new ArrayList<>();
        plans.add(new EvidenceIndex.PlanEntry("redeem",
                summaryOf("redeem", "redeem: p(95)<500, errors<1%", false, null)));
        plans.add(new EvidenceIndex.PlanEntry("voucher-preview",
                summaryOf("voucher-preview", "voucher-preview: p(95)<500", true, null)));
        plans.add(new EvidenceIndex.PlanEntry("campaign-bulk-send", summaryOf("campaign-bulk-send",
                "campaign-bulk-send: p(95)<2000", false, "abort if rate(429)>5% over 60s: rate(429) was 9% <b>")));
        Files.writeString(root.resolve("campaign-responses.log"), "{}\n");
        return EvidenceIndex.write(root, "easyMO load test evidence", plans,
                List.of(new EvidenceIndex.Link("Campaign response audit log", root.resolve("campaign-responses.log")),
                        new EvidenceIndex.Link("Sandbox log", root.resolve("sandbox.log"))));
    }

    @Test
    void verdictsFirstThenRelativeLinksToEveryPlansEvidence() throws IOException {
        assertThat(writeIndex()).as("one plan failed, one aborted").isFalse();
        String html = Files.readString(root.resolve("index.html"));
        assertThat(html.indexOf("Overall: FAILED")).isPositive().isLessThan(html.indexOf("id=\"plan-redeem\""));
        assertThat(html).contains(
                "<tr id=\"verdict-redeem\"><td class=\"plan\">redeem</td><td><span class=\"verdict passed\">PASSED</span>")
                .contains("<span class=\"verdict failed\">FAILED</span>")
                .contains("<span class=\"verdict aborted\">ABORTED</span>")
                .contains("href=\"runs/redeem-20261125-101500/dashboard/index.html\"")
                .contains("href=\"runs/redeem-20261125-101500/redeem-summary.json\"")
                .contains(
                        "<a class=\"liveDashboard\" href=\"runs/redeem-20261125-101500/live-dashboard.html\">live dashboard</a>")
                .contains("href=\"campaign-responses.log\"").contains("Sandbox log: <span class=\"absent\">not written")
                .contains("rate(429) was 9% &lt;b&gt;").doesNotContain("9% <b>");
    }

    @Test
    void missingSummaryIsAFailedVerdictNotAnError() throws IOException {
        boolean ok = EvidenceIndex.write(root, "t",
                List.of(new EvidenceIndex.PlanEntry("redeem", root.resolve("redeem-summary.json"))), List.of());
        assertThat(ok).isFalse();
        assertThat(Files.readString(root.resolve("index.html"))).contains("MISSING", "did not run to its end");
    }

    @Test
    void headlessChromiumRendersTheVerdictsAndLinks() throws Exception {
        String chromium = chromium();
        assumeTrue(chromium != null,
                "chromium is not installed (apt-get install chromium); the browser check is skipped");
        writeIndex();
        Path target = Paths.get(System.getProperty("basedir", ".")).resolve("target/evidence-index");
        Files.createDirectories(target);
        Path screenshot = target.resolve("index.png");
        Files.deleteIfExists(screenshot);
        Path profile = Files.createTempDirectory("chromium-profile");
        String url = root.resolve("index.html").toUri().toString();

        run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--screenshot=" + screenshot, "--window-size=1280,900", url));
        assertThat(screenshot).isRegularFile();
        assertThat(Files.size(screenshot)).isGreaterThan(5_000);

        String dom = run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--dump-dom", url));
        Matcher verdicts = Pattern
                .compile("<tr id=\"verdict-([a-z-]+)\">.*?<span class=\"verdict [a-z]+\">([A-Z]+)</span>").matcher(dom);
        Map<String, String> seen = new LinkedHashMap<>();
        while (verdicts.find()) {
            seen.put(verdicts.group(1), verdicts.group(2));
        }
        assertThat(seen).containsExactly(Map.entry("redeem", "PASSED"), Map.entry("voucher-preview", "FAILED"),
                Map.entry("campaign-bulk-send", "ABORTED"));
        Matcher links = Pattern.compile("<a class=\"dashboard\" href=\"([^\"]+)\"").matcher(dom);
        int n = 0;
        while (links.find()) {
            assertThat(root.resolve(links.group(1))).as("link target").isRegularFile();
            n++;
        }
        assertThat(n).isEqualTo(3);
    }

    private static String chromium() {
        for (String name : new String[] { "chromium", "chromium-browser", "google-chrome" }) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Paths.get(dir, name))) {
                    return Paths.get(dir, name).toString();
                }
            }
        }
        return null;
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + command);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
