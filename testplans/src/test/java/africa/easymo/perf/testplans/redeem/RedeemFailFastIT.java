package africa.easymo.perf.testplans.redeem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;
import africa.easymo.perf.testplans.harness.SandboxFixture;

/**
 * Bad input stops redeem.jmx before any sample: one clear line naming the cause on the console and in jmeter.log, and a
 * non-zero exit code from non-GUI jmeter. One seeded sandbox for all cases; none of them may consume it.
 */
class RedeemFailFastIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static SandboxFixture sandbox;
    private static RedeemPlan plan;

    @BeforeAll
    static void start() {
        plan = RedeemPlan.load();
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void missingSummaryStopsTheRun() {
        Path missing = sandbox.workDir().resolve("no-such-summary.json");
        JMeterResult run = run("missing-summary",
                JMeterRun.plan(plan.file()).env(sandbox.env()).env("PERF_SUMMARY_PATH", missing.toString()));
        assertStoppedBeforeAnySample(run, "no-such-summary.json");
    }

    @Test
    void summaryWithoutRedeemPayloadsStopsTheRun() {
        Path noPayloads = sandbox.summaryVariant("summary-without-redeem.json", s -> {
            s.putArray("stationRedeemPayloads");
            return s;
        });
        JMeterResult run = run("no-redeem-payloads",
                JMeterRun.plan(plan.file()).env(sandbox.env()).env("PERF_SUMMARY_PATH", noPayloads.toString()));
        assertStoppedBeforeAnySample(run, "stationRedeemPayloads");
    }

    @Test
    void unsetRedeemUrlStopsTheRun() {
        JMeterResult run = run("no-redeem-url", JMeterRun.plan(plan.file()).env(sandbox.env())
                .withoutEnv("PERF_STATION_REDEEM_URL").withoutEnv("PERF_APP_BASE_URL"));
        assertStoppedBeforeAnySample(run, "PERF_STATION_REDEEM_URL");
    }

    @Test
    void targetThatRefusesConnectionsStopsTheRun() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        JMeterResult run = run("refused", JMeterRun.plan(plan.file()).env(sandbox.env()).env("PERF_STATION_REDEEM_URL",
                "http://127.0.0.1:" + closedPort + "/redeem"));
        assertStoppedBeforeAnySample(run, "127.0.0.1:" + closedPort);
    }

    @Test
    void rejectedServiceRoleKeyStopsTheRunNamingTheVariable() {
        JMeterResult run = run("wrong-key", JMeterRun.plan(plan.file()).env(sandbox.env())
                .env("SUPABASE_SERVICE_ROLE_KEY", "sb_secret_not_this_projects_key_000000"));
        assertStoppedBeforeAnySample(run, "SUPABASE_SERVICE_ROLE_KEY");
        assertThat(run.console()).doesNotContain("sb_secret_not_this_projects_key_000000");
        assertThat(run.exitCode()).as("a refused start").isEqualTo(2);
    }

    private static JMeterResult run(String name, JMeterRun run) {
        return run.property("perf.profile", "smoke")
                .outputDir(JMeterHome.buildDir().resolve("it-runs/redeem-fail-fast/" + name)).timeout(TIMEOUT).run();
    }

    private static void assertStoppedBeforeAnySample(JMeterResult run, String cause) {
        assertThat(run.timedOut()).as(run.describe()).isFalse();
        assertThat(run.exitCode()).as("non-zero exit\n" + run.describe()).isNotZero();
        assertThat(run.jtl().samples()).as("no sample was sent\n" + run.describe()).isEmpty();
        assertThat(run.console()).as("no stack trace on the console").doesNotContain("\tat ");
        assertThat(run.jmeterLog()).as("jmeter.log names the cause").contains(cause);
        assertThat(sandbox.secretScan().findings(run.outputDir())).as("secrets in " + run.outputDir()).isEmpty();
        assertThat(run.console()).doesNotContain(sandbox.sandbox().serviceRoleKey());
        assertThat(redeemedPoolVouchers()).as("vouchers redeemed by a run that should not have started").isZero();
        List<String> consoleLines = run.console().lines().filter(l -> l.contains(cause)).toList();
        assertThat(consoleLines).as("one clear line on the console naming " + cause + "\n" + run.describe()).hasSize(1);
    }

    private static long redeemedPoolVouchers() {
        List<String> pool = new ArrayList<>();
        sandbox.summaryJson().path("stationRedeemPayloads")
                .forEach(st -> st.path("voucherIds").forEach(v -> pool.add(v.asText())));
        try (Connection c = sandbox.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from public.vouchers " + "where id = any(?::uuid[]) and status <> 'issued'")) {
            ps.setArray(1, c.createArrayOf("text", pool.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
