package africa.easymo.perf.journeys.redeem;

import africa.easymo.perf.journeys.setup.EasymoRun;
import africa.easymo.perf.lib.supabase.SupabaseClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redeem journey's check at test end, for this engine's shard: what the database shows for every voucher the run
 * tried against what the station answered. Writes {@code reconciliation.redeem} into the evidence; any mismatch fails
 * the run.
 */
final class RedeemReconciliation {
    static final String EVIDENCE = "reconciliation.redeem";
    // The line keeps the sampler's logger: jmeter.log readers and log filters know it by that name.
    private static final Logger log = LoggerFactory.getLogger(StationRedeemSampler.class);

    private final EasymoRun ctx;
    private final RedeemRun run;

    RedeemReconciliation(EasymoRun ctx, RedeemRun run) {
        this.ctx = ctx;
        this.run = run;
    }

    void run() {
        Map<String, Object> ev;
        try {
            ev = evidence();
        } catch (RuntimeException e) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("passed", false);
            err.put("problems", List.of("could not read the database: " + ctx.redactor().redact(e.getMessage())));
            ctx.evidence().put(EVIDENCE, err);
            ctx.outcome().fail(EVIDENCE + ": could not read the database: "
                    + ctx.redactor().redact(String.valueOf(e.getMessage())));
            return;
        }
        ctx.evidence().put(EVIDENCE, ev);
        log.info("easymo-perf: " + EVIDENCE + " {}", ev);
        if (!Boolean.TRUE.equals(ev.get("passed"))) {
            ctx.outcome().fail(EVIDENCE + ": " + ev.get("problems"));
        }
    }

    /**
     * Reads the database for every voucher this run tried: each successful redeem must be persisted as redeemed by its
     * station with exactly one redeem event; vouchers redeemed in the database (other than those another run took) must
     * equal the successful redeems; double spends accepted must be zero.
     */
    Map<String, Object> evidence() {
        SupabaseClient db = new SupabaseClient(run.supabaseUrl, run.serviceKey, ctx.http().apacheClient());
        List<String> tried = new ArrayList<>(run.attempts.keySet());
        Map<String, JsonNode> rows = new HashMap<>();
        for (int i = 0; i < tried.size(); i += RedeemRun.IN_CHUNK) {
            List<String> chunk = tried.subList(i, Math.min(tried.size(), i + RedeemRun.IN_CHUNK));
            ArrayNode a = db.select("vouchers",
                    "select=id,status,redeemed_by_station_id,redeemed_at&id=in.(" + String.join(",", chunk) + ")");
            a.forEach(r -> rows.put(r.path("id").asText(), r));
        }
        List<String> ok = new ArrayList<>();
        run.attempts.forEach((v, o) -> {
            if (o == RedeemAttempt.SUCCEEDED) {
                ok.add(v);
            }
        });
        Map<String, Integer> events = new HashMap<>();
        for (int i = 0; i < ok.size(); i += RedeemRun.IN_CHUNK) {
            List<String> chunk = ok.subList(i, Math.min(ok.size(), i + RedeemRun.IN_CHUNK));
            ArrayNode a = db.select("voucher_events",
                    "select=voucher_id&event_type=eq.redeemed&voucher_id=in.(" + String.join(",", chunk) + ")");
            a.forEach(r -> events.merge(r.path("voucher_id").asText(), 1, Integer::sum));
        }
        int persisted = 0;
        int redeemedInDb = 0;
        int unknownCommitted = 0;
        List<String> withoutAnswer = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> rejectedButRedeemed = new ArrayList<>();
        for (Map.Entry<String, RedeemAttempt> e : run.attempts.entrySet()) {
            JsonNode row = rows.get(e.getKey());
            boolean isRedeemed = row != null && "redeemed".equals(row.path("status").asText());
            boolean byStation = isRedeemed
                    && run.stationOf.get(e.getKey()).equalsIgnoreCase(row.path("redeemed_by_station_id").asText());
            switch (e.getValue()) {
            case SUCCEEDED -> {
                redeemedInDb += isRedeemed ? 1 : 0;
                if (byStation) {
                    persisted++;
                } else {
                    lost.add(e.getKey());
                }
                if (events.getOrDefault(e.getKey(), 0) > 1) {
                    duplicated.add(e.getKey());
                }
            }
            case REJECTED -> {
                if (isRedeemed && byStation) {
                    rejectedButRedeemed.add(e.getKey());
                }
            }
            case UNKNOWN -> {
                if (isRedeemed) {
                    redeemedInDb++;
                    unknownCommitted++;
                    withoutAnswer.add(e.getKey());
                }
            }
            case TAKEN_ELSEWHERE -> {
                // redeemed by another run or engine: neither ours to count nor a double spend
            }
            }
        }
        long successful = run.succeeded.sum();
        long doubleSpendAccepted = run.doubleSpends.sum() + duplicated.size();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("shard", run.shard.index() + "/" + run.shard.count());
        ev.put("poolSize", run.pool.size());
        ev.put("skippedAlreadyUsed", run.skippedUsed);
        ev.put("handedOut", run.pool.handedOut());
        ev.put("successfulRedeems", successful);
        ev.put("persisted", persisted);
        ev.put("redeemedInDb", redeemedInDb);
        ev.put("redeemedInDbWithoutSuccess", unknownCommitted);
        ev.put("failedRedeems", run.failed.sum());
        ev.put("alreadyRedeemedElsewhere", run.takenElsewhere.sum());
        ev.put("probes", run.probes.sum());
        ev.put("probesRejected", run.probesRejected.sum());
        ev.put("doubleSpendsAccepted", doubleSpendAccepted);
        ev.put("readbackFailed", run.readbackFailed.sum());
        ev.put("poolExhaustedArrivals", run.exhaustedArrivals.sum());
        ev.put("lostRedeems", first(lost));
        ev.put("persistedWithoutAnswer", first(withoutAnswer));
        ev.put("duplicateRedeemEvents", first(duplicated));
        ev.put("rejectedButRedeemed", first(rejectedButRedeemed));
        List<String> problems = new ArrayList<>();
        if (redeemedInDb != successful) {
            // the number alone does not say which way it went; the finding that matters is usually the first part
            StringBuilder why = new StringBuilder(
                    "redeemed in the database " + redeemedInDb + " != successful redeems " + successful + ": ");
            why.append(unknownCommitted).append(" redeems were persisted without an acknowledged answer reaching the "
                    + "client (timed out or connection lost)");
            if (!withoutAnswer.isEmpty()) {
                why.append(", e.g. ").append(first(withoutAnswer));
            }
            why.append("; ").append(successful - persisted).append(" acknowledged but not persisted");
            if (!lost.isEmpty()) {
                why.append(", e.g. ").append(first(lost));
            }
            problems.add(why.toString());
        }
        if (persisted != successful) {
            problems.add((successful - persisted) + " successful redeems not persisted as redeemed by their station "
                    + first(lost));
        }
        if (doubleSpendAccepted != 0) {
            problems.add("double spends accepted " + doubleSpendAccepted + " (probes accepted " + run.doubleSpends.sum()
                    + ", vouchers with several redeem events " + first(duplicated) + ")");
        }
        if (!rejectedButRedeemed.isEmpty()) {
            problems.add("rejected redeems found redeemed by their station " + first(rejectedButRedeemed));
        }
        ev.put("passed", problems.isEmpty());
        ev.put("problems", problems);
        return ev;
    }

    private static List<String> first(List<String> ids) {
        return ids.size() <= 10 ? ids : ids.subList(0, 10);
    }
}
