package africa.easymo.perf.sandbox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.sandbox.Rows;
import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;
import africa.easymo.perf.sandbox.SandboxHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthAdminTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USERS = "/auth/v1/admin/users";
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

    private static String user(String id, String email) {
        return "{\"id\":\"" + id + "\",\"email\":\"" + email + "\",\"password\":\"perf-password-1\","
                + "\"email_confirm\":true,\"phone\":\"+250780900001\",\"user_metadata\":{\"display_name\":\"Perf\","
                + "\"fixture\":\"perf\"},\"app_metadata\":{\"role\":\"customer\"}}";
    }

    @Test
    void createWithAChosenIdAnswers200WithTheUser() throws Exception {
        String id = Rows.uuid(1);
        HttpResponse<String> r = http.post(USERS, user(id, "Perf.One@Example.test"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode u = JSON.readTree(r.body());
        assertThat(u.get("id").asText()).isEqualTo(id);
        assertThat(u.get("email").asText()).isEqualTo("perf.one@example.test");
        assertThat(u.get("aud").asText()).isEqualTo("authenticated");
        assertThat(u.get("email_confirmed_at").isTextual()).isTrue();
        assertThat(u.get("user_metadata").get("display_name").asText()).isEqualTo("Perf");
        assertThat(u.get("app_metadata").get("provider").asText()).isEqualTo("email");
        assertThat(u.get("app_metadata").get("role").asText()).isEqualTo("customer");
        assertThat(u.has("encrypted_password")).isFalse();
        assertThat(r.body()).doesNotContain("perf-password-1");

        HttpResponse<String> got = http.get(USERS + "/" + id);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(got.body()).get("email").asText()).isEqualTo("perf.one@example.test");
    }

    @Test
    void profilesReferenceAuthUsers() throws Exception {
        String id = Rows.uuid(2);
        String profile = "{\"user_id\":\"" + id + "\",\"whatsapp_e164\":\"+250780900002\",\"metadata\":{}}";
        HttpResponse<String> orphan = http.post("/rest/v1/profiles", profile);
        assertThat(orphan.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(orphan.body()).get("code").asText()).isEqualTo("23503");
        assertThat(http.post(USERS, user(id, "perf.two@example.test")).statusCode()).isEqualTo(200);
        assertThat(http.post("/rest/v1/profiles", profile).statusCode()).isEqualTo(201);
        assertThat(http.delete(USERS + "/" + id).statusCode()).isEqualTo(200);
        assertThat(http.get("/rest/v1/profiles?user_id=eq." + id).body()).isEqualTo("[]");
    }

    @Test
    void duplicateEmailIs422EmailExistsInBothErrorStyles() throws Exception {
        assertThat(http.post(USERS, user(Rows.uuid(3), "perf.three@example.test")).statusCode()).isEqualTo(200);
        HttpResponse<String> legacy = http.post(USERS, user(Rows.uuid(4), "PERF.three@example.test"));
        assertThat(legacy.statusCode()).isEqualTo(422);
        JsonNode l = JSON.readTree(legacy.body());
        assertThat(l.get("code").asInt()).isEqualTo(422);
        assertThat(l.get("error_code").asText()).isEqualTo("email_exists");
        assertThat(l.get("msg").asText()).isNotBlank();

        HttpResponse<String> current = http.post(USERS, user(Rows.uuid(4), "perf.three@example.test"),
                "X-Supabase-Api-Version", "2024-01-01");
        assertThat(current.statusCode()).isEqualTo(422);
        JsonNode c = JSON.readTree(current.body());
        assertThat(c.get("code").asText()).isEqualTo("email_exists");
        assertThat(c.get("message").asText()).isNotBlank();
        assertThat(c.has("error_code")).isFalse();
    }

    @Test
    void aTakenEmailWinsOverATakenIdAndATakenIdAloneIsUserAlreadyExists() throws Exception {
        String id = Rows.uuid(8);
        assertThat(http.post(USERS, user(id, "perf.eight@example.test")).statusCode()).isEqualTo(200);
        HttpResponse<String> same = http.post(USERS, user(id, "perf.eight@example.test"));
        assertThat(same.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(same.body()).get("error_code").asText()).isEqualTo("email_exists");
        HttpResponse<String> idOnly = http.post(USERS, user(id, "perf.eight.other@example.test"));
        assertThat(idOnly.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(idOnly.body()).get("error_code").asText()).isEqualTo("user_already_exists");
    }

    @Test
    void invalidEmailAndWeakPasswordAreRefused() throws Exception {
        HttpResponse<String> email = http.post(USERS, user(Rows.uuid(5), "not-an-email"));
        assertThat(email.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(email.body()).get("error_code").asText()).isEqualTo("validation_failed");
        HttpResponse<String> weak = http.post(USERS,
                user(Rows.uuid(5), "perf.five@example.test").replace("perf-password-1", "123"));
        assertThat(weak.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(weak.body()).get("error_code").asText()).isEqualTo("weak_password");
    }

    @Test
    void getUnknownUserIs404UserNotFound() throws Exception {
        HttpResponse<String> r = http.get(USERS + "/" + Rows.uuid(999));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("error_code").asText()).isEqualTo("user_not_found");
        HttpResponse<String> v2 = http.get(USERS + "/" + Rows.uuid(999), "X-Supabase-Api-Version", "2024-01-01");
        assertThat(JSON.readTree(v2.body()).get("code").asText()).isEqualTo("user_not_found");
        assertThat(http.delete(USERS + "/" + Rows.uuid(999)).statusCode()).isEqualTo(404);
    }

    @Test
    void putMergesMetadataAndNullRemovesAKey() throws Exception {
        String id = Rows.uuid(6);
        assertThat(http.post(USERS, user(id, "perf.six@example.test")).statusCode()).isEqualTo(200);
        HttpResponse<String> r = http.put(USERS + "/" + id,
                "{\"user_metadata\":{\"fixture\":null,\"locale\":\"rw\"},\"app_metadata\":{\"role\":\"admin\"}}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode u = JSON.readTree(r.body());
        assertThat(u.get("user_metadata").toString()).isEqualTo("{\"locale\":\"rw\",\"display_name\":\"Perf\"}");
        assertThat(u.get("app_metadata").get("role").asText()).isEqualTo("admin");
        assertThat(u.get("app_metadata").get("provider").asText()).isEqualTo("email");
        assertThat(http.put(USERS + "/" + Rows.uuid(998), "{\"user_metadata\":{}}").statusCode()).isEqualTo(404);
    }

    @Test
    void listPagesWithTotalAndLinkHeaders() throws Exception {
        try (Sandbox own = Sandbox.start(SandboxConfig.defaults())) {
            SandboxHttp h = new SandboxHttp(own);
            for (int i = 0; i < 5; i++) {
                assertThat(h.post(USERS, user(Rows.uuid(100 + i), "list" + i + "@example.test")).statusCode())
                        .isEqualTo(200);
            }
            HttpResponse<String> r = h.get(USERS + "?page=2&per_page=2");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("aud").asText()).isEqualTo("authenticated");
            assertThat(body.get("users")).hasSize(2);
            assertThat(r.headers().firstValue("X-Total-Count")).hasValue("5");
            assertThat(r.headers().firstValue("Link")).hasValue(
                    "</auth/v1/admin/users?page=3&per_page=2>; rel=\"next\", </auth/v1/admin/users?page=3&per_page=2>;"
                            + " rel=\"last\"");
            JsonNode all = JSON.readTree(h.get(USERS).body());
            assertThat(all.get("users")).hasSize(5);
            HttpResponse<String> last = h.get(USERS + "?page=3&per_page=2");
            assertThat(JSON.readTree(last.body()).get("users")).hasSize(1);
            assertThat(last.headers().firstValue("Link").orElse("")).doesNotContain("rel=\"next\"");
        }
    }

    @Test
    void deleteAnswers200WithAnEmptyObject() {
        String id = Rows.uuid(7);
        assertThat(http.post(USERS, user(id, "perf.seven@example.test")).statusCode()).isEqualTo(200);
        HttpResponse<String> r = http.delete(USERS + "/" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(http.get(USERS + "/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void keyRules() throws Exception {
        // No key at all: the gateway refuses.
        HttpResponse<String> none = http.send(http.bare(USERS).GET());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).get("message").asText()).isEqualTo("No API key found in request");
        // A wrong key.
        HttpResponse<String> wrong = http.send(http.bare(USERS).header("apikey", "sb_secret_wrong").GET());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("message").asText()).isEqualTo("Invalid API key");
        // The sb_secret_ key alone in apikey is enough.
        HttpResponse<String> secretOnly = http.send(http.bare(USERS).header("apikey", sandbox.serviceRoleKey()).GET());
        assertThat(secretOnly.statusCode()).isEqualTo(200);
        // The anon key is not admin.
        HttpResponse<String> anon = http.send(http.bare(USERS).header("apikey", sandbox.anonKey())
                .header("Authorization", "Bearer " + sandbox.anonKey()).GET());
        assertThat(anon.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(anon.body()).get("error_code").asText()).isEqualTo("not_admin");
        // The anon key without a Bearer token: no authorization.
        HttpResponse<String> noBearer = http.send(http.bare(USERS).header("apikey", sandbox.anonKey()).GET());
        assertThat(noBearer.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noBearer.body()).get("error_code").asText()).isEqualTo("no_authorization");
    }

    @Test
    void aLegacyStyleServiceKeyNeedsTheBearerToken() throws Exception {
        String legacy = "eyJsandbox.legacy.service-role";
        try (Sandbox own = Sandbox.start(SandboxConfig.builder().serviceRoleKey(legacy).build())) {
            SandboxHttp h = new SandboxHttp(own.baseUrl(), null);
            HttpRequest.Builder apikeyOnly = h.bare(USERS).header("apikey", legacy).GET();
            HttpResponse<String> r = h.send(apikeyOnly);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(r.body()).get("error_code").asText()).isEqualTo("no_authorization");
            HttpResponse<String> ok = h
                    .send(h.bare(USERS).header("apikey", legacy).header("Authorization", "Bearer " + legacy).GET());
            assertThat(ok.statusCode()).isEqualTo(200);
        }
    }
}
