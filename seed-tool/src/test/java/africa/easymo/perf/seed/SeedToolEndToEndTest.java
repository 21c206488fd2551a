package africa.easymo.perf.seed;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.lib.fixture.FixtureIds;
import africa.easymo.perf.lib.fixture.FixtureOptions;
import africa.easymo.perf.lib.fixture.FixturePlan;
import africa.easymo.perf.lib.summary.SeedSummary;
import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2's acceptance, end to end: the tool, in-process, against the sandbox over HTTP (embedded PostgreSQL behind
 * it), with the state checked in the database itself.
 */
class SeedToolEndToEndTest {
    /** Table, key for a stable order. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();
    /** Set by the database, not by the seed: differ between two databases that hold the same fixtures. */
    private static final Set<String> DB_SET_COLUMNS = Set.of("created_at", "updated_at", "email_confirmed_at");

    static {
        TABLES.put("auth.users", "id");
        TABLES.put("profiles", "user_id");
        TABLES.put("stations", "id");
        TABLES.put("station_numbers", "station_id, wa_e164");
        TABLES.put("campaigns", "id");
        TABLES.put("vouchers", "id");
        TABLES.put("voucher_events", "id");
        TABLES.put("campaign_targets", "id");
    }

    private static Sandbox sandbox;
    private static Map<String, String> env;
    private final Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).build());
        env = Map.of("SUPABASE_URL", sandbox.baseUrl().toString(), "SUPABASE_SERVICE_ROLE_KEY",
                sandbox.serviceRoleKey());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void emptyTheSandbox() throws Exception {
        sandbox.faults().clear();
        HttpResponse<String> r = HttpClient
                .newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__sandbox/reset?data=true"))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(counts().values()).allMatch(n -> n == 0);
    }

    private ToolRun tool(String... args) {
        return ToolRun.of(env, clock, args);
    }

    private Path summary() {
        return dir.resolve("fixtures/perf_seed_summary.json");
    }

    @Test
    void seedTwiceLeavesIdenticalTablesVerifyPassesAndTheSummaryRoundTrips() throws Exception {
        ToolRun first = tool("seed", "--out", summary().toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
        System.out.println("first seed (10,000 bulk targets):\n" + first.out());
        assertThat(first.out()).containsPattern("seeded 11,689 rows in \\d+\\.\\d\\d s");
        Map<String, Long> counts = counts();
        assertThat(counts).containsExactly(Map.entry("auth.users", 10L), Map.entry("profiles", 10L),
                Map.entry("stations", 50L), Map.entry("station_numbers", 50L), Map.entry("campaigns", 2L),
                Map.entry("vouchers", 1520L), Map.entry("voucher_events", 35L), Map.entry("campaign_targets", 10_012L));
        Map<String, List<Map<String, String>>> afterFirst = snapshot();

        ToolRun second = tool("seed", "--out", summary().toString());
        assertThat(second.exitCode()).as(second.all()).isZero();
        System.out.println("second seed:\n" + second.out());
        assertThat(counts()).isEqualTo(counts);
        assertThat(snapshot()).isEqualTo(afterFirst);

        ToolRun verify = tool("verify", "--out", summary().toString());
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.out()).contains("verify: all 11,689 fixture rows present and as seeded");

        SeedSummary s = SeedSummary.read(summary());
        SeedSummary expected = FixturePlan.of(FixtureOptions.defaults().withClock(clock)).toSummary();
        assertThat(s).isEqualTo(expected);
        assertThat(s.stationRedeemPayloads()).hasSize(50).allSatisfy(p -> assertThat(p.voucherIds()).hasSize(30));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        s.write(again);
        assertThat(SeedSummary.read(new ByteArrayInputStream(again.toByteArray()), "again.json")).isEqualTo(s);
        // Every id in the summary is a row the seed wrote.
        try (Connection c = sandbox.dataSource().getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("select count(*) from vouchers where status = 'issued' and station_scope = '"
                    + s.stationRedeemPayloads().get(7).stationId() + "' and id in ('"
                    + String.join("','", s.stationRedeemPayloads().get(7).voucherIds()) + "')");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(30);
        }
    }

    @Test
    void aSeedFailedHalfwayThenRunAgainEndsInTheSameState() throws Exception {
        assertThat(tool("seed", "--out", summary().toString()).exitCode()).isZero();
        Map<String, List<Map<String, String>>> uninterrupted = snapshot();
        emptyTheSandbox();

        // Let 8 target batches through, then fail every later one with a non-retryable 500.
        sandbox.faults().failAfter("/rest/v1/campaign_targets", 8, 500);
        Path other = dir.resolve("other.json");
        ToolRun failed = tool("seed", "--out", other.toString());
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        assertThat(failed.err()).startsWith("seed-tool: campaign_targets rows id=")
                .contains(" and following: HTTP 500");
        assertThat(failed.err().lines()).hasSize(1);
        assertThat(Files.exists(other)).as("no summary for a failed seed").isFalse();
        long partial = counts().get("campaign_targets");
        assertThat(partial).isBetween(1L, 10_011L);

        sandbox.faults().clear();
        ToolRun rerun = tool("seed", "--out", other.toString());
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(snapshot()).isEqualTo(uninterrupted);
    }

    @Test
    void anInterruptedSeedSaysSoAndARerunCompletesTheFixtureSet() throws Exception {
        // slow enough that the interrupt lands mid-seed
        sandbox.faults().delay("/rest/v1/campaign_targets", java.time.Duration.ofMillis(400));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SeedToolMain.class.getName(), "seed", "--out",
                summary().toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(false);
        Process p = pb.start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("seeding "));
            assertThat(line).as("the seed started").isNotNull();
            Thread.sleep(1500);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("ends on SIGINT").isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.exitValue()).isEqualTo(130);
            assertThat(err).contains("seed-tool: interrupted after ").contains("was not written")
                    .contains("run `seed-tool seed` again to complete the fixture set")
                    .doesNotContain(sandbox.serviceRoleKey());
            assertThat(summary()).doesNotExist();
        } finally {
            p.destroyForcibly();
        }
        sandbox.faults().clear();
        assertThat(tool("seed", "--out", summary().toString()).exitCode()).isZero();
        assertThat(tool("verify", "--out", summary().toString()).exitCode()).as("the rerun converged").isZero();
    }

    @Test
    void transientFaultsAreRetried() throws Exception {
        // A bounded burst, not a random share: at most 4 failures can never exhaust one batch's 6 attempts, and the
        // first writes always meet one, so the test cannot pass without a retry nor fail by bad luck.
        sandbox.faults().add(africa.easymo.perf.sandbox.faults.FaultRule.forPath("/rest/v1/vouchers").method("POST")
                .status(503).maxFailures(4).build());
        ToolRun r = tool("seed", "--bulk-targets", "100", "--batch-size", "100", "--out", summary().toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("retry: POST /rest/v1/vouchers: HTTP 503");
        assertThat(counts().get("vouchers")).isEqualTo(1520L);
    }

    @Test
    void teardownRemovesEveryFixtureAndNothingElse() throws Exception {
        assertThat(tool("seed", "--out", summary().toString()).exitCode()).isZero();
        String otherStation = "00000000-0000-4000-8000-000000000001";
        String otherCampaign = "00000000-0000-4000-8000-000000000002";
        try (Connection c = sandbox.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("insert into stations (id, engencode, name) values ('" + otherStation
                    + "', 'ENG-REAL-001', 'Real')");
            st.execute(
                    "insert into campaigns (id, name, type, template_id, metadata, payload, target_audience) values ('"
                            + otherCampaign + "', 'Real', 'promo', 't', '{}', '{}', '{}')");
            st.execute("insert into campaign_targets (campaign_id, msisdn, personalized_vars) values ('" + otherCampaign
                    + "', '+250788000000', '{}')");
            st.execute(
                    "insert into auth.users (id, email) values ('00000000-0000-4000-8000-000000000003', 'real@example.com')");
            // a non-fixture target on the fixture campaign with a fixture-like number is still not a fixture row
            st.execute("insert into campaign_targets (campaign_id, msisdn, personalized_vars) values ('"
                    + FixtureIds.draftCampaign() + "', '+250788000001', '{}')");
        }
        ToolRun down = tool("teardown", "--out", summary().toString());
        assertThat(down.exitCode()).as(down.all()).isZero();

        ToolRun verify = tool("verify", "--out", summary().toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        List<String> missing = verify.out().lines().filter(l -> l.startsWith("missing ")).toList();
        assertThat(missing).hasSize(11_689).contains("missing vouchers id=" + FixtureIds.fixtureVoucher(0),
                "missing station_numbers station_id=" + FixtureIds.station(0) + ",wa_e164=+250780900001",
                "missing auth.users id=" + FixtureIds.user("perf-admin"));
        assertThat(verify.out()).contains("verify: 11,689 missing, 0 differ (of 11,689 fixture rows)");

        Map<String, Long> left = counts();
        assertThat(left).containsEntry("stations", 1L).containsEntry("auth.users", 1L).containsEntry("vouchers", 0L)
                .containsEntry("profiles", 0L);
        // The draft campaign is a fixture: its non-fixture target went with it (on delete cascade); the real one stays.
        assertThat(left).containsEntry("campaigns", 1L).containsEntry("campaign_targets", 1L);
    }

    @Test
    void verifyListsRowsThatDiffer() throws Exception {
        assertThat(tool("seed", "--bulk-targets", "10", "--out", summary().toString()).exitCode()).isZero();
        try (Connection c = sandbox.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("update vouchers set status = 'redeemed', redeemed_at = now() where id = '"
                    + FixtureIds.redeemVoucher(0, 0) + "'");
            st.execute("update stations set name = 'Renamed' where id = '" + FixtureIds.station(3) + "'");
            st.execute("delete from campaign_targets where id = '" + FixtureIds.bulkTarget(9) + "'");
        }
        ToolRun verify = tool("verify", "--out", summary().toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("sizes from " + summary() + ": redeem pool 30 per station, 10 bulk targets")
                .contains("differs vouchers id=" + FixtureIds.redeemVoucher(0, 0)
                        + ": status is 'redeemed', expected 'issued'; redeemed_at is '")
                .contains("differs stations id=" + FixtureIds.station(3)
                        + ": name is 'Renamed', expected 'Perf Engen Station 04'")
                .contains("missing campaign_targets id=" + FixtureIds.bulkTarget(9))
                .contains("verify: 1 missing, 2 differ (of 1,699 fixture rows)");
    }

    @Test
    void aRowTheTargetRejectsIsNamedWithTableKeyCodeAndMessage() throws Exception {
        try (Connection c = sandbox.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(
                    "insert into stations (id, engencode, name) values ('00000000-0000-4000-8000-00000000000a', 'X', 'X')");
            st.execute(
                    "insert into vouchers (id, code5, amount, amount_minor, qr_payload, whatsapp_e164, policy_number) "
                            + "values ('00000000-0000-4000-8000-00000000000b', 'R010A', 1, 100, 'q', '+1', 'p')");
        }
        ToolRun r = tool("seed", "--out", summary().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("seed-tool: vouchers id=" + FixtureIds.redeemVoucher(1, 10) + ": HTTP 409 23505: "
                + "duplicate key value violates unique constraint \"vouchers_code5_key\" (Key (code5)=(R010A) already "
                + "exists.)\n");
    }

    @Test
    void wrongKeyIsOneLineAndTheKeyIsNeverPrinted() {
        String wrong = "sb_secret_wrong_key_never_printed_42";
        ToolRun r = ToolRun.of(Map.of("SUPABASE_URL", sandbox.baseUrl().toString(), "SUPABASE_SERVICE_ROLE_KEY", wrong),
                clock, "seed", "--out", summary().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("seed-tool: SUPABASE_SERVICE_ROLE_KEY was rejected by " + sandbox.baseUrl()
                + " (REST API): HTTP 401: Invalid API key\n");
        assertThat(r.all()).doesNotContain(wrong);
        assertThat(tool("seed", "--out", summary().toString()).all()).doesNotContain(sandbox.serviceRoleKey());
    }

    @Test
    void anOldFormatSummaryDoesNotChangeTheSizesVerified() throws Exception {
        Files.createDirectories(summary().getParent());
        Files.writeString(summary(), """
                {"generatedAt": "2025-01-14T09:30:12.345Z", "seedVersion": "perf-load-2025-01",
                 "voucherPreviewPayloads": [], "stationRedeemPayloads": [],
                 "campaignDispatch": {"campaignId": "%s", "batchReference": "perf-bulk", "bulkTargetMsisdns": []},
                 "curatedCampaignTargets": []}
                """.formatted(FixtureIds.runningCampaign()));
        assertThat(SeedSummary.read(summary()).isLegacyFormat()).isTrue();
        ToolRun v = tool("verify", "--out", summary().toString());
        assertThat(v.exitCode()).isEqualTo(1);
        assertThat(v.out()).contains("verify: 11,689 missing");
    }

    private static Map<String, Long> counts() throws Exception {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Connection c = sandbox.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String t : TABLES.keySet()) {
                ResultSet rs = st.executeQuery("select count(*) from " + t);
                rs.next();
                m.put(t, rs.getLong(1));
            }
        }
        return m;
    }

    /** Every row of every fixture table, minus the columns the database sets itself. */
    private static Map<String, List<Map<String, String>>> snapshot() throws Exception {
        Map<String, List<Map<String, String>>> out = new LinkedHashMap<>();
        try (Connection c = sandbox.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
                List<Map<String, String>> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("select * from " + t.getKey() + " order by " + t.getValue())) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            if (!DB_SET_COLUMNS.contains(md.getColumnName(i))) {
                                row.put(md.getColumnName(i), rs.getString(i));
                            }
                        }
                        rows.add(row);
                    }
                }
                out.put(t.getKey(), rows);
            }
        }
        return out;
    }
}
