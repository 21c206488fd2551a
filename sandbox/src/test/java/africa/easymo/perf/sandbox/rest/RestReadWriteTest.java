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
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RestReadWriteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAMPAIGN = uuid(1);
    private static final String OTHER_CAMPAIGN = uuid(2);
    private static Sandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        http = new SandboxHttp(sandbox);
        assertThat(http
                .post("/rest/v1/campaigns", "[" + Rows.campaign(CAMPAIGN) + "," + Rows.campaign(OTHER_CAMPAIGN) + "]")
                .statusCode()).isEqualTo(201);
        // 1,200 targets on CAMPAIGN (more than one capped page), 5 on OTHER_CAMPAIGN.
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 1200; i++) {
            String status = i < 10 ? "sent" : i < 13 ? "failed" : "queued";
            sb.append(i == 0 ? "" : ",").append(Rows.target(uuid(10_000 + i), CAMPAIGN, String.format("+25078%07d", i))
                    .replace("\"queued\"", "\"" + status + "\""));
        }
        for (int i = 0; i < 5; i++) {
            sb.append(',').append(Rows.target(uuid(20_000 + i), OTHER_CAMPAIGN, String.format("+25079%07d", i)));
        }
        assertThat(http.post("/rest/v1/campaign_targets", sb.append(']').toString()).statusCode()).isEqualTo(201);
        assertThat(http.post("/rest/v1/stations", "[" + Rows.station(uuid(3), "ENG-R-1") + "]").statusCode())
                .isEqualTo(201);
        assertThat(http.post("/rest/v1/vouchers",
                "[" + Rows.voucher(uuid(4), "RD001", uuid(3)) + "," + Rows.voucher(uuid(5), "RD002", null) + "]")
                .statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void selectAndEqFilterReturnTypedJson() throws Exception {
        HttpResponse<String> r = http.get("/rest/v1/vouchers?select=id,code5,amount,station_scope&id=eq." + uuid(4));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.headers().firstValue("Content-Range")).hasValue("0-0/*");
        JsonNode row = JSON.readTree(r.body()).get(0);
        assertThat(row.get("code5").asText()).isEqualTo("RD001");
        assertThat(row.get("amount").isNumber()).isTrue();
        assertThat(row.get("amount").decimalValue()).isEqualByComparingTo("1500.50");
        assertThat(row.size()).isEqualTo(4);
    }

    @Test
    void inFilterTakesQuotedValues() throws Exception {
        String url = "/rest/v1/campaign_targets?select=msisdn&msisdn=in.(%22%2B250780000001%22,%2B250780000002,"
                + "%22nope,x%22)&order=msisdn.asc";
        JsonNode rows = JSON.readTree(http.get(url).body());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("msisdn").asText()).isEqualTo("+250780000001");
        JsonNode ids = JSON
                .readTree(http.get("/rest/v1/vouchers?select=id&id=in.(" + uuid(4) + "," + uuid(5) + ")").body());
        assertThat(ids).hasSize(2);
        assertThat(JSON.readTree(http.get("/rest/v1/vouchers?id=in.()").body())).isEmpty();
    }

    @Test
    void comparisonAndIsFilters() throws Exception {
        assertThat(JSON.readTree(http.get("/rest/v1/vouchers?station_scope=is.null").body())).hasSize(1);
        assertThat(JSON.readTree(http.get("/rest/v1/vouchers?station_scope=not.is.null").body())).hasSize(1);
        assertThat(JSON.readTree(http.get("/rest/v1/vouchers?code5=neq.RD001&select=code5").body()).get(0).get("code5")
                .asText()).isEqualTo("RD002");
        assertThat(JSON.readTree(http.get("/rest/v1/vouchers?amount=gt.1500&amount=lte.1500.50").body())).hasSize(2);
        assertThat(JSON.readTree(http.get("/rest/v1/vouchers?amount=lt.1500.50").body())).isEmpty();
        assertThat(JSON.readTree(http.get("/rest/v1/vouchers?amount=gte.1500.50").body())).hasSize(2);
        assertThat(JSON.readTree(
                http.get("/rest/v1/vouchers?expires_at=is.null&created_at=lt.%222100-01-01T00:00:00Z%22").body()))
                        .hasSize(2);
        assertThat(JSON
                .readTree(http.get("/rest/v1/campaign_targets?personalized_vars-%3E%3Ename=eq.Perf&limit=3").body()))
                        .hasSize(3);
    }

    @Test
    void unknownFilterColumnAndBadOperatorAre400() throws Exception {
        HttpResponse<String> col = http.get("/rest/v1/vouchers?colour=eq.red");
        assertThat(col.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(col.body()).get("code").asText()).isEqualTo("42703");
        HttpResponse<String> op = http.get("/rest/v1/vouchers?code5=like");
        assertThat(op.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(op.body()).get("code").asText()).isEqualTo("PGRST100");
        HttpResponse<String> value = http.get("/rest/v1/vouchers?id=eq.not-a-uuid");
        assertThat(value.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(value.body()).get("code").asText()).isEqualTo("22P02");
    }

    @Test
    void orderLimitAndOffset() throws Exception {
        JsonNode rows = JSON.readTree(http.get("/rest/v1/campaign_targets?select=msisdn&campaign_id=eq." + CAMPAIGN
                + "&order=msisdn.desc&limit=3&offset=1").body());
        List<String> msisdns = new ArrayList<>();
        rows.forEach(r -> msisdns.add(r.get("msisdn").asText()));
        assertThat(msisdns).containsExactly("+250780001198", "+250780001197", "+250780001196");
        JsonNode byStatus = JSON.readTree(http.get("/rest/v1/campaign_targets?select=status&campaign_id=eq." + CAMPAIGN
                + "&order=status.asc,msisdn.desc.nullslast&limit=1").body());
        assertThat(byStatus.get(0).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void countExactFillsContentRangeAnd206WhenPartial() {
        HttpResponse<String> r = http.get(
                "/rest/v1/campaign_targets?select=id&campaign_id=eq." + CAMPAIGN + "&limit=25", "Prefer",
                "count=exact");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("0-24/1200");
        HttpResponse<String> all = http.get("/rest/v1/campaign_targets?campaign_id=eq." + OTHER_CAMPAIGN, "Prefer",
                "count=exact");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Range")).hasValue("0-4/5");
        HttpResponse<String> none = http.get("/rest/v1/campaign_targets?msisdn=eq.none", "Prefer", "count=exact");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.headers().firstValue("Content-Range")).hasValue("*/0");
        assertThat(none.body()).isEqualTo("[]");
    }

    @Test
    void rangeHeaderSelectsAWindow() throws Exception {
        HttpResponse<String> r = http.get(
                "/rest/v1/campaign_targets?select=msisdn&campaign_id=eq." + CAMPAIGN + "&order=msisdn.asc", "Range",
                "10-19", "Range-Unit", "items", "Prefer", "count=exact");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("10-19/1200");
        JsonNode rows = JSON.readTree(r.body());
        assertThat(rows).hasSize(10);
        assertThat(rows.get(0).get("msisdn").asText()).isEqualTo("+250780000010");
    }

    @Test
    void readsAreCappedAtAThousandRows() throws Exception {
        HttpResponse<String> r = http.get("/rest/v1/campaign_targets?select=id&campaign_id=eq." + CAMPAIGN, "Prefer",
                "count=exact");
        assertThat(JSON.readTree(r.body())).hasSize(1000);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("0-999/1200");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(JSON.readTree(http.get("/rest/v1/campaign_targets?select=id&limit=5000").body())).hasSize(1000);
    }

    @Test
    void headIsGetWithoutABody() {
        HttpResponse<String> r = http.head("/rest/v1/campaign_targets?campaign_id=eq." + CAMPAIGN, "Prefer",
                "count=exact");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("0-999/1200");
        assertThat(r.body()).isEmpty();
        HttpResponse<String> plain = http.head("/rest/v1/campaign_targets?campaign_id=eq." + OTHER_CAMPAIGN);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Range")).hasValue("0-4/*");
    }

    @Test
    void singularObjectAcceptHeader() throws Exception {
        HttpResponse<String> one = http.get("/rest/v1/vouchers?select=code5&id=eq." + uuid(4), "Accept",
                "application/vnd.pgrst.object+json");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(one.body()).get("code5").asText()).isEqualTo("RD001");
        HttpResponse<String> many = http.get("/rest/v1/vouchers", "Accept", "application/vnd.pgrst.object+json");
        assertThat(many.statusCode()).isEqualTo(406);
        assertThat(JSON.readTree(many.body()).get("code").asText()).isEqualTo("PGRST116");
    }

    @Test
    void patchWithFiltersAnswers204OrTheRows() throws Exception {
        String id = uuid(4_000);
        assertThat(http.post("/rest/v1/campaign_targets", Rows.target(id, CAMPAIGN, "+250782222222")).statusCode())
                .isEqualTo(201);
        HttpResponse<String> minimal = http.patch("/rest/v1/campaign_targets?id=eq." + id,
                "{\"status\":\"delivered\",\"message_id\":\"wamid.1\"}");
        assertThat(minimal.statusCode()).isEqualTo(204);
        assertThat(minimal.body()).isEmpty();
        HttpResponse<String> repr = http.patch("/rest/v1/campaign_targets?id=eq." + id + "&select=status,message_id",
                "{\"status\":\"read\"}", "Prefer", "return=representation");
        assertThat(repr.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(repr.body()).get(0).toString())
                .isEqualTo("{\"status\":\"read\",\"message_id\":\"wamid.1\"}");
        HttpResponse<String> check = http.patch("/rest/v1/campaign_targets?id=eq." + id, "{\"status\":\"lost\"}");
        assertThat(check.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(check.body()).get("code").asText()).isEqualTo("23514");
        HttpResponse<String> unknown = http.patch("/rest/v1/campaign_targets?id=eq." + id, "{\"colour\":\"red\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("code").asText()).isEqualTo("PGRST204");
        HttpResponse<String> noFilter = http.patch("/rest/v1/campaign_targets", "{\"status\":\"sent\"}");
        assertThat(noFilter.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noFilter.body()).get("code").asText()).isEqualTo("21000");
        HttpResponse<String> none = http.patch("/rest/v1/campaign_targets?id=eq." + uuid(1), "{\"status\":\"sent\"}",
                "Prefer", "return=representation");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("[]");
    }

    @Test
    void deleteWithFiltersAndWithout() throws Exception {
        HttpResponse<String> refused = http.delete("/rest/v1/campaign_targets");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode e = JSON.readTree(refused.body());
        assertThat(e.get("code").asText()).isEqualTo("21000");
        assertThat(e.get("message").asText()).isEqualTo("DELETE requires a WHERE clause");

        assertThat(http.post("/rest/v1/campaign_targets",
                "[" + Rows.target(uuid(5_001), CAMPAIGN, "+250783333331") + ","
                        + Rows.target(uuid(5_002), CAMPAIGN, "+250783333332") + ","
                        + Rows.target(uuid(5_003), CAMPAIGN, "+250783333333") + "]")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> one = http.delete("/rest/v1/campaign_targets?id=eq." + uuid(5_001));
        assertThat(one.statusCode()).isEqualTo(204);
        HttpResponse<String> repr = http.delete(
                "/rest/v1/campaign_targets?id=in.(" + uuid(5_002) + "," + uuid(5_003) + ")&select=id", "Prefer",
                "return=representation,count=exact");
        assertThat(repr.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(repr.body())).hasSize(2);
        assertThat(repr.headers().firstValue("Content-Range")).hasValue("0-1/2");
        assertThat(http.get("/rest/v1/campaign_targets?id=eq." + uuid(5_002)).body()).isEqualTo("[]");
    }

    @Test
    void deletingACampaignCascadesToItsTargets() {
        String c = uuid(3_000);
        assertThat(http.post("/rest/v1/campaigns", Rows.campaign(c)).statusCode()).isEqualTo(201);
        assertThat(http.post("/rest/v1/campaign_targets", Rows.target(uuid(3_001), c, "+250781111111")).statusCode())
                .isEqualTo(201);
        assertThat(http.delete("/rest/v1/campaigns?id=eq." + c).statusCode()).isEqualTo(204);
        assertThat(http.get("/rest/v1/campaign_targets?campaign_id=eq." + c).body()).isEqualTo("[]");
    }

    @Test
    void embeddingAndLogicOperatorsAreRefusedClearly() throws Exception {
        HttpResponse<String> embed = http.get("/rest/v1/vouchers?select=id,stations(name)");
        assertThat(embed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(embed.body()).get("code").asText()).isEqualTo("PGRST100");
        HttpResponse<String> or = http.get("/rest/v1/vouchers?or=(code5.eq.RD001,code5.eq.RD002)");
        assertThat(or.statusCode()).isEqualTo(400);
    }
}
