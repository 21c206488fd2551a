package africa.easymo.perf.sandbox.rest;

import static africa.easymo.perf.sandbox.Rows.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.sandbox.Rows;
import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;
import africa.easymo.perf.sandbox.SandboxHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RestUpsertTest {
    private static final String MERGE = "resolution=merge-duplicates";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        http = new SandboxHttp(sandbox);
        assertThat(http.post("/rest/v1/stations", "[" + Rows.station(uuid(1), "ENG-T-001") + "]").statusCode())
                .isEqualTo(201);
        assertThat(http.post("/rest/v1/campaigns", Rows.campaign(uuid(900))).statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void insertAnswers201WithAnEmptyBodyByDefault() {
        HttpResponse<String> r = http.post("/rest/v1/stations", "[" + Rows.station(uuid(10), "ENG-T-010") + "]");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEmpty();
        assertThat(sql("select name from stations where id = '" + uuid(10) + "'")).isEqualTo("Station ENG-T-010");
    }

    @Test
    void mergeUpsertAnswers201WhenAnyRowIsNewAnd200WhenNoneIs() {
        String a = Rows.station(uuid(20), "ENG-T-020");
        String b = Rows.station(uuid(21), "ENG-T-021");
        assertThat(http.post("/rest/v1/stations?on_conflict=id", "[" + a + "]", "Prefer", MERGE).statusCode())
                .isEqualTo(201);
        assertThat(http.post("/rest/v1/stations?on_conflict=id", "[" + a + "," + b + "]", "Prefer", MERGE).statusCode())
                .isEqualTo(201);
        HttpResponse<String> again = http.post("/rest/v1/stations?on_conflict=id", "[" + a + "," + b + "]", "Prefer",
                MERGE);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEmpty();
        assertThat(sql("select count(*) from stations where id in ('" + uuid(20) + "','" + uuid(21) + "')"))
                .isEqualTo("2");
    }

    @Test
    void mergeUpdatesEverySentColumnAndLeavesOthers() throws Exception {
        http.post("/rest/v1/stations", Rows.station(uuid(30), "ENG-T-030"));
        HttpResponse<String> r = http.post("/rest/v1/stations?on_conflict=engencode",
                "[{\"id\":\"" + uuid(30) + "\",\"engencode\":\"ENG-T-030\",\"name\":\"Renamed\"}]", "Prefer",
                MERGE + ",return=representation");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Preference-Applied"))
                .hasValue("resolution=merge-duplicates, return=representation");
        JsonNode rows = JSON.readTree(r.body());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("name").asText()).isEqualTo("Renamed");
        assertThat(rows.get(0).get("city").asText()).isEqualTo("Kigali");
        assertThat(rows.get(0).get("metadata").isObject()).isTrue();
    }

    @Test
    void representationHonoursSelect() throws Exception {
        HttpResponse<String> r = http.post("/rest/v1/stations?select=id,code:engencode",
                Rows.station(uuid(31), "ENG-T-031"), "Prefer", "return=representation");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(r.body()).get(0).toString())
                .isEqualTo("{\"id\":\"" + uuid(31) + "\",\"code\":\"ENG-T-031\"}");
    }

    @Test
    void ignoreDuplicatesKeepsTheStoredRow() {
        http.post("/rest/v1/stations", Rows.station(uuid(40), "ENG-T-040"));
        HttpResponse<String> r = http.post("/rest/v1/stations",
                "{\"id\":\"" + uuid(40) + "\",\"engencode\":\"ENG-T-040\",\"name\":\"Other\"}", "Prefer",
                "resolution=ignore-duplicates");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sql("select name from stations where id = '" + uuid(40) + "'")).isEqualTo("Station ENG-T-040");
    }

    @Test
    void duplicateWithoutResolutionIsAPlain409() throws Exception {
        http.post("/rest/v1/stations", Rows.station(uuid(50), "ENG-T-050"));
        HttpResponse<String> r = http.post("/rest/v1/stations", Rows.station(uuid(51), "ENG-T-050"));
        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("code").asText()).isEqualTo("23505");
        assertThat(e.get("message").asText()).contains("stations_engencode_key");
        assertThat(e.get("details").asText()).isEqualTo("Key (engencode)=(ENG-T-050) already exists.");
        assertThat(e.has("hint")).isTrue();
        assertThat(e.get("hint").isNull()).isTrue();
    }

    @Test
    void onConflictWithoutAUniqueConstraintIs42P10() throws Exception {
        HttpResponse<String> r = http.post("/rest/v1/stations?on_conflict=city", Rows.station(uuid(60), "ENG-T-060"),
                "Prefer", MERGE);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("42P10");
    }

    @Test
    void unknownTableIs404PGRST205() throws Exception {
        HttpResponse<String> r = http.post("/rest/v1/nope", "{}");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("code").asText()).isEqualTo("PGRST205");
        assertThat(e.get("message").asText()).isEqualTo("Could not find the table 'public.nope' in the schema cache");
        assertThat(http.get("/rest/v1/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void rowsWithDifferentKeysWithoutColumnsArePGRST102() throws Exception {
        HttpResponse<String> r = http.post("/rest/v1/stations", "[{\"id\":\"" + uuid(70)
                + "\",\"engencode\":\"E70\",\"name\":\"a\"},{\"id\":\"" + uuid(71) + "\",\"engencode\":\"E71\"}]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("PGRST102");
        assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("All object keys must match");
        HttpResponse<String> bad = http.post("/rest/v1/stations", "[{\"id\":");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("code").asText()).isEqualTo("PGRST102");
    }

    @Test
    void unknownColumnIsPGRST204() throws Exception {
        HttpResponse<String> r = http.post("/rest/v1/stations",
                "{\"id\":\"" + uuid(80) + "\",\"engencode\":\"E80\",\"name\":\"a\",\"colour\":\"red\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("code").asText()).isEqualTo("PGRST204");
        assertThat(e.get("message").asText())
                .isEqualTo("Could not find the 'colour' column of 'stations' in the schema cache");
        HttpResponse<String> viaColumns = http.post("/rest/v1/stations?columns=id,colour", "{}");
        assertThat(viaColumns.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(viaColumns.body()).get("code").asText()).isEqualTo("PGRST204");
    }

    @Test
    void columnsParameterAllowsRaggedRowsAndMissingDefaultFillsDefaults() throws Exception {
        String rows = "[{\"id\":\"" + uuid(90) + "\",\"engencode\":\"E90\",\"name\":\"a\",\"status\":\"inactive\","
                + "\"ignored\":1},{\"id\":\"" + uuid(91) + "\",\"engencode\":\"E91\",\"name\":\"b\"}]";
        // Without missing=default an absent key is NULL, which the NOT NULL status refuses.
        HttpResponse<String> nulls = http
                .post("/rest/v1/stations?columns=%22id%22,%22engencode%22,%22name%22,%22status%22", rows);
        assertThat(nulls.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(nulls.body()).get("code").asText()).isEqualTo("23502");
        HttpResponse<String> r = http.post("/rest/v1/stations?columns=%22id%22,%22engencode%22,%22name%22,%22status%22",
                rows, "Prefer", "missing=default,return=representation");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode out = JSON.readTree(r.body());
        assertThat(out.get(0).get("status").asText()).isEqualTo("inactive");
        assertThat(out.get(1).get("status").asText()).isEqualTo("active");
    }

    @Test
    void countExactOnInsertReportsTheRowsWritten() {
        HttpResponse<String> r = http.post("/rest/v1/stations",
                "[" + Rows.station(uuid(100), "E100") + "," + Rows.station(uuid(101), "E101") + "]", "Prefer",
                "count=exact");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("*/2");
    }

    @Test
    void voucherCodeIsUpperCasedThenChecked() throws Exception {
        HttpResponse<String> ok = http.post("/rest/v1/vouchers", Rows.voucher(uuid(200), "ab12c", uuid(1)));
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(sql("select code5 from vouchers where id = '" + uuid(200) + "'")).isEqualTo("AB12C");
        assertThat(sql("select amount::text from vouchers where id = '" + uuid(200) + "'")).isEqualTo("1500.50");
        for (String bad : new String[] { "AB12", "AB12CD", "AB-12" }) {
            HttpResponse<String> r = http.post("/rest/v1/vouchers", Rows.voucher(uuid(201), bad, uuid(1)));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            JsonNode e = JSON.readTree(r.body());
            assertThat(e.get("code").asText()).isEqualTo("23514");
            assertThat(e.get("message").asText()).contains("vouchers_code5_check");
        }
    }

    @Test
    void voucherStatusCheckAndNotNullAreEnforced() throws Exception {
        HttpResponse<String> status = http.post("/rest/v1/vouchers",
                Rows.voucher(uuid(210), "ST001", uuid(1)).replace("\"issued\"", "\"lost\""));
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(status.body()).get("code").asText()).isEqualTo("23514");
        HttpResponse<String> missing = http.post("/rest/v1/vouchers", Rows.voucher(uuid(211), "ST002", uuid(1))
                .replace("\"qr_payload\":\"EASYMO:ST002\"", "\"qr_payload\":null"));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("23502");
    }

    @Test
    void jsonNullInANotNullJsonbColumnIsRefused() throws Exception {
        HttpResponse<String> r = http.post("/rest/v1/campaigns",
                Rows.campaign(uuid(230)).replace("\"metadata\":{}", "\"metadata\":null"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("23502");
    }

    @Test
    void foreignKeyViolationIs409With23503() throws Exception {
        HttpResponse<String> r = http.post("/rest/v1/vouchers", Rows.voucher(uuid(220), "FK001", uuid(99999)));
        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("code").asText()).isEqualTo("23503");
        assertThat(e.get("message").asText()).contains("vouchers_station_scope_fkey");
    }

    @Test
    void badEwktIsRefusedWith23514() throws Exception {
        String[] bad = { "POINT(30 -1)", "SRID=4326;POINT(200 -1)", "SRID=4326;POINT(30 -91)", "SRID=3857;POINT(1 2)",
                "kigali" };
        int n = 300;
        for (String point : bad) {
            String row = Rows.station(uuid(n), "EW" + n).replace("SRID=4326;POINT(30.0619 -1.9441)", point);
            HttpResponse<String> r = http.post("/rest/v1/stations", row);
            assertThat(r.statusCode()).as(point).isEqualTo(400);
            JsonNode e = JSON.readTree(r.body());
            assertThat(e.get("code").asText()).isEqualTo("23514");
            assertThat(e.get("message").asText()).contains("stations_location_point_check");
            n++;
        }
        assertThat(http.post("/rest/v1/stations",
                Rows.station(uuid(n), "EW" + n).replace("SRID=4326;POINT(30.0619 -1.9441)", "SRID=4326;POINT(-180 90)"))
                .statusCode()).isEqualTo(201);
    }

    @Test
    void invalidValueForTheColumnTypeIs400() throws Exception {
        HttpResponse<String> r = http.post("/rest/v1/stations", Rows.station("not-a-uuid", "E400"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("22P02");
    }

    @Test
    void oneBadRowRollsBackTheWholeRequest() {
        HttpResponse<String> r = http.post("/rest/v1/stations", "[" + Rows.station(uuid(500), "E500") + ","
                + Rows.station(uuid(501), "E501").replace("SRID=4326;POINT(30.0619 -1.9441)", "nowhere") + "]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(sql("select count(*) from stations where id = '" + uuid(500) + "'")).isEqualTo("0");
    }

    @Test
    void uniqueCampaignAndMsisdnIsTheUpsertKeyForTargets() throws Exception {
        String t1 = Rows.target(uuid(600), uuid(900), "+250780000600");
        assertThat(http.post("/rest/v1/campaign_targets", t1).statusCode()).isEqualTo(201);
        HttpResponse<String> dup = http.post("/rest/v1/campaign_targets",
                Rows.target(uuid(601), uuid(900), "+250780000600"));
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(dup.body()).get("message").asText())
                .contains("campaign_targets_campaign_id_msisdn_key");
        HttpResponse<String> merged = http.post("/rest/v1/campaign_targets?on_conflict=campaign_id,msisdn",
                t1.replace("\"queued\"", "\"sent\""), "Prefer", MERGE);
        assertThat(merged.statusCode()).isEqualTo(200);
        assertThat(sql("select status from campaign_targets where id = '" + uuid(600) + "'")).isEqualTo("sent");
    }

    @Test
    void bulkUpsertOfTenThousandTargetsIsOneStatementPerRequest() {
        String campaign = uuid(901);
        assertThat(http.post("/rest/v1/campaigns", Rows.campaign(campaign)).statusCode()).isEqualTo(201);
        List<String> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = b * 2500; i < (b + 1) * 2500; i++) {
                sb.append(i % 2500 == 0 ? "" : ",").append(Rows.target(
                        String.format("10000000-0000-4000-8000-%012d", i), campaign, String.format("+25078%07d", i)));
            }
            batches.add(sb.append(']').toString());
        }
        long t0 = System.nanoTime();
        for (String batch : batches) {
            assertThat(http.post("/rest/v1/campaign_targets?on_conflict=campaign_id,msisdn", batch, "Prefer", MERGE)
                    .statusCode()).isEqualTo(201);
        }
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        for (String batch : batches) {
            assertThat(http.post("/rest/v1/campaign_targets?on_conflict=campaign_id,msisdn", batch, "Prefer", MERGE)
                    .statusCode()).isEqualTo(200);
        }
        long againMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(
                "10,000 campaign_targets upserted in 4 requests: " + firstMs + " ms; re-upserted: " + againMs + " ms");
        assertThat(sql("select count(*) from campaign_targets where campaign_id = '" + campaign + "'"))
                .isEqualTo("10000");
    }

    @Test
    void anonKeyMayReadButNotWrite() throws Exception {
        SandboxHttp anon = new SandboxHttp(sandbox.baseUrl(), sandbox.anonKey());
        assertThat(anon.get("/rest/v1/stations?limit=1").statusCode()).isEqualTo(200);
        HttpResponse<String> r = anon.post("/rest/v1/stations", Rows.station(uuid(700), "E700"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("42501");
    }

    static String sql(String query) {
        try (Connection c = sandbox.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
