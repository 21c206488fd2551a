package africa.easymo.perf.testplans.redeem;

import static org.assertj.core.api.Assertions.assertThat;

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

import com.fasterxml.jackson.databind.JsonNode;

import africa.easymo.perf.testplans.harness.JMeterHome;
import africa.easymo.perf.testplans.harness.JMeterResult;
import africa.easymo.perf.testplans.harness.JMeterRun;
import africa.easymo.perf.testplans.harness.Jtl;
import africa.easymo.perf.testplans.harness.JtlSample;
import africa.easymo.perf.testplans.harness.SandboxFixture;

/**
 * Issue 3's acceptance run: redeem.jmx at smoke scale, on the real JMeter engine through the home's {@code bin/jmeter},
 * against a seeded sandbox; then the database, the JTL and everything the run wrote are checked. One run, shared by the
 * checks below.
 */
class RedeemSmokeIT {
    private static SandboxFixture sandbox;
    private static RedeemPlan plan;
    private static JMeterResult run;
    private static Jtl jtl;

    @BeforeAll
    static void runSmoke() {
        plan = RedeemPlan.load();
        sandbox = SandboxFixture.start();
        run = JMeterRun.plan(plan.file()).env(sandbox.env()).property("perf.profile", "smoke")
                .outputDir(JMeterHome.buildDir().resolve("it-runs/redeem-smoke")).htmlReport(true)
                .timeout(Duration.ofMinutes(4)).run();
        jtl = run.jtl();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void runPassesAndWritesItsDashboard() {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.logErrors()).as(run.describe()).isEmpty();
        assertThat(run.hasReport()).as("HTML dashboard in " + run.reportDir()).isTrue();
    }

    @Test
    void everySuccessfulRedeemIsPersistedAndNoVoucherIsSpentTwice() throws SQLException {
        List<JtlSample> redeems = jtl.withLabel(plan.redeemLabel());
        long accepted = redeems.stream().filter(s -> s.responseCode().equals("200") || s.responseCode().equals("201"))
                .count();
        long succeeded = redeems.stream().filter(JtlSample::success).count();
        assertThat(succeeded).as("successful redeems").isPositive();
        assertThat(redeems.size() - succeeded).as("failed redeems (error budget 1 %)")
                .isLessThanOrEqualTo(redeems.size() / 100);

        List<String> pool = poolVoucherIds();
        try (Connection c = sandbox.dataSource().getConnection()) {
            long redeemedInDb = count(c, "select count(*) from public.vouchers where id = any(?::uuid[]) "
                    + "and status = 'redeemed' and redeemed_by_station_id is not null", pool);
            long redeemEvents = count(c, "select count(*) from public.voucher_events where voucher_id = any(?::uuid[]) "
                    + "and event_type = 'redeemed'", pool);
            long spentTwice = count(c,
                    "select count(*) from (select voucher_id from public.voucher_events "
                            + "where voucher_id = any(?::uuid[]) and event_type = 'redeemed' group by voucher_id "
                            + "having count(*) > 1) twice",
                    pool);
            assertThat(redeemedInDb).as("pool vouchers redeemed in the database = redeems the sandbox accepted")
                    .isEqualTo(accepted);
            assertThat(redeemedInDb).as("every successful redeem persisted").isGreaterThanOrEqualTo(succeeded);
            assertThat(redeemEvents).as("one redeemed event per redeemed voucher").isEqualTo(redeemedInDb);
            assertThat(spentTwice).as("vouchers redeemed twice").isZero();
        }
    }

    @Test
    void everyDoubleRedeemProbeIsRejected() {
        List<JtlSample> probes = jtl.withLabel(plan.probeLabel());
        assertThat(probes).as("probes under '" + plan.probeLabel() + "'").isNotEmpty();
        assertThat(probes).allSatisfy(p -> {
            assertThat(p.responseCode()).as(p.failureMessage()).isEqualTo("409");
            assertThat(p.success()).as(p.failureMessage()).isTrue();
        });
    }

    @Test
    void readBackConfirmsEveryRedeem() {
        assertThat(plan.readbackLabel()).as("redeem.jmx has a read-back sampler").isNotNull();
        List<JtlSample> readbacks = jtl.withLabel(plan.readbackLabel());
        long succeeded = jtl.withLabel(plan.redeemLabel()).stream().filter(JtlSample::success).count();
        assertThat(succeeded).as("successful redeems").isPositive();
        assertThat(readbacks).hasSizeGreaterThanOrEqualTo((int) succeeded);
        assertThat(readbacks).allSatisfy(r -> assertThat(r.success()).as(r.failureMessage()).isTrue());
    }

    @Test
    void arrivalRateIsWithinOnePercentOfTheTarget() {
        // An arrival is one redeem or one probe; read-backs follow a redeem and are not arrivals.
        List<JtlSample> arrivals = jtl.filter(s -> s.is(plan.redeemLabel()) || s.is(plan.probeLabel()));
        double expected = RedeemPlan.TARGET_PER_MINUTE * RedeemPlan.SMOKE_MINUTES;
        assertThat((double) arrivals.size()).as("arrivals in the JTL, target " + expected).isBetween(expected * 0.99,
                expected * 1.01);
        // The arrivals are spread over the minute, not bunched: the span of their start times covers it.
        double spanMinutes = Jtl.startSpanMillis(arrivals) / 60_000.0;
        assertThat(spanMinutes).isBetween(RedeemPlan.SMOKE_MINUTES * 0.95, RedeemPlan.SMOKE_MINUTES * 1.02);
    }

    @Test
    void redeemP95IsUnderTheSlo() {
        long p95 = jtl.percentile(plan.redeemLabel(), 95);
        assertThat(p95).as("redeem p95 (ms)").isBetween(0L, RedeemPlan.SLO_P95_MS - 1);
    }

    @Test
    void noSecretInAnythingTheRunWrote() {
        var scan = sandbox.secretScan();
        assertThat(scan.size()).as("secrets to look for (key, bridge secret, station tokens)").isGreaterThan(2);
        assertThat(scan.findings(run.outputDir())).as("secrets found under " + run.outputDir()).isEmpty();
        assertThat(run.console()).doesNotContain(sandbox.sandbox().serviceRoleKey());
    }

    private static List<String> poolVoucherIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode station : sandbox.summaryJson().path("stationRedeemPayloads")) {
            station.path("voucherIds").forEach(v -> ids.add(v.asText()));
        }
        assertThat(ids).as("redeem pool in the summary").isNotEmpty();
        return ids;
    }

    private static long count(Connection c, String sql, List<String> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
