package africa.easymo.perf.journeys.campaign;

import africa.easymo.perf.core.Redactor;
import africa.easymo.perf.core.RetryPolicy;
import africa.easymo.perf.journeys.campaign.BatchDecision.Acknowledged;
import africa.easymo.perf.journeys.campaign.BatchDecision.AnswerReading;
import africa.easymo.perf.journeys.campaign.BatchDecision.GiveUp;
import africa.easymo.perf.journeys.campaign.BatchDecision.Retry;
import africa.easymo.perf.journeys.campaign.BatchDecision.Unauthorized;
import africa.easymo.perf.journeys.campaign.BatchDecision.Unreadable;
import africa.easymo.perf.lib.summary.MsisdnList;
import africa.easymo.perf.run.RunCounters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.jmeter.samplers.SampleResult;

/**
 * The campaign journey's judge. A 200/202 must acknowledge exactly this batch (its reference, one outcome per target in
 * order, each a known status); anything else that the dispatcher may have committed (a 429, a 5xx, a dropped
 * connection, an unreadable 2xx) is retried under the same reference until the attempts run out; a 401 stops the run;
 * any other answer gives the batch up. An acknowledged batch is counted once (a fresh send of a batch already
 * acknowledged counts every target as dispatched twice), and WhatsApp throttling over its limit aborts the run.
 */
final class CampaignVerdicts {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> OUTCOME_STATUSES = Set.of("queued", "sent", "policy_blocked");
    private static final int BODY_IN_FAILURE = 300;

    /** Below this many targets a share of WABA errors says little. */
    static final int MIN_TARGETS_FOR_WABA_ABORT = 500;

