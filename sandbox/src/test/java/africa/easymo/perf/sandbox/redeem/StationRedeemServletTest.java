package africa.easymo.perf.sandbox.redeem;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StationRedeemServletTest {
    static Sandbox sandbox;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();
    static final AtomicLong codes = new AtomicLong(System.nanoTime() % 20_000_000L);
    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).build());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static String station() throws Exception {
        String id = UUID.randomUUID().toString();
        try (Connection c = sandbox.dataSource().getConnection(); PreparedStatement ps = c
                .prepareStatement("insert into public.stations (id, engencode, name) values (?::uuid, ?, 'S')")) {
            ps.setString(1, id);
            ps.setString(2, "ENG-" + id);
            ps.executeUpdate();
        }
        return id;
    }

    static String[] voucher(String station, String status, String expiresIn) throws Exception {
        String id = UUID.randomUUID().toString();
        long n = codes.getAndIncrement();
        char[] c5 = new char[5];
        for (int i = 4; i >= 0; i--) {
            c5[i] = ALPHABET.charAt((int) (n % 32));
            n /= 32;
        }
        String code = new String(c5);
        try (Connection c = sandbox.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into public.vouchers (id, code5, status, amount, amount_minor, station_scope, qr_payload, "
                        + "whatsapp_e164, policy_number, expires_at) values (?::uuid, ?, ?, 2500.50, 250050, "
                        + "?::uuid, 'qr', '+250780000001', 'P', now() + ?::interval)")) {
            ps.setString(1, id);
            ps.setString(2, code);
            ps.setString(3, status);
            ps.setString(4, station);
            ps.setString(5, expiresIn);
            ps.executeUpdate();
        }
        return new String[] { id, code };
    }

    static HttpResponse<String> post(String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/redeem"))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String body(String voucher, String station) {
        return "{\"voucherId\":\"" + voucher + "\",\"stationId\":\"" + station
                + "\",\"operator\":{\"msisdn\":\"+250788000001\",\"displayName\":\"Op\",\"userId\":\""
                + UUID.randomUUID() + "\"}}";
    }

    static JsonNode parse(HttpResponse<String> r) throws Exception {
        return json.readTree(r.body());
    }

    @Test
    void redeemsOnceThenAnswersAlreadyRedeemed() throws Exception {
        String st = station();
        String v = voucher(st, "issued", "30 days")[0];
        HttpResponse<String> ok = post(body(v, st), "Bearer pst_abc");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode b = parse(ok);
        assertThat(b.path("status").asText()).isEqualTo("redeemed");
        assertThat(b.path("voucherId").asText()).isEqualTo(v);
        assertThat(b.path("amount").decimalValue()).isEqualByComparingTo("2500.50");
        assertThat(b.path("currency").asText()).isEqualTo("RWF");
        assertThat(b.path("redeemedAt").asText()).endsWith("Z");
        assertThat(b.path("reference").asText()).startsWith("RDM-");

        HttpResponse<String> again = post(body(v, st), "Bearer pst_abc");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(parse(again).path("status").asText()).isEqualTo("already_redeemed");
        assertThat(parse(again).path("retryable").asBoolean(true)).isFalse();

        try (Connection c = sandbox.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "select v.status, v.redeemed_by_station_id::text, v.redeemed_at is not null, (select count(*) from "
                        + "public.voucher_events e where e.voucher_id = v.id and e.event_type = 'redeemed') "
                        + "from public.vouchers v where v.id = ?::uuid")) {
            ps.setString(1, v);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("redeemed");
                assertThat(rs.getString(2)).isEqualTo(st);
                assertThat(rs.getBoolean(3)).isTrue();
                assertThat(rs.getInt(4)).isEqualTo(1);
            }
        }
    }

    @Test
    void acceptsTheStationAppsCodeBody() throws Exception {
        String st = station();
        String[] v = voucher(st, "issued", "30 days");
        HttpResponse<String> ok = post("{\"voucherCode\":\"" + v[1].toLowerCase() + "\",\"method\":\"qr\"}",
                "Bearer t");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(parse(ok).path("voucherId").asText()).isEqualTo(v[0]);
        assertThat(parse(ok).path("stationId").asText()).isEqualTo(st);
    }

    @Test
    void answersEachRefusalAsTheContractSays() throws Exception {
        String st = station();
        String other = station();
        assertThat(post(body(UUID.randomUUID().toString(), st), "Bearer t").statusCode()).isEqualTo(404);
        HttpResponse<String> wrong = post(body(voucher(st, "issued", "30 days")[0], other), "Bearer t");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(parse(wrong).path("status").asText()).isEqualTo("invalid_station");
        HttpResponse<String> expired = post(body(voucher(st, "issued", "-1 hours")[0], st), "Bearer t");
        assertThat(expired.statusCode()).isEqualTo(409);
        assertThat(parse(expired).path("status").asText()).isEqualTo("expired");
        HttpResponse<String> expiredStatus = post(body(voucher(st, "expired", "-1 days")[0], st), "Bearer t");
        assertThat(parse(expiredStatus).path("status").asText()).isEqualTo("expired");
        HttpResponse<String> voided = post(body(voucher(st, "void", "30 days")[0], st), "Bearer t");
        assertThat(voided.statusCode()).isEqualTo(409);
        assertThat(parse(voided).path("status").asText()).isEqualTo("void");
        String v = voucher(st, "issued", "30 days")[0];
        assertThat(post(body(v, st), null).statusCode()).isEqualTo(401);
        assertThat(post(body(v, st), "Bearer").statusCode()).isEqualTo(401);
        assertThat(post(body(v, st), "Basic abc").statusCode()).isEqualTo(401);
        assertThat(post("{\"voucherId\":\"nope\"}", "Bearer t").statusCode()).isEqualTo(400);
        assertThat(post("not json", "Bearer t").statusCode()).isEqualTo(400);
        assertThat(post("{}", "Bearer t").statusCode()).isEqualTo(400);
        // none of the refusals touched the voucher
        assertThat(post(body(v, st), "Bearer t").statusCode()).isEqualTo(200);
    }
}
