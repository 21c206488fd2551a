package africa.easymo.perf.journeys.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.journeys.campaign.BatchDecision.Acknowledged;
import africa.easymo.perf.journeys.campaign.BatchDecision.GiveUp;
import africa.easymo.perf.journeys.campaign.BatchDecision.Retry;
import africa.easymo.perf.journeys.campaign.BatchDecision.Unauthorized;
import africa.easymo.perf.lib.summary.MsisdnList;
import africa.easymo.perf.run.EngineShard;
import africa.easymo.perf.run.RunCounters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The campaign judge, answer by answer, without JMeter running: what each answer means for its batch. */
class CampaignVerdictsTest {
    private static final String SECRET = "bridge-secret-0123456789abcdef";
    private static final MsisdnList TARGETS = MsisdnList
            .of(List.of("+250780000001", "+250780000002", "+250780000003", "+250780000004"));
    /** Targets 2 and 3 (positions [2, 4)), as the second batch of two. */
    private static final CampaignBatch BATCH = new CampaignBatch(1, 2, 4, "perf-camp-2-4");
    private static final int MAX_ATTEMPTS = 3;

    private static HTTPSampleResult answer(String code, String body, String headers) {
        HTTPSampleResult r = new DispatchedBatchResult(BATCH, 1);
        r.setResponseCode(code);
        r.setResponseData(body.getBytes(StandardCharsets.UTF_8));
        r.setResponseHeaders(headers);
        return r;
    }

    private static BatchDecision judge(HTTPSampleResult r, int attempt) {
        return CampaignVerdicts.judge(BATCH, attempt, r, TARGETS, MAX_ATTEMPTS, Redactor.of(List.of(SECRET)));
    }

    private static String ack(String extra, String outcome3, String outcome4) {
        return "{\"ok\":true" + extra + ",\"batchReference\":\"perf-camp-2-4\",\"outcomes\":[" + outcome3 + ","
                + outcome4 + "]}";
    }

    @Test
    void a202ThatNamesEveryTargetOfTheBatchInOrderIsAcknowledgedWithItsBlockedAndThrottledCounts() {
        String body = ack("", "{\"msisdn\":\"+250780000003\",\"status\":\"policy_blocked\"}",
                "{\"msisdn\":\"+250780000004\",\"status\":\"queued\",\"errorCode\":131056}");
        assertThat(judge(answer("202", body, ""), 1)).isEqualTo(new Acknowledged(202, false, 1, 1));
    }

