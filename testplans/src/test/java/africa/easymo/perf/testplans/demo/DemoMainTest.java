package africa.easymo.perf.testplans.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import africa.easymo.perf.sandbox.SandboxConfig;
import africa.easymo.perf.testplans.harness.SandboxLauncher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's choice of target, without running any plan. */
class DemoMainTest {

    @TempDir
    Path repo;

    @Test
    void aRealTargetWithoutItsEndpointsIsRefusedNamingTheMissingVariables() throws Exception {
        Files.createDirectories(repo.resolve(".perf"));
        Files.writeString(repo.resolve(".perf/redeem-summary.json"), "{\"status\":\"passed\"}");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = DemoMain.run(repo, Map.of("SUPABASE_URL", "https://example.invalid", "PERF_STATION_REDEEM_URL",
                    "https://example.invalid/redeem"));
        } finally {
            System.setErr(err);
        }
        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains(
                "SUPABASE_SERVICE_ROLE_KEY, PERF_CAMPAIGN_DISPATCH_URL, PERF_APP_BASE_URL (or PERF_VOUCHER_PREVIEW_URL) are not set")
                .contains("unset SUPABASE_URL to run against the local sandbox");
        // A summary an earlier run published never stands in for this run's.
        assertThat(repo.resolve(".perf/redeem-summary.json")).doesNotExist();
    }

    /**
     * The campaign plan's smoke profile paces 12,000 targets/min against a dispatcher whose throttle it assumes raised;
     * the sandbox's default (600/min) answered half the demo's batches with 429 and failed the run.
     */
    @Test
    void theDemoAndTheMavenSmokeRunStartTheSandboxTheCampaignSmokeProfileAssumes() throws Exception {
        Path plan = Files.isRegularFile(Path.of("campaign-bulk-send.jmx")) ? Path.of("campaign-bulk-send.jmx")
                : Path.of("testplans/campaign-bulk-send.jmx");
        String jmx = Files.readString(plan);
        long smokeRate = propertyDefault(jmx, "perf.campaign.smoke.rate");
        long smokeMaxPerMinute = propertyDefault(jmx, "perf.campaign.smoke.maxPerMinute");
        for (SandboxConfig c : new SandboxConfig[] { DemoMain.sandboxForSmoke().configuration(),
                SandboxLauncher.fixtureFor(repo).configuration() }) {
            int throttle = c.campaign().targetsPerMinute();
            assertThat(throttle == 0 || throttle >= Math.max(smokeRate, smokeMaxPerMinute))
                    .as("dispatcher throttle %d vs smoke pace %d/min (plan limit %d)", throttle, smokeRate,
                            smokeMaxPerMinute)
                    .isTrue();
            int waba = c.campaign().wabaMessagesPerMinute();
            assertThat(waba == 0 || waba >= smokeRate).as("WABA per-number limit %d", waba).isTrue();
            assertThat(c.campaign().wabaThrottleShare()).isZero();
            assertThat(c.campaign().lostAckShare()).isZero();
        }
    }

    private static long propertyDefault(String jmx, String property) {
        Matcher m = Pattern.compile(Pattern.quote("${__P(" + property + ",") + "(\\d+)\\)").matcher(jmx);
        assertThat(m.find()).as(property + " in the plan").isTrue();
        return Long.parseLong(m.group(1));
    }
}
