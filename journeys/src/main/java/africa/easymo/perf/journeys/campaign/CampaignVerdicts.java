package africa.easymo.perf.journeys.campaign;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.lib.summary.MsisdnList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Set;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;

/**
 * The campaign journey's judge of a 200/202: the answer must acknowledge exactly this batch (its reference, one outcome
 * per target in order, each a known status). An acknowledged batch is counted once (a fresh send of a batch already
 * acknowledged counts every target as dispatched twice), and WhatsApp throttling over its limit aborts the run.
 */
final class CampaignVerdicts {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> OUTCOME_STATUSES = Set.of("queued", "sent", "policy_blocked");

    /** Below this many targets a share of WABA errors says little. */
    static final int MIN_TARGETS_FOR_WABA_ABORT = 500;

    private CampaignVerdicts() {
    }

    /** Null when the answer acknowledges exactly this batch (then counted); else what is wrong with it. */
    static String acknowledged(EasymoRun ctx, DispatchRun run, CampaignBatch batch, int status, HTTPSampleResult r,
            int wabaThrottledAbortPercent) {
        JsonNode body;
        try {
            body = MAPPER.readTree(r.getResponseData());
        } catch (IOException e) {
            return "not JSON";
        }
        if (body == null || !body.path("ok").asBoolean(false)) {
            return "no ok:true";
        }
        boolean replay = body.path("replay").asBoolean(false);
        if (status == 200 && !replay) {
            return "200 without replay:true";
        }
        if (!batch.reference().equals(body.path("batchReference").asText())) {
            return "batchReference " + body.path("batchReference").asText() + " is not " + batch.reference();
        }
        JsonNode outcomes = body.path("outcomes");
        if (!outcomes.isArray() || outcomes.size() != batch.size()) {
            return "outcomes for " + outcomes.size() + " targets, batch has " + batch.size();
        }
        MsisdnList list = ctx.summary().campaignDispatch().bulkTargetMsisdns();
        int blocked = 0;
        int waba = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            JsonNode o = outcomes.get(i);
            if (!list.get(batch.from() + i).equals(o.path("msisdn").asText())) {
                return "outcomes[" + i + "] is for " + o.path("msisdn").asText() + ", not target " + (batch.from() + i);
            }
            String s = o.path("status").asText();
            if (!OUTCOME_STATUSES.contains(s)) {
                return "outcomes[" + i + "].status '" + s + "'";
            }
            blocked += s.equals("policy_blocked") ? 1 : 0;
            waba += o.hasNonNull("errorCode") ? 1 : 0;
        }
        int before = run.acknowledged(batch, replay);
        if (before == 0) {
            ctx.counters().counter(CampaignDispatchSampler.COUNTER_DISPATCHED).add(batch.size());
            ctx.counters().counter(CampaignDispatchSampler.COUNTER_POLICY_BLOCKED).add(blocked);
            ctx.counters().counter(CampaignDispatchSampler.COUNTER_WABA_THROTTLED).add(waba);
        } else if (!replay) {
            // A fresh send of a batch the dispatcher had already acknowledged: exactly-once is broken.
            ctx.counters().counter(CampaignDispatchSampler.COUNTER_TWICE).add(batch.size());
        }
        checkWabaThrottling(ctx, run, wabaThrottledAbortPercent);
        return null;
    }

    /** Abort early when WhatsApp rate-limits more than the allowed share of messages. */
    static void checkWabaThrottling(EasymoRun ctx, DispatchRun run, int wabaThrottledAbortPercent) {
        if (wabaThrottledAbortPercent <= 0) {
            return;
        }
        long dispatched = ctx.counters().get(CampaignDispatchSampler.COUNTER_DISPATCHED);
        long throttled = ctx.counters().get(CampaignDispatchSampler.COUNTER_WABA_THROTTLED);
        if (dispatched >= MIN_TARGETS_FOR_WABA_ABORT && throttled * 100 > dispatched * wabaThrottledAbortPercent
                && run.abort()) {
            ctx.outcome().abort("WhatsApp rate-limited " + throttled + " of " + dispatched + " dispatched targets ("
                    + (throttled * 100 / dispatched) + " %), over the " + wabaThrottledAbortPercent + " % limit");
        }
    }
}