    @Test
    void a200IsAcknowledgedOnlyAsAReplay() {
        String targets = "{\"msisdn\":\"+250780000003\",\"status\":\"sent\"}";
        String last = "{\"msisdn\":\"+250780000004\",\"status\":\"sent\"}";
        assertThat(judge(answer("200", ack(",\"replay\":true", targets, last), ""), 2))
                .isEqualTo(new Acknowledged(200, true, 0, 0));
        assertThat(judge(answer("200", ack("", targets, last), ""), 1)).isInstanceOfSatisfying(Retry.class,
                r -> assertThat(r.why()).isEqualTo(
                        "batch perf-camp-2-4 (2 targets, attempt 1): unreadable answer: 200 without replay:true"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = { "not json at all|not JSON", "{\"ok\":false}|no ok:true",
            "{\"ok\":true,\"batchReference\":\"perf-camp-0-2\",\"outcomes\":[]}|batchReference perf-camp-0-2 is not perf-camp-2-4",
            "{\"ok\":true,\"batchReference\":\"perf-camp-2-4\",\"outcomes\":[{\"msisdn\":\"+250780000003\",\"status\":\"sent\"}]}|outcomes for 1 targets, batch has 2",
            "{\"ok\":true,\"batchReference\":\"perf-camp-2-4\",\"outcomes\":[{\"msisdn\":\"+250780000004\",\"status\":\"sent\"},{\"msisdn\":\"+250780000003\",\"status\":\"sent\"}]}|outcomes[0] is for +250780000004, not target 2",
            "{\"ok\":true,\"batchReference\":\"perf-camp-2-4\",\"outcomes\":[{\"msisdn\":\"+250780000003\",\"status\":\"sent\"},{\"msisdn\":\"+250780000004\",\"status\":\"delivered\"}]}|outcomes[1].status 'delivered'" })
    void a2xxThatDoesNotAcknowledgeExactlyThisBatchIsRetriedSayingWhatIsWrong(String body, String problem) {
        BatchDecision d = judge(answer("202", body, ""), 1);
        assertThat(d).isInstanceOfSatisfying(Retry.class, r -> {
            assertThat(r.nextAttempt()).isEqualTo(2);
            assertThat(r.why()).isEqualTo("batch perf-camp-2-4 (2 targets, attempt 1): unreadable answer: " + problem);
        });
    }

    @Test
    void a429WaitsExactlyItsRetryAfterAndADroppedConnectionBacksOff() {
        assertThat(judge(answer("429", "{}", "HTTP/1.1 429 Too Many Requests\nRetry-After: 7\n"), 1))
                .isEqualTo(new Retry(2, Duration.ofSeconds(7), "batch perf-camp-2-4 (2 targets, attempt 1): HTTP 429"));
        BatchDecision dropped = judge(answer("Non HTTP response code: org.apache.http.NoHttpResponseException", "", ""),
                2);
        assertThat(dropped).isInstanceOfSatisfying(Retry.class, r -> {
            assertThat(r.nextAttempt()).isEqualTo(3);
            assertThat(r.delay()).isBetween(Duration.ofMillis(250), Duration.ofSeconds(15));
            assertThat(r.why()).isEqualTo("batch perf-camp-2-4 (2 targets, attempt 2): "
                    + "Non HTTP response code: org.apache.http.NoHttpResponseException");
        });
    }

    @Test
    void theLastAttemptIsGivenUpAndTheRunFailsSayingHowOftenItWasTried() {
        assertThat(judge(answer("503", "busy", ""), MAX_ATTEMPTS)).isEqualTo(new GiveUp(
                "campaign: gave up batch perf-camp-2-4 (2 targets, attempt 3): HTTP 503 after 3 attempts", true));
    }

    @Test
    void a401StopsTheRunNamingTheBatch() {
        assertThat(judge(answer("401", "{\"error\":\"unauthorized\"}", ""), 1))
                .isEqualTo(new Unauthorized("batch perf-camp-2-4 (2 targets, attempt 1)"));
    }

    @Test
    void anyOtherAnswerGivesTheBatchUpQuotingTheAnswerShortAndWithoutSecrets() {
        String body = "{\"error\":\"bad payload\",\"echo\":\"" + SECRET + "\",\"pad\":\"" + "x".repeat(400) + "\"}";
        assertThat(judge(answer("400", body, ""), 1)).isInstanceOfSatisfying(GiveUp.class, g -> {
            assertThat(g.attemptsRanOut()).isFalse();
            assertThat(g.failure())
                    .startsWith("campaign dispatcher refused batch perf-camp-2-4 (2 targets, attempt 1) with HTTP 400: "
                            + "{\"error\":\"bad payload\",\"echo\":\"" + Redactor.MASK + "\"")
                    .doesNotContain(SECRET).endsWith("…");
            assertThat(g.failure().length()).isLessThan(450);
        });
    }

    @Test
    void aBatchIsCountedOnceAndAFreshSendOfAnAcknowledgedBatchIsADoubleDispatch() {
        DispatchRun run = new DispatchRun(new BatchPlan(4, new EngineShard(0, 1), 2, "perf-camp"));
        CampaignBatch first = run.next();
        RunCounters counters = new RunCounters();
        CampaignVerdicts.count(counters, run, first, new Acknowledged(202, false, 1, 0));
        CampaignVerdicts.count(counters, run, first, new Acknowledged(200, true, 1, 0));
        assertThat(counters.get(CampaignDispatchSampler.COUNTER_DISPATCHED)).isEqualTo(2);
        assertThat(counters.get(CampaignDispatchSampler.COUNTER_POLICY_BLOCKED)).isEqualTo(1);
        assertThat(counters.get(CampaignDispatchSampler.COUNTER_TWICE)).isZero();

        CampaignVerdicts.count(counters, run, first, new Acknowledged(202, false, 1, 0));
        assertThat(counters.get(CampaignDispatchSampler.COUNTER_DISPATCHED)).isEqualTo(2);
        assertThat(counters.get(CampaignDispatchSampler.COUNTER_TWICE)).isEqualTo(2);
    }

    @Test
    void whatsAppThrottlingOverTheLimitAbortsOnceAndOnlyPastFiveHundredTargets() {
        DispatchRun run = new DispatchRun(new BatchPlan(1000, new EngineShard(0, 1), 100, "perf-camp"));
        RunCounters counters = new RunCounters();
        counters.counter(CampaignDispatchSampler.COUNTER_DISPATCHED).add(499);
        counters.counter(CampaignDispatchSampler.COUNTER_WABA_THROTTLED).add(100);
        assertThat(CampaignVerdicts.wabaThrottlingAbort(counters, run, 5)).isEmpty();

        counters.counter(CampaignDispatchSampler.COUNTER_DISPATCHED).add(501);
        counters.counter(CampaignDispatchSampler.COUNTER_WABA_THROTTLED).add(-50);
        assertThat(CampaignVerdicts.wabaThrottlingAbort(counters, run, 5)).isEmpty();
        assertThat(CampaignVerdicts.wabaThrottlingAbort(counters, run, 0)).isEmpty();

        counters.counter(CampaignDispatchSampler.COUNTER_WABA_THROTTLED).add(1);
        assertThat(CampaignVerdicts.wabaThrottlingAbort(counters, run, 5))
                .hasValue("WhatsApp rate-limited 51 of 1000 dispatched targets (5 %), over the 5 % limit");
        assertThat(run.aborted()).isTrue();
        assertThat(CampaignVerdicts.wabaThrottlingAbort(counters, run, 5)).isEmpty();
    }

    @Test
    void theSampleOfABatchCarriesItsReferenceAndAttemptForTheAuditLog() {
        DispatchedBatchResult r = new DispatchedBatchResult(BATCH, 3);
        assertThat(r.batchReference()).isEqualTo("perf-camp-2-4");
        assertThat(r.attempt()).isEqualTo(3);
    }
}
