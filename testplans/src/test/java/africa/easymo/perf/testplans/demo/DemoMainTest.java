package africa.easymo.perf.testplans.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
}
