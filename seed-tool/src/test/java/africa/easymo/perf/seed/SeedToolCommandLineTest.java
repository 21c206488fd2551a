package africa.easymo.perf.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage and configuration errors: no target needed (the unreachable one is a closed local port). */
class SeedToolCommandLineTest {
    private static final String KEY = "sb_secret_do_not_print_me_123456";

    private static ToolRun tool(Map<String, String> env, String... args) {
        return ToolRun.of(env, Clock.systemUTC(), args);
    }

    @Test
    void helpAndPlanTouchNothingAndExitZero(@TempDir Path dir) {
        ToolRun help = tool(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("seed", "verify", "teardown", "plan",
                "Exit codes: 0 ok, 1 failed run, 2 usage");
        Path out = dir.resolve("s.json");
        ToolRun plan = tool(Map.of(), "plan", "--bulk-targets", "25", "--out", out.toString());
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.out()).containsPattern("campaign_targets +37 rows").containsPattern("vouchers +1,520 rows")
                .contains("summary would be written to " + out);
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void missingVariablesAreNamed() {
        ToolRun noUrl = tool(Map.of("SUPABASE_SERVICE_ROLE_KEY", KEY), "seed");
        assertThat(noUrl.exitCode()).isEqualTo(2);
        assertThat(noUrl.err()).isEqualTo(
                "seed-tool: SUPABASE_URL is not set (the Supabase project URL, e.g. https://<ref>.supabase.co)\n");
        ToolRun noKey = tool(Map.of("SUPABASE_URL", "http://127.0.0.1:1"), "verify");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err())
                .isEqualTo("seed-tool: SUPABASE_SERVICE_ROLE_KEY is not set (the project's service-role key)\n");
        ToolRun blank = tool(Map.of("SUPABASE_URL", " ", "SUPABASE_SERVICE_ROLE_KEY", KEY), "teardown");
        assertThat(blank.err()).startsWith("seed-tool: SUPABASE_URL is not set");
        ToolRun bad = tool(Map.of("SUPABASE_URL", "ftp://x", "SUPABASE_SERVICE_ROLE_KEY", KEY), "seed");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("seed-tool: SUPABASE_URL is not an http(s) URL: ftp://x\n");
    }

    @Test
    void unreachableTargetIsOneLineNamingTheVariable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ToolRun r = tool(Map.of("SUPABASE_URL", "http://127.0.0.1:" + port, "SUPABASE_SERVICE_ROLE_KEY", KEY), "seed");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("seed-tool: SUPABASE_URL http://127.0.0.1:" + port + " is unreachable: cannot "
                + "connect to 127.0.0.1:" + port + ": Connection refused\n");
        assertThat(r.all()).doesNotContain(KEY);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(tool(Map.of()).exitCode()).isEqualTo(2);
        ToolRun unknown = tool(Map.of(), "seed", "--frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("seed-tool: Unknown option: '--frobnicate' (see seed-tool --help)\n");
        ToolRun range = tool(Map.of(), "plan", "--bulk-targets", "2000000");
        assertThat(range.exitCode()).isEqualTo(2);
        assertThat(range.err()).isEqualTo("seed-tool: --bulk-targets must be 0..1000000, was 2000000\n");
        assertThat(tool(Map.of(), "plan", "--batch-size", "0").err())
                .isEqualTo("seed-tool: --batch-size must be 1..5000, was 0\n");
    }
}
