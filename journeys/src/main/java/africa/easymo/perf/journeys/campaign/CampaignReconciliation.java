package africa.easymo.perf.journeys.campaign;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.core.Secret;
import africa.easymo.perf.lib.config.Setting;
import africa.easymo.perf.lib.summary.CampaignDispatch;
import africa.easymo.perf.lib.summary.MsisdnList;
import africa.easymo.perf.lib.supabase.SupabaseClient;
import africa.easymo.perf.lib.supabase.SupabaseException;
import africa.easymo.perf.run.RunOutcome;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once check at test end, for this engine's slice: from the dispatcher's answers (every batch acknowledged,
 * none acknowledged twice as a fresh send) and, where {@code SUPABASE_URL} serves the sandbox's
 * {@code campaign_dispatches} audit table, from the database (every target of the slice dispatched exactly once by this
 * run's batches). Writes {@code reconciliation.campaign} into the evidence; any mismatch fails the run.
 */
final class CampaignReconciliation {
    private static final Logger log = LoggerFactory.getLogger(CampaignReconciliation.class);
    static final int PAGE = 1000;
    private static final int EXAMPLES = 5;

    private final EasymoRun ctx;
    private final DispatchRun run;

    CampaignReconciliation(EasymoRun ctx, DispatchRun run) {
        this.ctx = ctx;
        this.run = run;
    }

    void run() {
        BatchPlan plan = run.plan();
        CampaignDispatch cd = ctx.summary().campaignDispatch();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("campaignId", cd.campaignId());
        ev.put("shard", Map.of("index", plan.shard().index(), "count", plan.shard().count()));
        ev.put("targets", plan.targets());
        ev.put("positions", List.of(plan.from(), plan.to()));
        ev.put("batchSize", plan.batchSize());
        ev.put("batches", plan.batches());
        ev.put("batchesAcknowledged", run.batchesAcknowledged());
        ev.put("batchesGivenUp", run.batchesAbandoned());
        ev.put("attempts", run.attempts());
        ev.put("retries", run.retries());
        ev.put("replays", run.replays());
        ev.put("targetsDispatched", ctx.counters().get(CampaignDispatchSampler.COUNTER_DISPATCHED));
        if (run.aborted()) {
            // The abort already failed the run with its one line; a list of unsent targets would only bury it.
            ev.put("checked", false);
            ev.put("reason", "the run was aborted");
            ev.put("passed", false);
            ctx.evidence().put(CampaignDispatchSampler.EVIDENCE_SECTION, ev);
            return;
        }
        List<String> problems = new ArrayList<>();
        int unacknowledged = run.targetsUnacknowledged();
        if (unacknowledged > 0) {
            problems.add(unacknowledged + " of " + plan.targets() + " targets were never acknowledged by the "
                    + "dispatcher");
        }
        long twiceByAnswers = ctx.counters().get(CampaignDispatchSampler.COUNTER_TWICE);
        if (twiceByAnswers > 0) {
            problems.add(twiceByAnswers + " targets were acknowledged as fresh sends twice");
        }
        ev.put("database", database(cd, plan, problems));
        ev.put("passed", problems.isEmpty());
        ev.put("problems", problems);
        ctx.evidence().put(CampaignDispatchSampler.EVIDENCE_SECTION, ev);
        if (problems.isEmpty()) {
            log.info("easymo-perf: campaign reconciliation passed: {}", ev);
        } else {
            ctx.outcome().fail("campaign exactly-once check (targets [" + plan.from() + ", " + plan.to() + ")): "
                    + String.join("; ", problems));
        }
    }

    private Map<String, Object> database(CampaignDispatch cd, BatchPlan plan, List<String> problems) {
        Map<String, Object> db = new LinkedHashMap<>();
        Optional<URI> url = ctx.target().endpoint(Setting.SUPABASE_URL);
        Optional<Secret> key = ctx.target().secret(Setting.SUPABASE_SERVICE_ROLE_KEY);
        if (url.isEmpty() || key.isEmpty()) {
            db.put("checked", false);
            db.put("reason", "SUPABASE_URL / SUPABASE_SERVICE_ROLE_KEY not set");
            return db;
        }
        MsisdnList list = cd.bulkTargetMsisdns();
        Map<String, Integer> positions = new HashMap<>(plan.targets() * 2);
        for (int i = plan.from(); i < plan.to(); i++) {
            positions.put(list.get(i), i);
        }
        int[] counts = new int[plan.targets()];
        long[] rows = new long[1];
        SupabaseClient client = new SupabaseClient(url.get(), key.get(), ctx.http().apacheClient());
        String query = "select=msisdn&campaign_id=eq." + SupabaseClient.enc(cd.campaignId()) + "&batch_reference=like."
                + SupabaseClient.enc(plan.referencePrefix() + "-*");
        try {
            client.selectAll("campaign_dispatches", query, "id", PAGE, page -> {
                for (JsonNode row : page) {
                    rows[0]++;
                    Integer p = positions.get(row.path("msisdn").asText());
                    if (p != null) {
                        counts[p - plan.from()]++;
                    }
                }
            });
        } catch (SupabaseException e) {
            if (e.status() == 404) {
                // Staging has no such table: it is the sandbox's own audit of sends.
                db.put("checked", false);
                db.put("reason", "campaign_dispatches is not served by SUPABASE_URL (sandbox-only table)");
                return db;
            }
            problems.add("campaign_dispatches could not be read: " + ctx.redactor().redact(e.getMessage()));
            db.put("checked", false);
            db.put("reason", ctx.redactor().redact(e.getMessage()));
            return db;
        }
        int once = 0;
        List<String> missing = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        int missingCount = 0;
        int twiceCount = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 1) {
                once++;
            } else if (counts[i] == 0) {
                missingCount++;
                if (missing.size() < EXAMPLES) {
                    missing.add(list.get(plan.from() + i));
                }
            } else {
                twiceCount++;
                if (twice.size() < EXAMPLES) {
                    twice.add(list.get(plan.from() + i) + " x" + counts[i]);
                }
            }
        }
        db.put("checked", true);
        db.put("rowsOfThisRun", rows[0]);
        db.put("dispatchedOnce", once);
        db.put("missing", missingCount);
        db.put("dispatchedMoreThanOnce", twiceCount);
        db.put("missingExamples", missing);
        db.put("moreThanOnceExamples", twice);
        if (missingCount > 0) {
            problems.add(missingCount + " targets have no dispatch in the database, e.g. " + missing);
        }
        if (twiceCount > 0) {
            problems.add(twiceCount + " targets were dispatched more than once per the database, e.g. " + twice);
            long counted = ctx.counters().get(CampaignDispatchSampler.COUNTER_TWICE);
            if (twiceCount > counted) {
                ctx.counters().counter(CampaignDispatchSampler.COUNTER_TWICE).add(twiceCount - counted);
            }
        }
        return db;
    }
}
