package africa.easymo.perf.sandbox.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;
import africa.easymo.perf.sandbox.SandboxHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        http = new SandboxHttp(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void clear() {
        sandbox.faults().clear();
    }

    @Test
    void failAfterNLetsNThroughThenFailsOnlyItsPrefix() throws Exception {
        FaultRule rule = sandbox.faults().failAfter("/rest/v1/stations", 2, 503);
        assertThat(http.get("/rest/v1/stations").statusCode()).isEqualTo(200);
        assertThat(http.get("/rest/v1/stations").statusCode()).isEqualTo(200);
        HttpResponse<String> failed = http.get("/rest/v1/stations");
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(failed.body()).get("code").asText()).isEqualTo("SANDBOX_FAULT");
        assertThat(http.get("/rest/v1/stations").statusCode()).isEqualTo(503);
        assertThat(http.get("/rest/v1/vouchers").statusCode()).isEqualTo(200);
        assertThat(rule.failures()).isEqualTo(2);
        assertThat(rule.seen()).isEqualTo(4);
        sandbox.faults().clear();
        assertThat(http.get("/rest/v1/stations").statusCode()).isEqualTo(200);
    }

    @Test
    void rulesCanBeSetOverHttpWithMethodMaxFailuresAndRetryAfter() throws Exception {
        HttpResponse<String> set = http.post("/__sandbox/faults", "{\"pathPrefix\":\"/rest/v1/\",\"method\":\"POST\","
                + "\"status\":429,\"maxFailures\":2,\"retryAfterSeconds\":1}");
        assertThat(set.statusCode()).isEqualTo(201);
        JsonNode created = JSON.readTree(set.body());
        assertThat(created.get(0).get("id").asText()).isNotBlank();
        assertThat(http.get("/rest/v1/stations").statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = http.post("/rest/v1/stations", "[]");
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        }
        assertThat(http.post("/rest/v1/stations", "[]").statusCode()).isEqualTo(201);
        JsonNode listed = JSON.readTree(http.get("/__sandbox/faults").body());
        assertThat(listed.get(0).get("failures").asLong()).isEqualTo(2);
        assertThat(http.delete("/__sandbox/faults").statusCode()).isEqualTo(204);
        assertThat(sandbox.faults().isEmpty()).isTrue();
    }

    @Test
    void failAfterOverHttpThenRecoverByDeletingTheRule() throws Exception {
        JsonNode created = JSON.readTree(
                http.post("/__sandbox/faults", "[{\"pathPrefix\":\"/auth/v1\",\"afterRequests\":1,\"status\":500}]")
                        .body());
        assertThat(http.get("/auth/v1/admin/users").statusCode()).isEqualTo(200);
        assertThat(http.get("/auth/v1/admin/users").statusCode()).isEqualTo(500);
        assertThat(http.delete("/__sandbox/faults/" + created.get(0).get("id").asText()).statusCode()).isEqualTo(204);
        assertThat(http.get("/auth/v1/admin/users").statusCode()).isEqualTo(200);
    }

    @Test
    void badRuleJsonIsRefusedWithTheFieldNamed() throws Exception {
        HttpResponse<String> r = http.post("/__sandbox/faults", "{\"status\":503,\"share\":1.5}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("message").asText()).contains("share");
        HttpResponse<String> unknown = http.post("/__sandbox/faults", "{\"statuss\":503}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("message").asText()).contains("statuss");
        assertThat(sandbox.faults().isEmpty()).isTrue();
    }

    @Test
    void aShareFailsRoughlyThatShare() {
        sandbox.faults().failShare("/rest/v1/campaigns", 0.5, 502);
        int failed = 0;
        for (int i = 0; i < 200; i++) {
            if (http.get("/rest/v1/campaigns?limit=1").statusCode() == 502) {
                failed++;
            }
        }
        // Binomial(200, 0.5): outside 50..150 has a probability below 1e-12.
        assertThat(failed).isBetween(50, 150);
    }

    @Test
    void delayHoldsTheAnswerAtLeastThatLong() {
        sandbox.faults().delay("/rest/v1/vouchers", java.time.Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThat(http.get("/rest/v1/vouchers").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void droppedConnectionsGetNoAnswer() {
        sandbox.faults().dropShare("/rest/v1/stations", 1.0);
        assertThatThrownBy(() -> http.get("/rest/v1/stations")).isInstanceOf(UncheckedIOException.class);
        assertThat(sandbox.stats().faultsInjected()).isGreaterThanOrEqualTo(1);
        sandbox.faults().clear();
        assertThat(http.get("/rest/v1/stations").statusCode()).isEqualTo(200);
    }

    @Test
    void statsCountRequestsAndNewConnectionsButNotAdminCalls() throws Exception {
        SandboxHttp client = new SandboxHttp(sandbox);
        client.get("/rest/v1/stations");
        JsonNode before = JSON.readTree(client.get("/__sandbox/stats").body());
        for (int i = 0; i < 10; i++) {
            assertThat(client.get("/rest/v1/stations?limit=1").statusCode()).isEqualTo(200);
        }
        JsonNode after = JSON.readTree(client.get("/__sandbox/stats").body());
        assertThat(after.get("requests").asLong() - before.get("requests").asLong()).isEqualTo(10);
        // One keep-alive client: no new connection for those ten requests.
        assertThat(after.get("connections").asLong() - before.get("connections").asLong()).isZero();
        long connections = sandbox.stats().connections();
        new SandboxHttp(sandbox).get("/rest/v1/stations");
        assertThat(sandbox.stats().connections()).isEqualTo(connections + 1);
    }

    @Test
    void resetClearsFaultsStatsAndOptionallyData() throws Exception {
        assertThat(http.post("/rest/v1/campaigns", "{\"id\":\"00000000-0000-4000-8000-000000000077\",\"name\":\"x\","
                + "\"type\":\"promo\",\"template_id\":\"t\",\"metadata\":{},\"payload\":{},\"target_audience\":{}}")
                .statusCode()).isEqualTo(201);
        sandbox.faults().failShare("/nothing", 1.0, 500);
        assertThat(http.post("/__sandbox/reset", "").statusCode()).isEqualTo(200);
        assertThat(sandbox.faults().isEmpty()).isTrue();
        assertThat(sandbox.stats().requests()).isZero();
        assertThat(http.get("/rest/v1/campaigns?id=eq.00000000-0000-4000-8000-000000000077").body()).isNotEqualTo("[]");
        assertThat(http.post("/__sandbox/reset?data=true", "").statusCode()).isEqualTo(200);
        assertThat(http.get("/rest/v1/campaigns?id=eq.00000000-0000-4000-8000-000000000077").body()).isEqualTo("[]");
    }

    @Test
    void failedRequestsKeepTheConnectionUsable() {
        sandbox.faults().failShare("/rest/v1/stations", 1.0, 503);
        SandboxHttp client = new SandboxHttp(sandbox);
        client.get("/rest/v1/vouchers");
        long connections = sandbox.stats().connections();
        String big = "[" + "{\"name\":\"" + "y".repeat(200) + "\"},".repeat(5000) + "{}]";
        for (int i = 0; i < 3; i++) {
            assertThat(client.post("/rest/v1/stations", big).statusCode()).isEqualTo(503);
            assertThat(client.get("/rest/v1/vouchers").statusCode()).isEqualTo(200);
        }
        assertThat(sandbox.stats().connections()).isEqualTo(connections);
    }

    @Test
    void unknownPathsAreAJson404() throws Exception {
        HttpResponse<String> r = http.get("/no/such/route");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("not_found");
        assertThat(http.get("/__sandbox/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void resetDataInJavaEmptiesTablesAndAuthUsers() {
        assertThat(http.post("/auth/v1/admin/users", "{\"email\":\"reset@example.test\"}").statusCode()).isEqualTo(200);
        sandbox.faults().failShare("/nothing", 1.0, 500);
        sandbox.resetData();
        assertThat(sandbox.faults().isEmpty()).isTrue();
        assertThat(http.get("/auth/v1/admin/users").headers().firstValue("X-Total-Count")).hasValue("0");
    }
}
