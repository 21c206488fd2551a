package africa.easymo.perf.sandbox.rest;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;
import africa.easymo.perf.sandbox.SandboxHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RestApiKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sb_secret_rest_key_test_1234567890";
    private static Sandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().serviceRoleKey(KEY).build());
        http = new SandboxHttp(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void missingKeyIs401NoApiKey() throws Exception {
        HttpResponse<String> r = http.send(http.bare("/rest/v1/stations").GET());
        assertThat(r.statusCode()).isEqualTo(401);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("message").asText()).isEqualTo("No API key found in request");
        assertThat(e.get("hint").asText()).isNotBlank();
    }

    @Test
    void wrongKeyIs401InvalidApiKeyAndNeverEchoesIt() throws Exception {
        HttpResponse<String> r = http.send(http.bare("/rest/v1/stations").header("apikey", "sb_secret_guess").GET());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("Invalid API key");
        assertThat(r.body()).doesNotContain("sb_secret_guess").doesNotContain(KEY);
        HttpResponse<String> bearer = http.send(
                http.bare("/rest/v1/stations").header("apikey", KEY).header("Authorization", "Bearer wrong").GET());
        assertThat(bearer.statusCode()).isEqualTo(401);
    }

    @Test
    void apikeyAloneBearerAloneOrBothAreAccepted() {
        assertThat(http.send(http.bare("/rest/v1/stations").header("apikey", KEY).GET()).statusCode()).isEqualTo(200);
        assertThat(
                http.send(http.bare("/rest/v1/stations").header("Authorization", "Bearer " + KEY).GET()).statusCode())
                        .isEqualTo(200);
        assertThat(http.get("/rest/v1/stations").statusCode()).isEqualTo(200);
        assertThat(http.send(http.bare("/rest/v1/stations?apikey=" + KEY).GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void theDefaultKeyIsNotAcceptedWhenAnotherIsConfigured() {
        assertThat(
                http.send(http.bare("/rest/v1/stations").header("apikey", SandboxConfig.DEFAULT_SERVICE_ROLE_KEY).GET())
                        .statusCode()).isEqualTo(401);
    }

    @Test
    void earlyErrorsStillReadTheBodySoTheConnectionIsReused() {
        String big = "[" + "{\"id\":\"x\",\"name\":\"" + "y".repeat(200) + "\"},".repeat(5000) + "{}]";
        SandboxHttp client = new SandboxHttp(sandbox);
        assertThat(client.get("/rest/v1/stations").statusCode()).isEqualTo(200);
        long connections = sandbox.stats().connections();
        for (int i = 0; i < 5; i++) {
            assertThat(client.send(client.bare("/rest/v1/stations").header("apikey", "wrong")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(big))).statusCode()).isEqualTo(401);
            assertThat(client.post("/rest/v1/stations?columns=id,colour", big).statusCode()).isEqualTo(400);
            assertThat(client.post("/rest/v1/nope", big).statusCode()).isEqualTo(404);
            assertThat(client.get("/rest/v1/stations").statusCode()).isEqualTo(200);
        }
        assertThat(sandbox.stats().connections()).isEqualTo(connections);
    }
}