    /**
     * A batch waits exactly the dispatcher's Retry-After (up to 120 s: its WABA windows are minutes long), else backs
     * off from 500 ms to at most 15 s; the attempts are the sampler's own property.
     */
    static final RetryPolicy BATCH_RETRY = RetryPolicy.defaults()
            .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(15)).withMaxRetryAfter(Duration.ofSeconds(120))
            .withRetryAfterJitter(Duration.ZERO);

    private CampaignVerdicts() {
    }

    /**
     * What the answer {@code r} to attempt {@code attempt} of {@code batch} means; reads the answer, changes nothing.
     *
     * @param targets
     *            the seed summary's bulk targets, which the outcomes must name in order
     * @param redactor
     *            masks the run's secrets in the part of the answer a failure quotes
     */
    static BatchDecision judge(CampaignBatch batch, int attempt, SampleResult r, MsisdnList targets, int maxAttempts,
            Redactor redactor) {
        int status = status(r.getResponseCode());
        String what = "batch " + batch.reference() + " (" + batch.size() + " targets, attempt " + attempt + ")";
        if (status == 200 || status == 202) {
            AnswerReading reading = read(status, r.getResponseData(), batch, targets);
            if (reading instanceof Acknowledged a) {
                return a;
            }
            return retryOrGiveUp(attempt, maxAttempts, r,
                    what + ": unreadable answer: " + ((Unreadable) reading).problem());
        }
        if (status == 401) {
            return new Unauthorized(what);
        }
        if (status == 429 || status >= 500 || status < 0) {
            return retryOrGiveUp(attempt, maxAttempts, r,
                    what + ": " + (status < 0 ? r.getResponseCode() : "HTTP " + status));
        }
        return new GiveUp("campaign dispatcher refused " + what + " with HTTP " + status + ": "
                + abbreviate(redactor.redact(new String(r.getResponseData(), StandardCharsets.UTF_8))), false);
    }

    private static BatchDecision retryOrGiveUp(int attempt, int maxAttempts, SampleResult r, String why) {
        if (attempt >= maxAttempts) {
            return new GiveUp("campaign: gave up " + why + " after " + attempt + " attempts", true);
        }
        return new Retry(attempt + 1, BATCH_RETRY.delay(attempt, RetryPolicy.retryAfterHeader(r.getResponseHeaders())),
                why);
    }

    /** Reads a 200/202: does it acknowledge exactly this batch? */
    static AnswerReading read(int status, byte[] data, CampaignBatch batch, MsisdnList targets) {
        JsonNode body;
        try {
            body = MAPPER.readTree(data);
        } catch (IOException e) {
            return new Unreadable("not JSON");
        }
        if (body == null || !body.path("ok").asBoolean(false)) {
            return new Unreadable("no ok:true");
        }
        boolean replay = body.path("replay").asBoolean(false);
        if (status == 200 && !replay) {
            return new Unreadable("200 without replay:true");
        }
        if (!batch.reference().equals(body.path("batchReference").asText())) {
            return new Unreadable(
                    "batchReference " + body.path("batchReference").asText() + " is not " + batch.reference());
        }
        JsonNode outcomes = body.path("outcomes");
        if (!outcomes.isArray() || outcomes.size() != batch.size()) {
            return new Unreadable("outcomes for " + outcomes.size() + " targets, batch has " + batch.size());
        }
        int blocked = 0;
        int waba = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            JsonNode o = outcomes.get(i);
            if (!targets.get(batch.from() + i).equals(o.path("msisdn").asText())) {
                return new Unreadable("outcomes[" + i + "] is for " + o.path("msisdn").asText() + ", not target "
                        + (batch.from() + i));
            }
            String s = o.path("status").asText();
            if (!OUTCOME_STATUSES.contains(s)) {
                return new Unreadable("outcomes[" + i + "].status '" + s + "'");
            }
            blocked += s.equals("policy_blocked") ? 1 : 0;
            waba += o.hasNonNull("errorCode") ? 1 : 0;
        }
        return new Acknowledged(status, replay, blocked, waba);
    }

    /**
     * Counts an acknowledged batch in the run and the counters: its first acknowledgement only; a fresh send of a batch
     * already acknowledged is a double dispatch.
     */
    static void count(RunCounters counters, DispatchRun run, CampaignBatch batch, Acknowledged a) {
        int before = run.acknowledged(batch, a.replay());
        if (before == 0) {
            counters.counter(CampaignDispatchSampler.COUNTER_DISPATCHED).add(batch.size());
            counters.counter(CampaignDispatchSampler.COUNTER_POLICY_BLOCKED).add(a.policyBlocked());
            counters.counter(CampaignDispatchSampler.COUNTER_WABA_THROTTLED).add(a.wabaThrottled());
        } else if (!a.replay()) {
            counters.counter(CampaignDispatchSampler.COUNTER_TWICE).add(batch.size());
        }
    }

    /**
     * Why the run must abort because WhatsApp rate-limits more than the allowed share of messages, once per run (the
     * caller that gets the reason owns the abort), else empty.
     */
    static Optional<String> wabaThrottlingAbort(RunCounters counters, DispatchRun run, int wabaThrottledAbortPercent) {
        if (wabaThrottledAbortPercent <= 0) {
            return Optional.empty();
        }
        long dispatched = counters.get(CampaignDispatchSampler.COUNTER_DISPATCHED);
        long throttled = counters.get(CampaignDispatchSampler.COUNTER_WABA_THROTTLED);
        if (dispatched >= MIN_TARGETS_FOR_WABA_ABORT && throttled * 100 > dispatched * wabaThrottledAbortPercent
                && run.abort()) {
            return Optional.of("WhatsApp rate-limited " + throttled + " of " + dispatched + " dispatched targets ("
                    + (throttled * 100 / dispatched) + " %), over the " + wabaThrottledAbortPercent + " % limit");
        }
        return Optional.empty();
    }

    /** The status of a response code, or -1 when it is not one (JMeter's "Non HTTP response code: ..."). */
    static int status(String code) {
        if (code == null || code.length() != 3) {
            return -1;
        }
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > BODY_IN_FAILURE ? s.substring(0, BODY_IN_FAILURE) + "…" : s;
    }
}
