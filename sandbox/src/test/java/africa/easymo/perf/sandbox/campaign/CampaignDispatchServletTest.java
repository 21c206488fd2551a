package africa.easymo.perf.sandbox.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import africa.easymo.perf.sandbox.Sandbox;
import africa.easymo.perf.sandbox.SandboxConfig;
import africa.easymo.perf.sandbox.SandboxHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code POST /campaigns} over real HTTP against sandboxes on ephemeral ports. */
class CampaignDispatchServletTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "bridge-secret-for-tests";
    private static final String WABA_TOKEN = "waba-token-never-stored-0123456789";

    private static HttpResponse<String> post(SandboxHttp http, String secret, JsonNode body) {
        HttpRequest.Builder b = http.bare("/campaigns").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (secret != null) {
            b.header("x-bridge-secret", secret);
        }
        return http.send(b);
    }

    private static ObjectNode batch(CampaignFixture f, String reference, List<String> targets, boolean waba) {
        ObjectNode n = JSON.createObjectNode();
        n.put("campaignId", f.campaignId.toString());
        n.put("batchReference", reference);
        ArrayNode t = n.putArray("targets");
        targets.forEach(t::add);
        n.putObject("throttle").put("maxPerMinute", 600).put("maxInflight", 8);
        n.putObject("metadata").put("source", "test").put("seedVersion", "v1");
        if (waba) {
            n.putObject("sandbox").put("number", "+250788000111").put("token", WABA_TOKEN);
        }
        return n;
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** Unlimited admission, one opt-out per campaign, WABA sandbox limited to 150 messages/min per number. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Dispatcher {
        private Sandbox sandbox;
        private SandboxHttp http;

        @BeforeAll
        void start() {
            sandbox = Sandbox.start(SandboxConfig.builder().bridgeSharedSecret(SECRET)
                    .campaign(CampaignSettings.defaults().withTargetsPerMinute(0).withWabaMessagesPerMinute(150)
                            .withOptOuts(Set.of("+250700000000")))
                    .build());
            http = new SandboxHttp(sandbox);
        }

        @AfterAll
        void stop() {
            sandbox.close();
        }

        @Test
        void wrongOrMissingBridgeSecretIs401AndSendsNothing() throws Exception {
            CampaignFixture f = CampaignFixture.create(sandbox, 10);
            for (String secret : new String[] { null, "wrong", SECRET + "x", "" }) {
                HttpResponse<String> r = post(http, secret, batch(f, "ref-401", f.slice(0, 10), false));
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(json(r)).isEqualTo(JSON.readTree("{\"ok\":false,\"error\":\"unauthorized\"}"));
            }
            assertThat(f.count("select count(*) from campaign_dispatches where campaign_id = :campaign")).isZero();
            assertThat(f.count("select count(*) from campaign_batches where batch_reference = 'ref-401'")).isZero();
        }

        @Test
        void acceptedBatchUpdatesTargetsAndRecordsEverySendInOneGo() throws Exception {
            CampaignFixture f = CampaignFixture.create(sandbox, 100);
            HttpResponse<String> r = post(http, SECRET, batch(f, "ref-accept-" + f.campaignId, f.slice(0, 100), false));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode body = json(r);
            assertThat(body.path("ok").asBoolean()).isTrue();
            assertThat(body.path("replay").asBoolean()).isFalse();
            assertThat(body.path("accepted").asInt()).isEqualTo(100);
            assertThat(body.path("counts").path("queued").asInt()).isEqualTo(100);
            assertThat(body.path("outcomes")).hasSize(100);
            assertThat(body.path("outcomes").get(7).path("msisdn").asText()).isEqualTo(f.msisdns.get(7));
            assertThat(body.path("outcomes").get(7).path("status").asText()).isEqualTo("queued");

            assertThat(f.count("select count(*) from campaign_dispatches where campaign_id = :campaign "
                    + "and attempt = 1 and outcome = 'queued'")).isEqualTo(100);
            assertThat(f.count("select count(*) from campaign_targets where campaign_id = :campaign "
                    + "and status = 'queued' and last_update_at is not null")).isEqualTo(100);

            // The REST API serves the audit table, so exactly-once is checkable from outside.
            HttpResponse<String> rest = http.get("/rest/v1/campaign_dispatches?select=msisdn,attempt,batch_reference"
                    + "&campaign_id=eq." + f.campaignId, "Prefer", "count=exact");
            assertThat(rest.statusCode()).isEqualTo(200);
            assertThat(json(rest)).hasSize(100);
            assertThat(rest.headers().firstValue("Content-Range")).hasValue("0-99/100");
        }

        @Test
        void repeatedBatchReferenceIsAReplayAndNothingIsSentTwice() throws Exception {
            CampaignFixture f = CampaignFixture.create(sandbox, 50);
            ObjectNode b = batch(f, "ref-replay-" + f.campaignId, f.slice(0, 50), false);
            HttpResponse<String> first = post(http, SECRET, b);
            HttpResponse<String> second = post(http, SECRET, b);
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(second.statusCode()).isEqualTo(200);
            JsonNode replay = json(second);
            assertThat(replay.path("replay").asBoolean()).isTrue();
            assertThat(replay.path("outcomes")).isEqualTo(json(first).path("outcomes"));
            assertThat(f.count("select count(*) from campaign_dispatches where campaign_id = :campaign")).isEqualTo(50);

            // The same reference for other targets is a client bug, not a replay.
            HttpResponse<String> conflict = post(http, SECRET,
                    batch(f, "ref-replay-" + f.campaignId, f.slice(0, 49), false));
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(json(conflict).path("error").asText()).isEqualTo("batch_reference_conflict");
        }

        @Test
        void concurrentCopiesOfOneBatchDispatchItOnce() throws Exception {
            CampaignFixture f = CampaignFixture.create(sandbox, 100);
            ObjectNode b = batch(f, "ref-race-" + f.campaignId, f.slice(0, 100), false);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<HttpResponse<String>>> futures = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    futures.add(pool.submit((Callable<HttpResponse<String>>) () -> post(http, SECRET, b)));
                }
                int accepted = 0;
                int replays = 0;
                for (Future<HttpResponse<String>> fu : futures) {
                    int s = fu.get(60, TimeUnit.SECONDS).statusCode();
                    accepted += s == 202 ? 1 : 0;
                    replays += s == 200 ? 1 : 0;
                }
                assertThat(accepted).isEqualTo(1);
                assertThat(replays).isEqualTo(7);
            } finally {
                pool.shutdownNow();
            }
            assertThat(f.count("select count(*) from campaign_dispatches where campaign_id = :campaign"))
                    .isEqualTo(100);
            assertThat(f.count("select max(attempt) from campaign_dispatches where campaign_id = :campaign"))
                    .isEqualTo(1);
        }

        @Test
        void aTargetSentAgainUnderAnotherReferenceIsRecordedAsASecondAttempt() throws Exception {
            CampaignFixture f = CampaignFixture.create(sandbox, 5);
            assertThat(post(http, SECRET, batch(f, "ref-a-" + f.campaignId, f.slice(0, 5), false)).statusCode())
                    .isEqualTo(202);
            HttpResponse<String> again = post(http, SECRET, batch(f, "ref-b-" + f.campaignId, f.slice(2, 3), false));
            assertThat(again.statusCode()).isEqualTo(202);
            assertThat(json(again).path("outcomes").get(0).path("attempt").asInt()).isEqualTo(2);
            assertThat(f.count("select count(*) from campaign_dispatches where campaign_id = :campaign "
                    + "group by msisdn order by count(*) desc limit 1")).isEqualTo(2);
        }

        @Test
        void wabaSandboxSendsWithMessageIdsUntilTheNumbersLimitThenReportsThrottledPerTarget() throws Exception {
            CampaignFixture f = CampaignFixture.create(sandbox, 200);
            HttpResponse<String> first = post(http, SECRET,
                    batch(f, "ref-waba-1-" + f.campaignId, f.slice(0, 100), true));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            JsonNode o = json(first).path("outcomes").get(0);
            assertThat(o.path("status").asText()).isEqualTo("sent");
            assertThat(o.path("messageId").asText()).matches("wa-[0-9a-f]{24}");
            assertThat(json(first).path("counts").path("sent").asInt()).isEqualTo(100);

            HttpResponse<String> second = post(http, SECRET,
                    batch(f, "ref-waba-2-" + f.campaignId, f.slice(100, 200), true));
            JsonNode body = json(second);
            assertThat(body.path("counts").path("sent").asInt()).isEqualTo(50);
            assertThat(body.path("counts").path("policy_blocked").asInt()).isEqualTo(50);
            assertThat(body.path("blocked").path("throttled").asInt()).isEqualTo(50);
            JsonNode last = body.path("outcomes").get(99);
            assertThat(last.path("reason").asText()).isEqualTo("throttled");
            assertThat(last.path("errorCode").asText()).isEqualTo(DispatchPolicy.WABA_RATE_LIMIT_ERROR);

            assertThat(
                    f.count("select count(*) from campaign_targets where campaign_id = :campaign and status = 'sent' "
                            + "and message_id like 'wa-%'")).isEqualTo(150);
            assertThat(f.count("select count(*) from campaign_targets where campaign_id = :campaign "
                    + "and status = 'policy_blocked' and error_code = 'wa_130429'")).isEqualTo(50);
            // The WABA token is used, never kept.
            assertThat(first.body()).doesNotContain(WABA_TOKEN);
            assertThat(
                    f.count("select count(*) from campaign_batches where response::text like '%" + WABA_TOKEN + "%'"))
                            .isZero();
        }

        @Test
        void optedOutTargetsArePolicyBlocked() throws Exception {
            CampaignFixture f = CampaignFixture.create(sandbox, 3);
            try (var c = sandbox.dataSource().getConnection(); var st = c.createStatement()) {
                st.executeUpdate("update campaign_targets set msisdn = '+250700000000' where campaign_id = '"
                        + f.campaignId + "' and msisdn = '" + f.msisdns.get(1) + "'");
            }
            HttpResponse<String> r = post(http, SECRET,
                    batch(f, "ref-optout-" + f.campaignId, List.of(f.msisdns.get(0), "+250700000000"), false));
            JsonNode out = json(r).path("outcomes");
            assertThat(out.get(0).path("status").asText()).isEqualTo("queued");
            assertThat(out.get(1).path("status").asText()).isEqualTo("policy_blocked");
            assertThat(out.get(1).path("reason").asText()).isEqualTo("opt_out");
            assertThat(f.text("select error_code from campaign_targets where msisdn = '+250700000000'"))
                    .isEqualTo("opt_out");
        }

        @Test
        void badPayloadsAreRefusedWithTheFieldNamed() throws Exception {
            CampaignFixture f = CampaignFixture.create(sandbox, 3);
            ObjectNode noTargets = batch(f, "ref-bad", List.of(), false);
            HttpResponse<String> r = post(http, SECRET, noTargets);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("error").asText()).isEqualTo("invalid_payload");
            assertThat(json(r).path("message").asText()).contains("targets");

            ObjectNode dup = batch(f, "ref-bad", List.of(f.msisdns.get(0), f.msisdns.get(0)), false);
            assertThat(json(post(http, SECRET, dup)).path("message").asText()).contains("targets[1]");

            ObjectNode badId = batch(f, "ref-bad", f.slice(0, 1), false).put("campaignId", "nope");
            assertThat(json(post(http, SECRET, badId)).path("message").asText()).contains("campaignId");

            HttpResponse<String> unknown = post(http, SECRET, batch(f, "ref-unknown", List.of("+19999999999"), false));
            assertThat(unknown.statusCode()).isEqualTo(422);
            assertThat(json(unknown).path("error").asText()).isEqualTo("unknown_targets");
            assertThat(
                    f.count("select count(*) from campaign_batches where batch_reference in ('ref-bad','ref-unknown')"))
                            .isZero();
        }
    }

    /** 150 targets/min admission, quiet hours around now, every answer lost after commit. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ThrottledQuietAndLossy {
        private Sandbox sandbox;
        private SandboxHttp http;

        @BeforeAll
        void start() {
            LocalTime now = LocalTime.now(ZoneOffset.UTC);
            QuietHours aroundNow = new QuietHours(now.minusHours(2), now.plusHours(2), ZoneOffset.UTC);
            sandbox = Sandbox
                    .start(SandboxConfig
                            .builder().bridgeSharedSecret(SECRET).campaign(CampaignSettings.defaults()
                                    .withTargetsPerMinute(150).withQuietHours(aroundNow).withLostAckShare(1.0))
                            .build());
            http = new SandboxHttp(sandbox);
        }

        @AfterAll
        void stop() {
            sandbox.close();
        }

        @Test
        void lostAnswerIsCommittedThrottleRefusesNewWorkButReplaysStillAnswer() throws Exception {
            CampaignFixture f = CampaignFixture.create(sandbox, 200);
            ObjectNode first = batch(f, "ref-lost-" + f.campaignId, f.slice(0, 100), false);
            assertThatThrownBy(() -> post(http, SECRET, first)).isInstanceOf(UncheckedIOException.class);

            assertThat(f.count("select count(*) from campaign_dispatches where campaign_id = :campaign "
                    + "and outcome = 'policy_blocked' and reason = 'quiet_hours'")).isEqualTo(100);

            HttpResponse<String> throttled = post(http, SECRET,
                    batch(f, "ref-next-" + f.campaignId, f.slice(100, 200), false));
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L)).isBetween(1L,
                    60L);
            assertThat(json(throttled).path("error").asText()).isEqualTo("throttled");
            assertThat(f.count(
                    "select count(*) from campaign_batches where batch_reference = 'ref-next-" + f.campaignId + "'"))
                            .isZero();

            HttpResponse<String> replay = post(http, SECRET, first);
            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(json(replay).path("replay").asBoolean()).isTrue();
            assertThat(json(replay).path("blocked").path("quiet_hours").asInt()).isEqualTo(100);
            assertThat(f.count("select count(*) from campaign_dispatches where campaign_id = :campaign"))
                    .isEqualTo(100);
        }
    }
}
